"""Appeal outcomes of a discipline decision are reference data with their wording and source;
the rules hang on the rows (the decision stands or not, a new form is needed or not) and the
pages show the row's wording."""

import datetime

import pytest
from django.urls import reverse

from apps.common.errors import ApplicationError
from apps.inspections.enums import CaseStatus as C
from apps.inspections.forms import AppealDecisionForm
from apps.inspections.models import AppealOutcome, DisciplineForm
from apps.inspections.services import discipline as dsvc
from tests.inspections.factories import make_case


def test_appeal_outcomes_are_loaded_with_wording_and_source(db):
    rows = {o.code: o for o in AppealOutcome.objects.all()}
    assert set(rows) == {"upheld", "changed", "annulled"}
    assert all(o.name and o.source for o in rows.values())
    assert [c for c, o in rows.items() if not o.stands] == ["annulled"]
    assert [c for c, o in rows.items() if o.changes_form] == ["changed"]
    choices = [str(v) for v, _ in AppealDecisionForm().fields["outcome"].choices]
    assert choices == ["upheld", "changed", "annulled"]


def _appealed(world):
    case = make_case(world, status="decided")
    dsvc.discipline_appeal(actor=None, case=case, text="Khiếu nại", on=datetime.date(2026, 11, 2))
    return case


def test_changed_needs_a_new_form_and_an_unknown_outcome_is_refused(world):
    case = _appealed(world)
    with pytest.raises(ApplicationError, match="không hợp lệ"):
        dsvc.discipline_appeal_decide(
            actor=None, case=case, outcome="bogus", on=datetime.date(2026, 11, 30)
        )
    with pytest.raises(ApplicationError, match="hình thức kỷ luật mới"):
        dsvc.discipline_appeal_decide(
            actor=None, case=case, outcome="changed", on=datetime.date(2026, 11, 30)
        )
    case.refresh_from_db()
    assert case.status == C.APPEALED and case.appeal_outcome is None
    warning = DisciplineForm.objects.get(subject_kind=case.subject_kind, code="canh-cao")
    dsvc.discipline_appeal_decide(
        actor=None, case=case, outcome="changed", on=datetime.date(2026, 11, 30), new_form=warning
    )
    case.refresh_from_db()
    assert case.status == C.EXECUTED and case.form == warning


def test_annulled_dismisses_and_the_page_shows_the_rows_wording(world):
    AppealOutcome.objects.filter(code="annulled").update(name="Xóa bỏ quyết định (sửa đổi)")
    case = _appealed(world)
    dsvc.discipline_appeal_decide(
        actor=None, case=case, outcome="annulled", on=datetime.date(2026, 11, 30)
    )
    case.refresh_from_db()
    assert case.status == C.DISMISSED and case.appeal_outcome_id == "annulled"
    page = world.client("inspector").get(reverse("discipline_detail", args=[case.pk]))
    assert "Xóa bỏ quyết định (sửa đổi)" in page.content.decode()
