"""One test per allowed and per refused transition of the two tables, and the guards."""

import datetime
import itertools

import pytest

from apps.common.errors import ApplicationError
from apps.inspections.enums import CaseStatus as C
from apps.inspections.enums import FollowUpStatus, SubjectKind, TeamRole
from apps.inspections.enums import InspectionStatus as S
from apps.inspections.models import DisciplineCase, DisciplineForm, Inspection, SelfReport
from apps.inspections.services import discipline as dsvc
from apps.inspections.services import inspections as svc
from tests.inspections.factories import complete_follow_ups, head_person, make_case, make_inspection

TODAY = datetime.date(2026, 11, 20)


def _at(world, status):
    inspection = make_inspection(world)
    Inspection.objects.filter(pk=inspection.pk).update(status=status)
    inspection.refresh_from_db()
    return inspection


def _prepare(world, inspection, frm, to):
    """Makes the guard of (frm, to) hold."""
    if to == S.DECIDED:
        svc.team_member_add(
            actor=None, inspection=inspection, person=head_person(world), role=TeamRole.HEAD
        )
        inspection.decision_number, inspection.decision_date = "1-QĐ/UBKTTU", TODAY
    elif to == S.SELF_REPORT:
        inspection.self_report_due = TODAY
    elif (frm, to) == (S.SELF_REPORT, S.VERIFYING):
        SelfReport.objects.create(inspection=inspection, text="Báo cáo")
    elif to == S.DRAFT_SENT:
        inspection.draft_text, inspection.response_due = "Dự thảo", TODAY
    elif to == S.RESPONDED:
        inspection.response_text = "Ý kiến"
    elif to == S.CONCLUDED:
        inspection.strengths, inspection.concluded_on = "Ưu điểm", TODAY
        inspection.response_due = TODAY - datetime.timedelta(days=1)


ALLOWED = sorted(svc.TRANSITIONS)
REFUSED = sorted(
    (a, b) for a, b in itertools.permutations(S.values, 2) if (a, b) not in svc.TRANSITIONS
)


@pytest.mark.parametrize(("frm", "to"), ALLOWED)
def test_inspection_allowed_transition(world, frm, to):
    inspection = (
        make_inspection(world, status=S.CONCLUDED) if frm == S.CONCLUDED else _at(world, frm)
    )
    if frm == S.CONCLUDED:
        complete_follow_ups(inspection)
        for rec in inspection.recommendations.all():
            svc.recommendation_verify(actor=None, recommendation=rec)
    else:
        _prepare(world, inspection, frm, to)
    who = "officer_a" if svc.TRANSITIONS[(frm, to)].actions == (svc.RESPOND,) else "inspector"
    svc.inspection_transition(actor=world.users[who], inspection=inspection, to=to, today=TODAY)
    inspection.refresh_from_db()
    assert inspection.status == to


@pytest.mark.parametrize(("frm", "to"), REFUSED)
def test_inspection_refused_transition(world, frm, to):
    inspection = _at(world, frm)
    with pytest.raises(ApplicationError, match="Không thể chuyển"):
        svc.inspection_transition(actor=None, inspection=inspection, to=to, today=TODAY)
    inspection.refresh_from_db()
    assert inspection.status == frm


def test_decision_without_a_team_head_is_refused(world):
    inspection = make_inspection(world)
    with pytest.raises(ApplicationError, match="trưởng đoàn"):
        svc.inspection_decide(actor=None, inspection=inspection, number="1", date=TODAY)
    assert Inspection.objects.get(pk=inspection.pk).status == S.PLANNED


def test_verification_waits_for_the_self_report_or_its_deadline(world):
    inspection = make_inspection(world, status=S.SELF_REPORT)  # due 10/11/2026
    with pytest.raises(ApplicationError, match="chưa gửi báo cáo"):
        svc.inspection_transition(
            actor=None, inspection=inspection, to=S.VERIFYING, today=datetime.date(2026, 11, 5)
        )
    svc.inspection_transition(actor=None, inspection=inspection, to=S.VERIFYING, today=TODAY)
    assert inspection.status == S.VERIFYING


def test_conclusion_before_the_target_could_respond_is_refused(world):
    inspection = make_inspection(world, status=S.DRAFT_SENT)  # response due 25/11/2026
    with pytest.raises(ApplicationError, match="chưa có ý kiến"):
        svc.inspection_conclude(
            actor=None, inspection=inspection, strengths="Tốt", date=datetime.date(2026, 11, 22)
        )
    assert Inspection.objects.get(pk=inspection.pk).status == S.DRAFT_SENT


def test_conclusion_without_content_is_refused(world):
    inspection = make_inspection(world, status=S.RESPONDED)
    with pytest.raises(ApplicationError, match="ưu điểm, hạn chế"):
        svc.inspection_conclude(actor=None, inspection=inspection, date=TODAY)


