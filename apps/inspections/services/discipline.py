"""Discipline cases with due process (Quy định 69-QĐ/TW, 2022, amended by 264-QĐ/TW, 2025;
Quy định 296-QĐ/TW, 2025; Điều lệ Đảng, Điều 39).

- forms by subject: Điều 7 QĐ 69 (reference data `DisciplineForm`);
- the subject is told and may present a self-criticism or explanation before any decision
  (no decision without a recorded notice and either the subject's response or the end of the
  period given to respond);
- the vote: more than half of the members for khiển trách, cảnh cáo, cách chức, giải tán; at
  least two thirds for khai trừ (Điều 15 QĐ 69) — stored on each form as `vote_rule`;
- the decision records the deciding body and whether it had the authority (refused without);
- appeal within one month of the decision (Điều lệ Đảng, Điều 39 khoản 7); the decision is
  executed meanwhile.

`TRANSITIONS` is the one table; only `discipline_transition` assigns `status`. Every step needs
`discipline.manage` strictly above the subject (see `apps.inspections.selectors`).
"""

import calendar
import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from apps.access.enums import Role
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.notifications import notify
from apps.common.types import Actor
from apps.inspections.enums import CaseStatus, SubjectKind, VoteRule
from apps.inspections.models import (
    AppealOutcome,
    DisciplineCase,
    DisciplineForm,
    Finding,
    Inspection,
)
from apps.inspections.selectors import can_oversee
from apps.org.models import Unit
from apps.people.models import Person
from apps.people.selectors import role_holders

C = CaseStatus
MANAGE = "discipline.manage"
Guard = Callable[[DisciplineCase, datetime.date], str | None]


def _notice(c: DisciplineCase, _today: datetime.date) -> str | None:
    if not c.notice_text.strip() or not c.notice_on:
        return "Cần ghi nội dung và ngày thông báo cho đối tượng."
    if not c.response_due or c.response_due < c.notice_on:
        return "Cần cho đối tượng thời hạn kiểm điểm, giải trình (không trước ngày thông báo)."
    return None


def _response(c: DisciplineCase, _today: datetime.date) -> str | None:
    if not c.response_text.strip() or not c.response_on:
        return "Cần ghi bản kiểm điểm, giải trình của đối tượng và ngày nhận."
    return None


def _chance_to_respond(c: DisciplineCase, today: datetime.date) -> str | None:
    """Due process: a recorded notice, and the response or the end of the period to respond
    (before the meeting that considers the case)."""
    if not c.notice_on or not c.notice_text.strip():
        return "Chưa thông báo cho đối tượng: không được xem xét, quyết định kỷ luật."
    when = c.meeting_on or today
    if c.response_on is None and (c.response_due is None or c.response_due >= when):
        return (
            "Đối tượng chưa kiểm điểm, giải trình và chưa hết thời hạn "
            f"({c.response_due:%d/%m/%Y}): chưa được xem xét, quyết định."
            if c.response_due
            else "Đối tượng chưa được cho cơ hội kiểm điểm, giải trình."
        )
    return None


def _vote(c: DisciplineCase, today: datetime.date) -> str | None:
    problem = _chance_to_respond(c, today)
    if problem:
        return problem
    if not c.meeting_on:
        return "Cần ghi ngày họp xem xét."
    if c.members_total <= 0:
        return "Cần ghi số thành viên có quyền biểu quyết."
    if c.votes_for + c.votes_against + c.votes_abstain > c.members_total:
        return "Tổng số phiếu vượt quá số thành viên có quyền biểu quyết."
    if c.proposed_form is None or c.proposed_form.subject_kind != c.subject_kind:
        return "Hình thức được biểu quyết không áp dụng cho đối tượng này."
    return None


def vote_reached(rule: str, votes_for: int, total: int) -> bool:
    if rule == VoteRule.TWO_THIRDS:
        return 3 * votes_for >= 2 * total
    return 2 * votes_for > total


