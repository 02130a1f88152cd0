"""Feedback outcomes are reference data with their wording and source: the forms, the pages,
the counts and the facts read the rows (a reworded row shows everywhere), and the rules hang on
the rows' attributes (upheld, needs a transfer)."""

import pytest
from django.urls import reverse

from apps.common.errors import ApplicationError
from apps.common.facts import FactQuery, collect
from apps.feedback import services
from apps.feedback.enums import FeedbackStatus
from apps.feedback.forms import ConcludeForm
from apps.feedback.models import FeedbackOutcome
from tests.feedback.factories import concluded, submit


def test_outcomes_are_loaded_with_wording_and_source(db):
    rows = {o.code: o for o in FeedbackOutcome.objects.all()}
    assert set(rows) == {"substantiated", "partly", "not_substantiated", "transferred"}
    assert all(o.name and o.source for o in rows.values())
    assert {c for c, o in rows.items() if o.upheld} == {"substantiated", "partly"}
    assert {c for c, o in rows.items() if o.needs_transfer} == {"transferred"}
    choices = [str(v) for v, _ in ConcludeForm().fields["outcome"].choices]
    assert choices == ["substantiated", "partly", "not_substantiated", "transferred"]


def test_an_unknown_outcome_is_refused_and_nothing_changes(world):
    feedback, _ = submit(world.commune_a)
    services.feedback_accept(actor=world.users["inspector"], feedback=feedback)
    with pytest.raises(ApplicationError, match="Kết quả xử lý"):
        services.feedback_conclude(
            actor=world.users["inspector"], feedback=feedback, outcome="bogus", conclusion="x"
        )
    feedback.refresh_from_db()
    assert feedback.outcome is None and feedback.status == FeedbackStatus.ACCEPTED
    response = world.client("inspector").post(
        reverse("feedback_act", args=[feedback.pk]),
        {"action": "conclude", "outcome": "bogus", "conclusion": "Giữ nguyên văn bản này"},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Kết quả xử lý" in body
    assert "Giữ nguyên văn bản này" in body  # nothing typed is lost


def test_a_transfer_outcome_needs_the_body_it_went_to(world):
    feedback, _ = submit(world.commune_a)
    services.feedback_accept(actor=world.users["inspector"], feedback=feedback)
    with pytest.raises(ApplicationError, match="Chuyển đến"):
        services.feedback_conclude(
            actor=world.users["inspector"],
            feedback=feedback,
            outcome="transferred",
            conclusion="Không thuộc thẩm quyền.",
        )


def test_reworded_outcome_shows_on_pages_counts_and_facts(world):
    FeedbackOutcome.objects.filter(code="substantiated").update(name="Phản ánh đúng (sửa đổi)")
    feedback = concluded(world)
    client = world.client("inspector")
    detail = client.get(reverse("feedback_detail", args=[feedback.pk])).content.decode()
    assert "Phản ánh đúng (sửa đổi)" in detail
    dashboard = client.get(reverse("feedback_dashboard")).content.decode()
    assert "Phản ánh đúng (sửa đổi)" in dashboard
    facts = collect("feedback", FactQuery(subject_kind="unit", ids=[world.commune_a.pk]))
    assert [(f.code, f.label, f.severity) for f in facts] == [
        ("substantiated", "Phản ánh đúng (sửa đổi)", 2)
    ]
    # an outcome no longer counted as upheld stops being evidence
    FeedbackOutcome.objects.filter(code="substantiated").update(upheld=False)
    assert not collect("feedback", FactQuery(subject_kind="unit", ids=[world.commune_a.pk]))