def test_closing_with_an_unverified_follow_up_is_refused(world):
    inspection = make_inspection(world, status=S.CONCLUDED)
    complete_follow_ups(inspection)  # done by the target, not yet verified
    with pytest.raises(ApplicationError, match="chưa được kiểm tra xác nhận"):
        svc.inspection_transition(actor=None, inspection=inspection, to=S.CLOSED)
    assert Inspection.objects.get(pk=inspection.pk).status == S.CONCLUDED


def test_closing_after_a_formal_waiver_with_reason(world):
    inspection = make_inspection(world, status=S.CONCLUDED)
    rec = inspection.recommendations.get()
    with pytest.raises(ApplicationError, match="lý do"):
        svc.recommendation_waive(actor=None, recommendation=rec, reason=" ")
    svc.recommendation_waive(actor=None, recommendation=rec, reason="Đơn vị đã sáp nhập")
    svc.inspection_transition(actor=None, inspection=inspection, to=S.CLOSED)
    assert inspection.status == S.CLOSED


def test_a_follow_up_cannot_be_verified_before_it_is_done_with_evidence(world):
    inspection = make_inspection(world, status=S.CONCLUDED)
    rec = inspection.recommendations.get()
    with pytest.raises(ApplicationError, match="chưa báo cáo hoàn thành"):
        svc.recommendation_verify(actor=None, recommendation=rec)
    assert rec.status == FollowUpStatus.OPEN


def test_the_target_responds_but_cannot_manage(world):
    inspection = make_inspection(world, status=S.DRAFT_SENT)
    officer = world.users["officer_a"]
    with pytest.raises(ApplicationError, match="thẩm quyền"):
        svc.inspection_transition(actor=officer, inspection=inspection, to=S.CONCLUDED)
    svc.draft_respond(actor=officer, inspection=inspection, text="Thống nhất")
    assert inspection.status == S.RESPONDED


def test_an_inspector_of_the_subject_itself_cannot_manage_its_inspection(world):
    from tests.people.factories import AssignmentFactory, PersonFactory, UserFactory

    user = UserFactory(username="kiemtra_xa")
    AssignmentFactory(
        person=PersonFactory(unit=world.commune_a, user=user),
        unit=world.commune_a,
        role="inspector",
    )
    inspection = make_inspection(world, world.commune_a)
    with pytest.raises(ApplicationError, match="thẩm quyền"):
        svc.inspection_transition(actor=user, inspection=inspection, to=S.CANCELLED)
    # …but it oversees the cells below it.
    below = make_inspection(world, world.cell_a1)
    svc.inspection_transition(actor=user, inspection=below, to=S.CANCELLED)


# --- discipline ------------------------------------------------------------------------------


def _case_at(world, status, **fields):
    case = make_case(world)
    DisciplineCase.objects.filter(pk=case.pk).update(status=status, **fields)
    case.refresh_from_db()
    return case


def _form(kind=SubjectKind.FULL_MEMBER, code="khien-trach"):
    return DisciplineForm.objects.get(subject_kind=kind, code=code)


def _due_process(case):
    case.notice_text, case.notice_on = "Thông báo", datetime.date(2026, 10, 1)
    case.response_due = datetime.date(2026, 10, 10)
    case.response_text, case.response_on = "Kiểm điểm", datetime.date(2026, 10, 8)
    case.meeting_on, case.members_total, case.votes_for = datetime.date(2026, 10, 15), 9, 7
    case.proposed_form = case.form = _form()


def _prepare_case(case, frm, to):
    _due_process(case)
    if to == C.DECIDED:
        case.decided_on = case.effective_on = datetime.date(2026, 10, 20)
        case.deciding_body, case.has_authority = "Ủy ban Kiểm tra Tỉnh ủy", True
        case.appeal_due = datetime.date(2026, 11, 20)
    elif to == C.APPEALED:
        case.appeal_due = datetime.date(2026, 11, 20)
        case.appeal_text, case.appeal_on = "Khiếu nại", datetime.date(2026, 11, 1)
    elif to == C.EXECUTED:
        case.executed_on = datetime.date(2026, 10, 25)
        case.appeal_outcome_id = "upheld"
    elif to == C.DISMISSED:
        case.closing_note = "Không đủ căn cứ"
        case.appeal_outcome_id = "annulled"


CASE_ALLOWED = sorted(dsvc.TRANSITIONS)
CASE_REFUSED = sorted(
    (a, b) for a, b in itertools.permutations(C.values, 2) if (a, b) not in dsvc.TRANSITIONS
)


@pytest.mark.parametrize(("frm", "to"), CASE_ALLOWED)
def test_discipline_allowed_transition(world, frm, to):
    case = _case_at(world, frm)
    _prepare_case(case, frm, to)
    dsvc.discipline_transition(actor=world.users["inspector"], case=case, to=to, today=TODAY)
    case.refresh_from_db()
    assert case.status == to