def _decision(c: DisciplineCase, today: datetime.date) -> str | None:
    problem = _chance_to_respond(c, today)
    if problem:
        return problem
    form = c.form
    if form is None:
        return "Cần chọn hình thức kỷ luật."
    if form.subject_kind != c.subject_kind:
        return (
            f"Hình thức “{form.name}” không áp dụng cho "
            f"{SubjectKind(c.subject_kind).label.lower()} (Điều 7 Quy định 69-QĐ/TW)."
        )
    if form.requires_post and not c.subject_has_post:
        return f"Hình thức “{form.name}” chỉ áp dụng với đảng viên có chức vụ."
    if not vote_reached(form.vote_rule, c.votes_for, c.members_total):
        return (
            f"Số phiếu tán thành ({c.votes_for}/{c.members_total}) chưa đạt tỉ lệ "
            f"“{VoteRule(form.vote_rule).label.lower()}” cần cho hình thức {form.name.lower()}."
        )
    if not c.decided_on or not c.effective_on:
        return "Cần nhập ngày quyết định và ngày có hiệu lực."
    if not c.deciding_body.strip():
        return "Cần ghi tổ chức đảng ra quyết định."
    if not c.has_authority:
        return "Tổ chức đảng ra quyết định không có thẩm quyền: không được quyết định kỷ luật."
    return None


def _appeal(c: DisciplineCase, _today: datetime.date) -> str | None:
    if not c.appeal_text.strip() or not c.appeal_on:
        return "Cần ghi nội dung và ngày nhận khiếu nại."
    if c.appeal_due and c.appeal_on > c.appeal_due:
        return f"Khiếu nại quá hạn (hạn khiếu nại {c.appeal_due:%d/%m/%Y})."
    return None


def _appeal_outcome(c: DisciplineCase, _today: datetime.date) -> str | None:
    if c.appeal_outcome is None or not c.appeal_outcome.stands:
        return "Cần ghi kết quả giải quyết khiếu nại (giữ nguyên hoặc thay đổi hình thức)."
    return None if c.executed_on else "Cần ghi ngày thi hành."


def _annulled(c: DisciplineCase, _today: datetime.date) -> str | None:
    if c.appeal_outcome is not None and not c.appeal_outcome.stands:
        return None
    return "Quyết định chưa bị xóa bỏ."


def _executed(c: DisciplineCase, _today: datetime.date) -> str | None:
    return None if c.executed_on else "Cần ghi ngày thi hành."


def _closing(c: DisciplineCase, _today: datetime.date) -> str | None:
    return None if c.closing_note.strip() else "Cần ghi lý do kết thúc, không thi hành kỷ luật."


TRANSITIONS: dict[tuple[str, str], Guard | None] = {
    (C.OPENED, C.NOTIFIED): _notice,
    (C.OPENED, C.DISMISSED): _closing,
    (C.NOTIFIED, C.EXPLAINED): _response,
    (C.NOTIFIED, C.CONSIDERED): _vote,  # no response, but the period to respond is over
    (C.NOTIFIED, C.DISMISSED): _closing,
    (C.EXPLAINED, C.CONSIDERED): _vote,
    (C.EXPLAINED, C.DISMISSED): _closing,
    (C.CONSIDERED, C.DECIDED): _decision,
    (C.CONSIDERED, C.DISMISSED): _closing,
    (C.DECIDED, C.APPEALED): _appeal,
    (C.DECIDED, C.EXECUTED): _executed,
    (C.APPEALED, C.EXECUTED): _appeal_outcome,
    (C.APPEALED, C.DISMISSED): _annulled,
}


def can_transition(actor: Actor, case: DisciplineCase, to: str) -> bool:
    return (case.status, to) in TRANSITIONS and can_oversee(actor, MANAGE, case.subject_unit)


