"""Commendation proposals (đề nghị khen thưởng) and praise (biểu dương).

Proposal workflow (one table; `proposal_transition` alone assigns the status):

    draft, returned ──(the proposing unit submits)──▶ submitted
    submitted ──(the council returns it with a comment)──▶ returned
    submitted ──(the council votes; more than half of its members in favour)──▶ voted
    submitted ──(the vote fails)──▶ rejected
    voted ──(the deciding level decides: decision number and date)──▶ approved | rejected

"proposing" = the proposing unit; "decider" = the nearest unit at or above it whose kind may
decide the title or form (reference data: Luật Thi đua, khen thưởng 06/2022/QH15, Điều 79–80).
Eligibility (a discipline decision in the period; a rating below what the title requires) is
checked on creation, on submission and again on decision, through `apps.common.facts`.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.common import facts
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.notifications import notify
from apps.common.text import strip_diacritics
from apps.directives.models import Directive
from apps.emulation.enums import ProposalStatus, SubjectKind
from apps.emulation.models import (
    CommendationKind,
    Movement,
    Praise,
    Proposal,
    ProposalEvidence,
    Registration,
)
from apps.emulation.services.common import check, deciders_of, dmy, emulation_of, officers_of
from apps.org.models import Unit
from apps.org.paths import ancestor_paths
from apps.people.models import Person

TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED): ("commendation.propose", "proposing"),
    (ProposalStatus.RETURNED, ProposalStatus.SUBMITTED): ("commendation.propose", "proposing"),
    (ProposalStatus.SUBMITTED, ProposalStatus.RETURNED): ("emulation.score", "decider"),
    (ProposalStatus.SUBMITTED, ProposalStatus.VOTED): ("emulation.score", "decider"),
    (ProposalStatus.SUBMITTED, ProposalStatus.REJECTED): ("emulation.score", "decider"),
    (ProposalStatus.VOTED, ProposalStatus.APPROVED): ("commendation.decide", "decider"),
    (ProposalStatus.VOTED, ProposalStatus.REJECTED): ("commendation.decide", "decider"),
}

RATING_LEVELS = {
    4: "Hoàn thành xuất sắc nhiệm vụ",
    3: "Hoàn thành tốt nhiệm vụ",
    2: "Hoàn thành nhiệm vụ",
    1: "Không hoàn thành nhiệm vụ",
}


def rating_rank(fact: facts.Fact) -> int:
    """The level of a rating fact, 4 (xuất sắc) … 1 (không hoàn thành); 0 if unknown."""
    rank = fact.extra.get("rank")
    if isinstance(rank, int):
        return rank
    for text in (fact.label, fact.code):
        plain = strip_diacritics(text or "").lower().replace("-", " ").replace("_", " ")
        if "khong hoan thanh" in plain:
            return 1
        if "xuat sac" in plain:
            return 4
        if "tot" in plain.split():
            return 3
        if "hoan thanh" in plain:
            return 2
    return 0


def _subject(proposal_or_kind: str, unit: Unit | None, person: Person | None) -> tuple[int, str]:
    if proposal_or_kind == SubjectKind.PERSON and person is not None:
        return person.pk, person.full_name
    if unit is None:
        raise ApplicationError("Cần chọn tập thể hoặc cá nhân được đề nghị.")
    return unit.pk, unit.name


def eligibility_problems(
    *,
    kind: CommendationKind,
    subject_kind: str,
    unit: Unit | None,
    person: Person | None,
    start: datetime.date,
    end: datetime.date,
) -> list[str]:
    """Why the candidate may not be proposed for `kind` (empty: eligible)."""
    subject_id, name = _subject(subject_kind, unit, person)
    query = facts.FactQuery(subject_kind=subject_kind, ids=[subject_id], start=start, end=end)
    problems: list[str] = []
    period = f"{dmy(start)} – {dmy(end)}"
    for fact in sorted(facts.collect("discipline", query), key=lambda f: f.date):
        problems.append(
            f"{name} bị kỷ luật “{fact.label}” ngày {dmy(fact.date)}, trong thời gian tính thành "
            f"tích ({period}): không đủ điều kiện đề nghị “{kind.name}”."
        )
    if kind.min_rating_rank:
        ratings = sorted(facts.collect("rating", query), key=lambda f: f.date)
        if ratings:
            latest = ratings[-1]
            level = rating_rank(latest)
            if level and level < kind.min_rating_rank:
                problems.append(
                    f"{name} được xếp loại “{latest.label}” ({dmy(latest.date)}), thấp hơn mức "
                    f"“{kind.min_rating or RATING_LEVELS[kind.min_rating_rank]}” mà “{kind.name}” "
                    "yêu cầu: không đủ điều kiện đề nghị."
                )
    return problems


def _require_eligible(proposal: Proposal) -> None:
    problems = eligibility_problems(
        kind=proposal.kind,
        subject_kind=proposal.subject_kind,
        unit=proposal.subject_unit,
        person=proposal.subject_person,
        start=proposal.period_start,
        end=proposal.period_end,
    )
    if problems:
        raise ApplicationError(" ".join(problems), {"problems": problems})


def decider_for(kind: CommendationKind, unit: Unit) -> Unit:
    """The nearest unit at or above `unit` whose kind may decide `kind`."""
    codes = kind.decider_kind_codes()
    decider = (
        Unit.objects.filter(
            path__in=ancestor_paths(unit.path, include_self=True),
            kind__code__in=codes,
            valid_to__isnull=True,
        )
        .order_by("-depth")
        .first()
    )
    if decider is None:
        raise ApplicationError(
            f"“{kind.name}” do {kind.decider} quyết định: không có cấp có thẩm quyền này từ "
            f"{unit.name} trở lên trong hệ thống."
        )
    return decider


@transaction.atomic
def proposal_create(
    *,
    actor: Any,
    proposing_unit: Unit,
    kind: CommendationKind,
    subject_kind: str,
    achievements: str,
    period_start: datetime.date,
    period_end: datetime.date,
    subject_unit: Unit | None = None,
    subject_person: Person | None = None,
    movement: Movement | None = None,
    registration: Registration | None = None,
    evidence: Sequence[tuple[str, str]] = (),
) -> Proposal:
    if not check(actor, "commendation.propose", proposing_unit):
        raise ApplicationError("Bạn không có quyền đề nghị khen thưởng cho đơn vị này.")
    if subject_kind not in SubjectKind.values:
        raise ApplicationError("Cần chọn đối tượng đề nghị: tập thể hoặc cá nhân.")
    if not kind.allows(subject_kind):
        raise ApplicationError(
            f"“{kind.name}” dành cho {kind.get_subject_display().lower()}, không dành cho "
            f"{SubjectKind(subject_kind).label.lower()}."
        )
    if subject_kind == SubjectKind.PERSON:
        if subject_person is None:
            raise ApplicationError("Cần chọn cá nhân được đề nghị.")
        subject_unit = None
        if not subject_person.unit.path.startswith(proposing_unit.path):
            raise ApplicationError(f"{subject_person.full_name} không thuộc {proposing_unit.name}.")
    else:
        if subject_unit is None:
            raise ApplicationError("Cần chọn tập thể được đề nghị.")
        subject_person = None
        if not subject_unit.path.startswith(proposing_unit.path):
            raise ApplicationError(f"{subject_unit.name} không thuộc {proposing_unit.name}.")
    achievements = achievements.strip()
    if not achievements:
        raise ApplicationError("Cần tóm tắt thành tích của đối tượng được đề nghị.")
    if period_end < period_start:
        raise ApplicationError("Thời gian tính thành tích: ngày kết thúc phải sau ngày bắt đầu.")
    problems = eligibility_problems(
        kind=kind,
        subject_kind=subject_kind,
        unit=subject_unit,
        person=subject_person,
        start=period_start,
        end=period_end,
    )
    if problems:
        raise ApplicationError(" ".join(problems), {"problems": problems})
    proposal = Proposal(
        movement=movement or (registration.movement if registration else None),
        registration=registration,
        proposing_unit=proposing_unit,
        decider_unit=decider_for(kind, proposing_unit),
        subject_kind=subject_kind,
        subject_unit=subject_unit,
        subject_person=subject_person,
        kind=kind,
        achievements=achievements,
        period_start=period_start,
        period_end=period_end,
        created_by=actor_user(actor),
    )
    proposal.full_clean()
    proposal._history_user = actor_user(actor)  # type: ignore[attr-defined]
    proposal._change_reason = "Lập đề nghị khen thưởng"  # type: ignore[attr-defined]
    proposal.save()
    rows = [(n.strip(), link.strip()) for n, link in evidence if n.strip() or link.strip()]
    ProposalEvidence.objects.bulk_create(
        [ProposalEvidence(proposal=proposal, name=n or link[:200], link=link) for n, link in rows]
    )
    return proposal


def can_transition(actor: Any, proposal: Proposal, to: str) -> bool:
    rule = TRANSITIONS.get((proposal.status, to))
    if rule is None:
        return False
    action, where = rule
    unit = proposal.proposing_unit if where == "proposing" else proposal.decider_unit
    return check(actor, action, unit)


@transaction.atomic
def proposal_transition(
    *,
    actor: Any,
    proposal: Proposal,
    to: str,
    comment: str = "",
    council_members: int | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
    voted_on: datetime.date | None = None,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
) -> Proposal:
    """The only way `Proposal.status` changes."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("kind", "proposing_unit", "decider_unit", "subject_unit", "subject_person")
        .get(pk=proposal.pk)
    )
    rule = TRANSITIONS.get((proposal.status, to))
    if rule is None:
        current = ProposalStatus(proposal.status).label
        target = ProposalStatus(to).label if to in ProposalStatus.values else to
        raise ApplicationError(f"Không thể chuyển đề nghị từ “{current}” sang “{target}”.")
    if not can_transition(actor, proposal, to):
        if rule[1] == "decider":
            raise ApplicationError(
                f"Chỉ hội đồng, lãnh đạo của {proposal.decider_unit.name} (cấp quyết định "
                f"“{proposal.kind.name}”) mới được thực hiện việc này."
            )
        raise ApplicationError("Bạn không có quyền trình đề nghị của đơn vị này.")
    comment = comment.strip()
    fields = ["status"]
    previous = proposal.status
    if to == ProposalStatus.SUBMITTED:
        _require_eligible(proposal)
        proposal.submitted_at = timezone.now()
        fields.append("submitted_at")
        recipients = emulation_of(proposal.decider_unit)
        title = (
            f"Đề nghị khen thưởng chờ hội đồng xét: {proposal.kind.name} – {proposal.subject_name}"
        )
    elif to == ProposalStatus.RETURNED:
        if not comment:
            raise ApplicationError("Khi trả lại cần ghi rõ ý kiến để đơn vị hoàn thiện hồ sơ.")
        proposal.return_comment = comment
        fields.append("return_comment")
        recipients = officers_of(proposal.proposing_unit)
        title = f"Đề nghị khen thưởng bị trả lại: {proposal.subject_name}"
    elif previous == ProposalStatus.SUBMITTED and to in (
        ProposalStatus.VOTED,
        ProposalStatus.REJECTED,
    ):
        if not council_members or votes_for is None or voted_on is None:
            raise ApplicationError(
                "Cần ghi số thành viên hội đồng, số phiếu tán thành và ngày họp hội đồng."
            )
        votes = [votes_for, votes_against or 0, votes_abstain or 0]
        if sum(votes) > council_members:
            raise ApplicationError("Tổng số phiếu vượt quá số thành viên hội đồng.")
        proposal.council_members = council_members
        proposal.votes_for, proposal.votes_against, proposal.votes_abstain = votes
        proposal.voted_on = voted_on
        proposal.council_note = comment
        fields += [
            "council_members",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "voted_on",
            "council_note",
        ]
        passed = votes_for * 2 > council_members
        if passed != (to == ProposalStatus.VOTED):
            to = ProposalStatus.VOTED if passed else ProposalStatus.REJECTED
        if to == ProposalStatus.REJECTED:
            proposal.rejection_reason = (
                f"Hội đồng biểu quyết {votes_for}/{council_members} tán thành, chưa quá một nửa "
                "tổng số thành viên."
            )
            fields.append("rejection_reason")
            recipients = officers_of(proposal.proposing_unit)
            title = f"Hội đồng không tán thành đề nghị khen thưởng: {proposal.subject_name}"
        else:
            recipients = deciders_of(proposal.decider_unit)
            title = f"Đề nghị khen thưởng chờ quyết định: {proposal.kind.name} – {proposal.subject_name}"
    elif to == ProposalStatus.APPROVED:
        _require_eligible(proposal)
        decision_number = decision_number.strip()
        if not decision_number or decision_date is None:
            raise ApplicationError("Cần ghi số và ngày của quyết định khen thưởng.")
        proposal.decision_number = decision_number
        proposal.decision_date = decision_date
        proposal.decided_by = actor_user(actor)
        fields += ["decision_number", "decision_date", "decided_by"]
        recipients = officers_of(proposal.proposing_unit)
        title = f"Đã quyết định khen thưởng: {proposal.kind.name} – {proposal.subject_name}"
    else:  # rejected by the deciding level
        if not comment:
            raise ApplicationError("Cần ghi lý do không khen thưởng.")
        proposal.rejection_reason = comment
        proposal.decided_by = actor_user(actor)
        fields += ["rejection_reason", "decided_by"]
        recipients = officers_of(proposal.proposing_unit)
        title = f"Không khen thưởng: {proposal.kind.name} – {proposal.subject_name}"
    proposal.status = to
    proposal._history_user = actor_user(actor)  # type: ignore[attr-defined]
    reason = f"{ProposalStatus(previous).label} → {ProposalStatus(to).label}"
    proposal._change_reason = (reason + (f": {comment}" if comment else ""))[:500]  # type: ignore[attr-defined]
    proposal.save(update_fields=fields)
    notify(
        recipients=recipients,
        event=f"proposal:{proposal.pk}:{to}:{proposal.history.count()}",
        title=title,
        body=f"{proposal.proposing_unit.name} đề nghị; cấp quyết định: {proposal.decider_unit.name}.",
        url=proposal.get_absolute_url(),
    )
    return proposal