@pytest.mark.parametrize(("frm", "to"), CASE_REFUSED)
def test_discipline_refused_transition(world, frm, to):
    case = _case_at(world, frm)
    with pytest.raises(ApplicationError, match="Không thể chuyển"):
        dsvc.discipline_transition(actor=None, case=case, to=to, today=TODAY)
    assert DisciplineCase.objects.get(pk=case.pk).status == frm


def _decide(case, **overrides):
    params = dict(
        actor=None,
        case=case,
        form=_form(),
        number="1",
        decided_on=datetime.date(2026, 10, 20),
        effective_on=datetime.date(2026, 10, 20),
        deciding_body="Ủy ban Kiểm tra Tỉnh ủy",
        has_authority=True,
    )
    params.update(overrides)
    return dsvc.discipline_decide(**params)


def test_decision_without_a_recorded_notice_is_refused(world):
    case = _case_at(world, C.CONSIDERED, members_total=9, votes_for=9)
    with pytest.raises(ApplicationError, match="Chưa thông báo cho đối tượng"):
        _decide(case)
    assert DisciplineCase.objects.get(pk=case.pk).status == C.CONSIDERED


def test_decision_without_a_chance_to_respond_is_refused(world):
    case = make_case(world, status="notified")  # response due 10/10/2026
    with pytest.raises(ApplicationError, match="chưa hết thời hạn"):
        dsvc.discipline_record_meeting(
            actor=None,
            case=case,
            on=datetime.date(2026, 10, 5),
            members_total=9,
            votes_for=9,
            votes_against=0,
            votes_abstain=0,
            proposed_form=_form(),
        )
    # After the period given to respond, the body may meet without a response.
    case.refresh_from_db()
    dsvc.discipline_record_meeting(
        actor=None,
        case=case,
        on=datetime.date(2026, 10, 12),
        members_total=9,
        votes_for=9,
        votes_against=0,
        votes_abstain=0,
        proposed_form=_form(),
    )
    assert case.status == C.CONSIDERED


def test_a_form_not_allowed_for_the_subject_is_refused(world):
    case = make_case(world, status="considered", kind=SubjectKind.PROBATIONARY)
    with pytest.raises(ApplicationError, match="không áp dụng"):
        _decide(case, form=_form(SubjectKind.FULL_MEMBER, "khai-tru"))


def test_expulsion_needs_two_thirds(world):
    case = make_case(world, status="considered", form_code="khai-tru")
    case.votes_for = 5  # 5/9 < 2/3
    with pytest.raises(ApplicationError, match="chưa đạt tỉ lệ"):
        _decide(case, form=_form(code="khai-tru"))
    case.refresh_from_db()
    assert case.votes_for == 7  # 7/9 ≥ 2/3
    _decide(case, form=_form(code="khai-tru"))
    assert case.status == C.DECIDED


def test_decision_by_a_body_without_authority_is_refused(world):
    case = make_case(world, status="considered")
    with pytest.raises(ApplicationError, match="không có thẩm quyền"):
        _decide(case, has_authority=False)


def test_removal_from_post_only_for_a_member_holding_one(world):
    case = make_case(world, status="considered")
    with pytest.raises(ApplicationError, match="có chức vụ"):
        _decide(case, form=_form(code="cach-chuc"))


def test_appeal_after_one_month_is_refused_and_within_it_accepted(world):
    case = make_case(world, status="decided")  # decided 20/10/2026 → appeal until 20/11/2026
    assert case.appeal_due == datetime.date(2026, 11, 20)
    with pytest.raises(ApplicationError, match="quá hạn"):
        dsvc.discipline_appeal(
            actor=None, case=case, text="Khiếu nại", on=datetime.date(2026, 11, 21)
        )
    case.refresh_from_db()
    dsvc.discipline_appeal(actor=None, case=case, text="Khiếu nại", on=datetime.date(2026, 11, 2))
    dsvc.discipline_appeal_decide(
        actor=None, case=case, outcome="upheld", on=datetime.date(2026, 11, 30)
    )
    assert case.status == C.EXECUTED


def test_forms_are_the_legal_ones_per_subject(db):
    names = {
        kind: list(DisciplineForm.objects.filter(subject_kind=kind).values_list("name", flat=True))
        for kind in SubjectKind.values
    }
    assert names == {
        "organisation": ["Khiển trách", "Cảnh cáo", "Giải tán"],
        "full_member": ["Khiển trách", "Cảnh cáo", "Cách chức", "Khai trừ"],
        "probationary": ["Khiển trách", "Cảnh cáo"],
    }
    assert all("69-QĐ/TW" in f.source for f in DisciplineForm.objects.all())