def discipline_transition(
    *, actor: Actor, case: DisciplineCase, to: str, today: datetime.date | None = None
) -> DisciplineCase:
    today = today or timezone.localdate()
    if (case.status, to) not in TRANSITIONS:
        raise ApplicationError(
            f"Không thể chuyển vụ việc từ “{C(case.status).label}” sang “{C(to).label}”."
        )
    if not can_oversee(actor, MANAGE, case.subject_unit):
        raise ApplicationError("Bạn không có thẩm quyền thực hiện bước này.")
    guard = TRANSITIONS[(case.status, to)]
    if guard is not None:
        problem = guard(case, today)
        if problem:
            raise ApplicationError(problem)
    before = case.status
    case.status = to
    case._history_user = actor_user(actor)  # type: ignore[attr-defined]
    case._change_reason = f"{C(before).label} → {C(to).label}"  # type: ignore[attr-defined]
    case.save()
    _notify_subject(case, to)
    return case


def _subject_recipients(case: DisciplineCase) -> list[object]:
    if case.subject_person_id and case.subject_person and case.subject_person.user_id:
        user = case.subject_person.user
        return [_Recipient(case.subject_person.user_id, getattr(user, "email", "") or "")]
    return list(role_holders(unit=case.subject_unit, roles=[Role.LEADER]))


class _Recipient:
    def __init__(self, user_id: int, email: str) -> None:
        self.user_id = user_id
        self.email = email


def _notify_subject(case: DisciplineCase, to: str) -> None:
    messages: dict[str, tuple[str, str]] = {
        C.NOTIFIED: (
            "Thông báo xem xét kỷ luật",
            f"Đề nghị kiểm điểm, giải trình trước {case.response_due:%d/%m/%Y}."
            if case.response_due
            else "",
        ),
        C.DECIDED: (
            "Quyết định kỷ luật",
            f"Hình thức: {case.form}. Có quyền khiếu nại đến hết {case.appeal_due:%d/%m/%Y}."
            if case.appeal_due
            else "",
        ),
        C.DISMISSED: ("Kết thúc xem xét kỷ luật", "Không thi hành kỷ luật."),
    }
    if to in messages:
        title, body = messages[to]
        # The subject reads the notice from the message itself: the case file stays with the
        # inspection committee (it is confidential, the link is not given).
        notify(
            recipients=_subject_recipients(case),  # type: ignore[arg-type]
            event=f"discipline:{case.pk}:{to}",
            title=title,
            body=f"{case.handling_unit.name}: {body}",
        )


def add_month(day: datetime.date) -> datetime.date:
    month = day.month % 12 + 1
    year = day.year + (day.month == 12)
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def discipline_open(
    *,
    actor: Actor,
    handling_unit: Unit,
    subject_kind: str,
    subject_unit: Unit,
    summary: str,
    subject_person: Person | None = None,
    subject_has_post: bool = False,
    inspection: Inspection | None = None,
    finding: Finding | None = None,
) -> DisciplineCase:
    if subject_kind not in SubjectKind.values:
        raise ApplicationError("Loại đối tượng không hợp lệ.")
    if subject_kind == SubjectKind.ORGANISATION:
        if subject_person is not None:
            raise ApplicationError("Đối tượng là tổ chức đảng: không chọn đảng viên.")
    else:
        if subject_person is None:
            raise ApplicationError("Cần chọn đảng viên là đối tượng xem xét kỷ luật.")
        subject_unit = subject_person.unit
    if not can_oversee(actor, MANAGE, subject_unit):
        raise ApplicationError(
            f"Bạn không có thẩm quyền xem xét kỷ luật đối tượng thuộc {subject_unit.name}."
        )
    if not subject_unit.path.startswith(handling_unit.path):
        raise ApplicationError(f"{handling_unit.name} không phải cấp trên của đối tượng.")
    if not summary.strip():
        raise ApplicationError("Cần nêu nội dung vi phạm.")
    if finding is not None and inspection is None:
        inspection = finding.inspection
    case = DisciplineCase(
        inspection=inspection,
        finding=finding,
        handling_unit=handling_unit,
        subject_kind=subject_kind,
        subject_unit=subject_unit,
        subject_person=subject_person,
        subject_has_post=subject_has_post,
        summary=summary.strip(),
        created_by=actor_user(actor),
    )
    case.full_clean()
    case._history_user = actor_user(actor)  # type: ignore[attr-defined]
    case.save()
    return case