@transaction.atomic
def praise_create(
    *,
    actor: Any,
    unit: Unit,
    text: str,
    date: datetime.date | None = None,
    person: Person | None = None,
    movement: Movement | None = None,
    directive: Directive | None = None,
) -> Praise:
    """Biểu dương: quick recognition, shown on the unit's page and in the directive's effect
    view (the "praise" fact kind)."""
    if not check(actor, "commendation.decide", unit):
        raise ApplicationError("Bạn không có quyền biểu dương đơn vị này.")
    text = " ".join(text.split())
    if not text:
        raise ApplicationError("Cần ghi nội dung biểu dương.")
    if person is not None and not person.unit.path.startswith(unit.path):
        raise ApplicationError(f"{person.full_name} không thuộc {unit.name}.")
    if movement is not None and directive is None:
        directive = movement.directive
    praise = Praise(
        unit=unit,
        person=person,
        movement=movement,
        directive=directive,
        text=text,
        date=date or timezone.localdate(),
        created_by=actor_user(actor),
    )
    praise.full_clean()
    praise._history_user = actor_user(actor)  # type: ignore[attr-defined]
    praise.save()
    notify(
        recipients=officers_of(unit),
        event=f"praise:{praise.pk}",
        title=f"Biểu dương {person.full_name if person else unit.name}",
        body=text,
        url=unit.get_absolute_url(),
    )
    return praise