@transaction.atomic
def discipline_notify(
    *,
    actor: Actor,
    case: DisciplineCase,
    text: str,
    on: datetime.date,
    response_due: datetime.date,
) -> DisciplineCase:
    case.notice_text = text.strip()
    case.notice_on = on
    case.response_due = response_due
    return discipline_transition(actor=actor, case=case, to=C.NOTIFIED)


@transaction.atomic
def discipline_record_response(
    *, actor: Actor, case: DisciplineCase, text: str, on: datetime.date
) -> DisciplineCase:
    case.response_text = text.strip()
    case.response_on = on
    return discipline_transition(actor=actor, case=case, to=C.EXPLAINED)


@transaction.atomic
def discipline_record_meeting(
    *,
    actor: Actor,
    case: DisciplineCase,
    on: datetime.date,
    members_total: int,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    proposed_form: DisciplineForm | None,
) -> DisciplineCase:
    case.meeting_on = on
    case.members_total = members_total
    case.votes_for = votes_for
    case.votes_against = votes_against
    case.votes_abstain = votes_abstain
    case.proposed_form = proposed_form
    return discipline_transition(actor=actor, case=case, to=C.CONSIDERED)


@transaction.atomic
def discipline_decide(
    *,
    actor: Actor,
    case: DisciplineCase,
    form: DisciplineForm,
    number: str,
    decided_on: datetime.date,
    effective_on: datetime.date,
    deciding_body: str,
    has_authority: bool,
    authority_basis: str = "",
) -> DisciplineCase:
    case.form = form
    case.decision_number = number.strip()
    case.decided_on = decided_on
    case.effective_on = effective_on
    case.deciding_body = deciding_body.strip()
    case.has_authority = has_authority
    case.authority_basis = authority_basis.strip()
    case.appeal_due = add_month(decided_on)
    return discipline_transition(actor=actor, case=case, to=C.DECIDED)


@transaction.atomic
def discipline_appeal(
    *, actor: Actor, case: DisciplineCase, text: str, on: datetime.date
) -> DisciplineCase:
    case.appeal_text = text.strip()
    case.appeal_on = on
    return discipline_transition(actor=actor, case=case, to=C.APPEALED)


@transaction.atomic
def discipline_appeal_decide(
    *,
    actor: Actor,
    case: DisciplineCase,
    outcome: AppealOutcome | str,
    on: datetime.date,
    new_form: DisciplineForm | None = None,
) -> DisciplineCase:
    """`outcome` is a reference row (or its code)."""
    if isinstance(outcome, str):
        found = AppealOutcome.objects.filter(code=outcome).first() if outcome else None
        if found is None:
            raise ApplicationError("Kết quả giải quyết khiếu nại không hợp lệ.")
        outcome = found
    case.appeal_outcome = outcome
    case.appeal_decided_on = on
    if outcome.changes_form:
        if new_form is None or new_form.subject_kind != case.subject_kind:
            raise ApplicationError("Cần chọn hình thức kỷ luật mới áp dụng cho đối tượng này.")
        case.form = new_form
    if not outcome.stands:
        case.closing_note = (
            f"Quyết định kỷ luật bị xóa bỏ khi giải quyết khiếu nại ({on:%d/%m/%Y})."
        )
        return discipline_transition(actor=actor, case=case, to=C.DISMISSED)
    case.executed_on = case.executed_on or on
    return discipline_transition(actor=actor, case=case, to=C.EXECUTED)


@transaction.atomic
def discipline_execute(*, actor: Actor, case: DisciplineCase, on: datetime.date) -> DisciplineCase:
    case.executed_on = on
    return discipline_transition(actor=actor, case=case, to=C.EXECUTED)


@transaction.atomic
def discipline_dismiss(*, actor: Actor, case: DisciplineCase, note: str) -> DisciplineCase:
    case.closing_note = note.strip()
    return discipline_transition(actor=actor, case=case, to=C.DISMISSED)
