"""Writes: opening a period, the self-assessment, the review chain and the decision.

Workflow (one table, `TRANSITIONS`; only `evaluation_transition` assigns `status`):

    person: draft/returned → submitted (the person) → commented (cell: góp ý của tập thể) →
            proposed (the head: points, assessment, proposed level) → decided (the competent
            body, quota checked). Where the rule set asks for the residence party cell's
            opinion (`needs_residence`: the rule set's flag and person categories, as data),
            the cell's comment leads to `residence` instead, and a separate step records the
            residence cell's opinion: submitted → residence → commented.
    unit:   draft/returned → submitted (the unit's officer) → proposed (the superior's
            officer or leader) → decided (the superior's leader)
    and back to returned, with a comment, from submitted, commented or proposed.

The competent body (`Evaluation.body`) is the unit directly above the subject's unit (the party
committee over a cell), or the period's unit for people of that unit itself; the quota is
counted over one body's evaluations in one period.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from apps.access import scoping
from apps.access.enums import Role
from apps.access.models import Assignment
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.facts import Fact, FactQuery, collect
from apps.common.notifications import notify
from apps.evaluations.enums import EvaluationStatus, PeriodStatus, StepKind, SubjectKind
from apps.evaluations.models import (
    DecisionAttempt,
    Evaluation,
    EvaluationPeriod,
    EvaluationPeriodKind,
    EvaluationScore,
    EvaluationStep,
    RuleSet,
)
from apps.evaluations.rules import CapResult, Level, Rules, rules_for
from apps.org.models import Unit
from apps.org.paths import parent_path
from apps.people.models import Person, PersonCategory
from apps.people.selectors import Holder, role_holders, role_holders_nearest

S = EvaluationStatus
PERSON, UNIT = SubjectKind.PERSON.value, SubjectKind.UNIT.value
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Edge:
    action: str  # "self" = the person themself (or, for a unit, its officer: evaluation.manage)
    where: str  # "unit": checked on the subject's unit; "body": on the competent body
    label: str


# (subject kind, from, to) → who may take the step. Anything else is refused.
TRANSITIONS: dict[tuple[str, str, str], Edge] = {
    (PERSON, S.DRAFT, S.SUBMITTED): Edge("self", "unit", "Nộp bản tự đánh giá"),
    (PERSON, S.RETURNED, S.SUBMITTED): Edge("self", "unit", "Nộp lại bản tự đánh giá"),
    (PERSON, S.SUBMITTED, S.COMMENTED): Edge("evaluation.review", "unit", "Ghi góp ý của tập thể"),
    (PERSON, S.SUBMITTED, S.RESIDENCE): Edge("evaluation.review", "unit", "Ghi góp ý của tập thể"),
    (PERSON, S.RESIDENCE, S.COMMENTED): Edge(
        "evaluation.review", "unit", "Ghi ý kiến của chi ủy nơi cư trú"
    ),
    (PERSON, S.RESIDENCE, S.RETURNED): Edge("evaluation.review", "unit", "Trả lại"),
    (PERSON, S.COMMENTED, S.PROPOSED): Edge(
        "evaluation.review", "unit", "Nhận xét, đề xuất mức xếp loại"
    ),
    (PERSON, S.PROPOSED, S.DECIDED): Edge("evaluation.decide", "body", "Quyết định xếp loại"),
    (PERSON, S.SUBMITTED, S.RETURNED): Edge("evaluation.review", "unit", "Trả lại"),
    (PERSON, S.COMMENTED, S.RETURNED): Edge("evaluation.review", "unit", "Trả lại"),
    (PERSON, S.PROPOSED, S.RETURNED): Edge("evaluation.decide", "body", "Trả lại"),
    (UNIT, S.DRAFT, S.SUBMITTED): Edge("self", "unit", "Nộp bản tự đánh giá của tập thể"),
    (UNIT, S.RETURNED, S.SUBMITTED): Edge("self", "unit", "Nộp lại bản tự đánh giá"),
    (UNIT, S.SUBMITTED, S.PROPOSED): Edge(
        "evaluation.review", "body", "Thẩm định, đề xuất mức xếp loại"
    ),
    (UNIT, S.PROPOSED, S.DECIDED): Edge("evaluation.decide", "body", "Quyết định xếp loại"),
    (UNIT, S.SUBMITTED, S.RETURNED): Edge("evaluation.review", "body", "Trả lại"),
    (UNIT, S.PROPOSED, S.RETURNED): Edge("evaluation.decide", "body", "Trả lại"),
}
EDITABLE = (S.DRAFT, S.RETURNED)


@dataclass
class Recipient:
    user_id: int
    email: str


def _to(holders: list[Holder]) -> list[Recipient]:
    return [Recipient(h.user_id, h.email) for h in holders]


# --- helpers ---------------------------------------------------------------------------


def body_for(unit: Unit, period_unit: Unit) -> Unit:
    """The competent body for a subject whose unit is `unit` (see the module docstring)."""
    if unit.path == period_unit.path or len(unit.path) <= len(period_unit.path):
        return period_unit
    parent = parent_path(unit.path)
    return Unit.objects.get(path=parent) if parent else period_unit


def points_of(value: Any, *, field: str, maximum: Decimal) -> Decimal:
    """Parses a score written '85', '85.5' or '85,5' (one decimal, 0…maximum)."""
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        raise ApplicationError(f"{field}: chưa nhập điểm.")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ApplicationError(f"{field}: “{value}” không phải là số điểm.") from None
    if not number.is_finite() or number != number.quantize(TENTH, rounding=ROUND_HALF_UP):
        raise ApplicationError(f"{field}: điểm chỉ lấy tối đa một chữ số thập phân.")
    if number < 0 or number > maximum:
        raise ApplicationError(f"{field}: điểm phải từ 0 đến {_vn(maximum)}.")
    return number.quantize(TENTH)


def _vn(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def subject_facts(evaluation: Evaluation, kind: str) -> list[Fact]:
    period = evaluation.period
    subject_id = evaluation.person_id if evaluation.subject_kind == PERSON else evaluation.unit_id
    return collect(
        kind,
        FactQuery(
            subject_kind=evaluation.subject_kind,
            ids=[int(subject_id or 0)],
            start=period.start,
            end=period.end,
        ),
    )


def caps_of(evaluation: Evaluation, rules: Rules) -> list[CapResult]:
    return rules.caps_for(evaluation.subject_kind, subject_facts(evaluation, "discipline"))


def _is_own(actor: Any, evaluation: Evaluation) -> bool:
    person = evaluation.person
    return bool(person is not None and scoping.is_self(actor, person))


def needs_residence(evaluation: Evaluation) -> bool:
    """Whether the rule set asks for the residence party cell's opinion on this person: the
    rule set's flag, limited to the person categories it names (e.g. party members who are
    civil servants, public employees or workers, under Quy định 213-QĐ/TW)."""
    rule_set = evaluation.period.rule_set
    if evaluation.subject_kind != PERSON or not rule_set.requires_residence_opinion:
        return False
    codes = [c.strip() for c in rule_set.residence_categories.split(",") if c.strip()]
    if not codes:
        return True
    person = evaluation.person
    if person is None:
        return False
    mask = 0
    for category in PersonCategory.objects.filter(code__in=codes):
        mask |= category.mask
    return bool(person.category_mask & mask)


def can_transition(actor: Any, evaluation: Evaluation, to: str) -> bool:
    edge = TRANSITIONS.get((evaluation.subject_kind, evaluation.status, to))
    if edge is None:
        return False
    if actor is None:
        return True
    if edge.action == "self":
        if evaluation.subject_kind == PERSON:
            return _is_own(actor, evaluation)
        return scoping.can(actor, "evaluation.manage", evaluation.unit)
    if _is_own(actor, evaluation):
        return False  # nobody reviews or decides their own self-assessment
    target = evaluation.unit if edge.where == "unit" else evaluation.body
    return scoping.can(actor, edge.action, target)


def can_edit_self(actor: Any, evaluation: Evaluation) -> bool:
    if evaluation.status not in EDITABLE or evaluation.period.status != PeriodStatus.OPEN:
        return False
    return can_transition(actor, evaluation, S.SUBMITTED)


def _name(actor: Any) -> str:
    if actor is None:
        return "Hệ thống"
    person = Person.objects.filter(user_id=actor.pk).only("full_name").first()
    return person.full_name if person else (actor.get_full_name() or actor.username)


def _step(
    evaluation: Evaluation,
    actor: Any,
    kind: str,
    *,
    text: str = "",
    points: Decimal | None = None,
    level_id: int | None = None,
    at: datetime.datetime | None = None,
) -> EvaluationStep:
    name = _name(actor)
    if actor is None and kind == StepKind.SUBMIT:
        name = evaluation.subject_name  # a submission recorded by the system (imports, demo)
    return EvaluationStep.objects.create(
        evaluation=evaluation,
        kind=kind,
        actor=actor_user(actor),
        actor_name=name,
        at=at or timezone.now(),
        text=text,
        points=points,
        level_id=level_id,
    )


def _subject_recipients(evaluation: Evaluation) -> list[Any]:
    if evaluation.subject_kind == PERSON:
        person = evaluation.person
        if person is not None and person.user_id:
            return [Recipient(int(person.user_id), person.email or "")]
        return []
    return _to(role_holders(unit=evaluation.unit, roles=[Role.OFFICER, Role.LEADER]))


def _nearest(unit: Unit, roles: list[str]) -> list[Holder]:
    return role_holders_nearest(unit=unit, roles=roles, above=False)


# --- periods ---------------------------------------------------------------------------


@transaction.atomic
def period_open(
    *,
    actor: Any,
    unit: Unit,
    kind: EvaluationPeriodKind,
    rule_set: RuleSet,
    title: str,
    start: datetime.date,
    end: datetime.date,
    self_due: datetime.date,
    include_units: bool = True,
) -> EvaluationPeriod:
    """Opens a period for `unit`'s subtree: one evaluation per person in it and, with
    `include_units`, one per party organisation below `unit`."""
    if actor is not None:
        scoping.require(actor, "evaluation.manage", unit)
    title = " ".join(title.split())
    if not title:
        raise ApplicationError("Cần nhập tên kỳ đánh giá.")
    if end < start:
        raise ApplicationError("Ngày kết thúc kỳ đánh giá phải sau ngày bắt đầu.")
    if self_due < start:
        raise ApplicationError("Hạn nộp bản tự đánh giá phải sau ngày bắt đầu kỳ đánh giá.")
    if EvaluationPeriod.objects.filter(unit=unit, kind=kind, start=start, end=end).exists():
        raise ApplicationError(f"{unit.name} đã mở kỳ đánh giá này ({title}).")
    period = EvaluationPeriod(
        unit=unit,
        kind=kind,
        rule_set=rule_set,
        title=title,
        start=start,
        end=end,
        self_due=self_due,
        opened_by=actor_user(actor),
    )
    period.full_clean()
    period._history_user = actor_user(actor)  # type: ignore[attr-defined]
    period.save()
    units = list(
        Unit.objects.filter(path__startswith=unit.path, valid_to__isnull=True).only(
            "pk", "path", "depth"
        )
    )
    by_path = {u.path: u for u in units}

    def body_id(u: Unit) -> int:
        if u.path == unit.path:
            return int(unit.pk)
        parent = parent_path(u.path)
        return int(by_path[parent].pk) if parent in by_path else int(unit.pk)

    body_of = {u.pk: body_id(u) for u in units}
    rows = [
        Evaluation(
            period=period,
            subject_kind=PERSON,
            person_id=pid,
            unit_id=uid,
            body_id=body_of[uid] if uid != unit.pk else unit.pk,
        )
        for pid, uid in Person.objects.filter(
            unit__path__startswith=unit.path, unit__valid_to__isnull=True
        ).values_list("pk", "unit_id")
    ]
    if include_units:
        rows += [
            Evaluation(period=period, subject_kind=UNIT, unit_id=u.pk, body_id=body_of[u.pk])
            for u in units
            if u.path != unit.path
        ]
    Evaluation.objects.bulk_create(rows, batch_size=2000)
    holders = Assignment.objects.filter(
        unit__path__startswith=unit.path,
        role__in=[Role.OFFICER, Role.LEADER],
        person__user__isnull=False,
        person__user__is_active=True,
    ).values_list("person__user_id", "person__user__email")
    notify(
        recipients=[Recipient(uid, email or "") for uid, email in holders],
        event=f"evaluation-period:{period.pk}:opened",
        title=f"Mở kỳ đánh giá, xếp loại: {period.title}",
        body=(
            f"{unit.name} mở kỳ đánh giá “{period.title}” theo {rule_set.name}. Hạn nộp bản tự "
            f"đánh giá: {self_due:%d/%m/%Y}."
        ),
        url=reverse("evaluation_period", args=[period.pk]),
    )
    return period


# --- the self-assessment ---------------------------------------------------------------


@transaction.atomic
def evaluation_self_save(
    *,
    actor: Any,
    evaluation: Evaluation,
    scores: dict[int, tuple[Any, str]],
    summary: str,
    proposed: str = "",
) -> Evaluation:
    """Saves the scores per criterion group (with justification), the summary and the proposed
    level. The level may not be better than what the points and the capping rules allow."""
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("period__rule_set", "person", "unit", "body")
        .get(pk=evaluation.pk)
    )
    if not can_edit_self(actor, evaluation):
        raise ApplicationError(
            "Bản tự đánh giá này không sửa được nữa (đã nộp hoặc kỳ đánh giá đã kết thúc)."
        )
    rules = rules_for(evaluation.period.rule_set)
    groups = rules.groups.get(evaluation.subject_kind, ())
    total = Decimal(0)
    parsed: list[tuple[int, Decimal, str]] = []
    for group in groups:
        raw, justification = scores.get(group.id, ("", ""))
        points = points_of(raw, field=group.name, maximum=group.max_points)
        justification = (justification or "").strip()
        if not justification:
            raise ApplicationError(f"{group.name}: cần ghi ngắn gọn căn cứ, giải trình số điểm.")
        parsed.append((group.id, points, justification))
        total += points
    for group_id, points, justification in parsed:
        EvaluationScore.objects.update_or_create(
            evaluation=evaluation,
            group_id=group_id,
            defaults={"points": points, "justification": justification},
        )
    caps = caps_of(evaluation, rules)
    allowed = rules.allowed(total, caps)
    level = allowed
    if proposed:
        chosen = rules.levels.get(proposed)
        if chosen is None:
            raise ApplicationError("Mức tự xếp loại không hợp lệ.")
        if chosen.rank < allowed.rank:
            raise ApplicationError(_too_high(rules, total, allowed, chosen, caps, "tự xếp loại"))
        level = chosen
    evaluation.summary = summary.strip()
    evaluation.self_points = total
    evaluation.self_level_id = level.id
    evaluation._history_user = actor_user(actor)  # type: ignore[attr-defined]
    evaluation.save(update_fields=["summary", "self_points", "self_level"])
    return evaluation


def _too_high(
    rules: Rules, points: Decimal, allowed: Level, chosen: Level, caps: list[CapResult], verb: str
) -> str:
    reason = f"{_vn(points)} điểm chỉ đạt mức “{rules.level_for_points(points).name}” "
    reason += f"({rules.range_text(rules.level_for_points(points))})"
    binding = [c.reason for c in caps if c.level.rank >= allowed.rank and c.level.rank > 0]
    if binding and allowed.rank > rules.level_for_points(points).rank:
        reason += "; " + "; ".join(binding)
    return f"Không thể {verb} “{chosen.name}”: {reason}."


# --- the review chain ------------------------------------------------------------------


@transaction.atomic
def evaluation_transition(
    *,
    actor: Any,
    evaluation: Evaluation,
    to: str,
    comment: str = "",
    residence_opinion: str = "",
    level: str = "",
    points: Any = None,
    quota_checked: bool = False,
) -> Evaluation:
    """The only way `Evaluation.status` changes: checks the table and the actor, records the
    step (who, when, what), notifies whoever must act next."""
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("period__rule_set", "person", "unit", "body")
        .get(pk=evaluation.pk)
    )
    edge = TRANSITIONS.get((evaluation.subject_kind, evaluation.status, to))
    if edge is None:
        current = S(evaluation.status).label
        target = S(to).label if to in S.values else to
        raise ApplicationError(f"Không thể chuyển bản đánh giá từ “{current}” sang “{target}”.")
    if not can_transition(actor, evaluation, to):
        if _is_own(actor, evaluation) and edge.action != "self":
            raise ApplicationError(
                "Không thể tự nhận xét, đề xuất hoặc quyết định bản tự đánh giá của chính mình."
            )
        raise ApplicationError(f"Bạn không có quyền thực hiện bước “{edge.label}” đối với bản này.")
    period = evaluation.period
    if period.status != PeriodStatus.OPEN:
        raise ApplicationError("Kỳ đánh giá đã kết thúc: không thay đổi được nữa.")
    rules = rules_for(period.rule_set)
    comment = comment.strip()
    now = timezone.now()
    url = reverse("evaluation_detail", args=[evaluation.pk])
    own_url = (
        reverse("my_evaluation", args=[evaluation.pk]) if evaluation.subject_kind == PERSON else url
    )
    fields = ["status"]
    name = evaluation.subject_name
    if to == S.SUBMITTED:
        groups = rules.groups.get(evaluation.subject_kind, ())
        have = evaluation.scores.count()
        if evaluation.self_points is None or have < len(groups):
            raise ApplicationError(
                "Cần chấm điểm đủ các nhóm tiêu chí (có giải trình) và lưu trước khi nộp."
            )
        evaluation.submitted_at = now
        fields.append("submitted_at")
        _step(evaluation, actor, StepKind.SUBMIT, points=evaluation.self_points,
              level_id=evaluation.self_level_id, text=evaluation.summary)  # fmt: skip
        if evaluation.subject_kind == PERSON:
            recipients = _nearest(evaluation.unit, [Role.OFFICER, Role.LEADER])
            title = f"Bản tự đánh giá chờ góp ý: {name}"
        else:
            recipients = role_holders_nearest(
                unit=evaluation.unit, roles=[Role.OFFICER, Role.LEADER], above=True
            )
            title = f"Bản tự đánh giá của tập thể chờ thẩm định: {name}"
        notify(recipients=_to(recipients), event=f"evaluation:{evaluation.pk}:submitted:{int(now.timestamp())}",
               title=title, body=f"{period.title}.", url=url)  # fmt: skip
    elif to == S.RESIDENCE or (to == S.COMMENTED and evaluation.status == S.SUBMITTED):
        needed = needs_residence(evaluation)
        if to == S.COMMENTED and needed:
            raise ApplicationError(
                f"{period.rule_set.name} yêu cầu ý kiến của chi ủy nơi cư trú đối với {name}: "
                "ghi góp ý của tập thể, sau đó ghi ý kiến của chi ủy nơi cư trú ở bước riêng."
            )
        if to == S.RESIDENCE and not needed:
            raise ApplicationError(
                f"{period.rule_set.name} không yêu cầu ý kiến của chi ủy nơi cư trú đối với {name}."
            )
        if not comment:
            raise ApplicationError("Cần ghi góp ý của tập thể chi bộ.")
        _step(evaluation, actor, StepKind.CELL_COMMENT, text=comment)
        if to == S.RESIDENCE:
            # The cell's officers record the opinion the residence cell sends back.
            notify(recipients=_to(_nearest(evaluation.unit, [Role.OFFICER])),
                   event=f"evaluation:{evaluation.pk}:residence:{int(now.timestamp())}",
                   title=f"Chờ ý kiến của chi ủy nơi cư trú: {name}",
                   body=f"{period.title}. Ghi ý kiến nhận xét của chi ủy nơi cư trú khi nhận được.",
                   url=url)  # fmt: skip
        else:
            notify(recipients=_to(_nearest(evaluation.unit, [Role.LEADER])),
                   event=f"evaluation:{evaluation.pk}:commented:{int(now.timestamp())}",
                   title=f"Bản tự đánh giá chờ nhận xét: {name}", body=period.title, url=url)  # fmt: skip
    elif to == S.COMMENTED:  # from residence: the residence cell's opinion, a step of its own
        residence_opinion = residence_opinion.strip() or comment
        if not residence_opinion:
            raise ApplicationError("Cần ghi ý kiến nhận xét của chi ủy nơi cư trú.")
        _step(evaluation, actor, StepKind.RESIDENCE_OPINION, text=residence_opinion)
        notify(recipients=_to(_nearest(evaluation.unit, [Role.LEADER])),
               event=f"evaluation:{evaluation.pk}:commented:{int(now.timestamp())}",
               title=f"Bản tự đánh giá chờ nhận xét: {name}", body=period.title, url=url)  # fmt: skip
    elif to == S.PROPOSED:
        if not comment:
            raise ApplicationError("Cần ghi nhận xét, đánh giá của người đứng đầu.")
        base = evaluation.self_points or Decimal(0)
        head_points = (
            points_of(points, field="Điểm đánh giá", maximum=rules.max_points)
            if points not in (None, "")
            else base
        )
        caps = caps_of(evaluation, rules)
        allowed = rules.allowed(head_points, caps)
        chosen = rules.levels.get(level) if level else allowed
        if chosen is None:
            raise ApplicationError("Mức xếp loại đề xuất không hợp lệ.")
        if chosen.rank < allowed.rank:
            raise ApplicationError(_too_high(rules, head_points, allowed, chosen, caps, "đề xuất"))
        evaluation.head_points = head_points
        evaluation.head_level_id = chosen.id
        fields += ["head_points", "head_level"]
        _step(evaluation, actor, StepKind.HEAD_ASSESSMENT, text=comment, points=head_points,
              level_id=chosen.id)  # fmt: skip
        deciders = role_holders_nearest(unit=evaluation.body, roles=[Role.LEADER], above=False)
        notify(recipients=_to(deciders), event=f"evaluation:{evaluation.pk}:proposed:{int(now.timestamp())}",
               title=f"Chờ quyết định xếp loại: {name}",
               body=f"Đề xuất: {chosen.name}. {period.title}.",
               url=reverse("evaluation_decide", args=[period.pk]) + f"?unit={evaluation.body_id}")  # fmt: skip
    elif to == S.DECIDED:
        chosen = rules.levels.get(level) if level else None
        if chosen is None:
            raise ApplicationError("Cần chọn mức xếp loại để quyết định.")
        caps = caps_of(evaluation, rules)
        scored = evaluation.head_points
        base_points: Decimal = (
            scored if scored is not None else evaluation.self_points or Decimal(0)
        )
        allowed = rules.allowed(base_points, caps)
        if chosen.rank < allowed.rank:
            raise ApplicationError(
                f"{name}: " + _too_high(rules, base_points, allowed, chosen, caps, "quyết định")
            )
        if not quota_checked and chosen.code == rules.quota_level.code:
            _quota_or_refuse(evaluation.period, evaluation.body, rules,
                             {evaluation.pk: chosen.code}, evaluation.subject_kind)  # fmt: skip
        reasons = [
            f"Điểm đánh giá: {_vn(base_points)}/{_vn(rules.max_points)} "
            f"({rules.range_text(rules.level_for_points(base_points))}: "
            f"{rules.level_for_points(base_points).name})."
        ]
        reasons += [c.reason[:1].upper() + c.reason[1:] + "." for c in caps]
        if chosen.rank > allowed.rank:
            reasons.append(f"Cấp có thẩm quyền quyết định mức “{chosen.name}”.")
        if comment:
            reasons.append(comment)
        evaluation.final_level_id = chosen.id
        evaluation.final_reason = " ".join(reasons)
        evaluation.decided_at = now
        evaluation.decided_by = actor_user(actor)
        fields += ["final_level", "final_reason", "decided_at", "decided_by"]
        _step(evaluation, actor, StepKind.DECISION, text=evaluation.final_reason,
              points=base_points, level_id=chosen.id)  # fmt: skip
        notify(recipients=_subject_recipients(evaluation),
               event=f"evaluation:{evaluation.pk}:decided",
               title=f"Kết quả xếp loại: {chosen.name}", body=f"{period.title}. {name}.",
               url=own_url)  # fmt: skip
    elif to == S.RETURNED:
        if not comment:
            raise ApplicationError("Khi trả lại cần ghi rõ ý kiến để hoàn thiện bản tự đánh giá.")
        _step(evaluation, actor, StepKind.RETURN, text=comment)
        notify(recipients=_subject_recipients(evaluation),
               event=f"evaluation:{evaluation.pk}:returned:{int(now.timestamp())}",
               title="Bản tự đánh giá bị trả lại để hoàn thiện", body=comment, url=own_url)  # fmt: skip
    evaluation.status = to
    evaluation._history_user = actor_user(actor)  # type: ignore[attr-defined]
    evaluation._change_reason = edge.label  # type: ignore[attr-defined]
    evaluation.save(update_fields=fields)
    return evaluation


# --- the decision and the quota ----------------------------------------------------------


@dataclass(frozen=True)
class QuotaCount:
    excellent: int
    basis: int
    limit: int
    message: str | None


def quota_count(
    *,
    period: EvaluationPeriod,
    body: Unit,
    rules: Rules,
    subject_kind: str,
    levels: dict[int, str],
) -> QuotaCount:
    """Counts the quota over the body's evaluations already decided plus `levels` (pk → code)."""
    decided = (
        Evaluation.objects.filter(
            period=period, body=body, subject_kind=subject_kind, status=S.DECIDED
        )
        .exclude(pk__in=list(levels))
        .aggregate(
            excellent=Count("pk", filter=Q(final_level_id=rules.quota_level.id)),
            basis=Count("pk", filter=Q(final_level_id=rules.quota_basis_level.id)),
        )
    )
    excellent = int(decided["excellent"] or 0) + sum(
        1 for c in levels.values() if c == rules.quota_level.code
    )
    basis = int(decided["basis"] or 0) + sum(
        1 for c in levels.values() if c == rules.quota_basis_level.code
    )
    where = body.name if subject_kind == PERSON else f"{body.name} (các tổ chức trực thuộc)"
    message = rules.quota_message(excellent=excellent, basis=basis, where=where)
    return QuotaCount(excellent, basis, rules.quota_limit(basis), message)


def _quota_or_refuse(
    period: EvaluationPeriod,
    body: Unit,
    rules: Rules,
    levels: dict[int, str],
    subject_kind: str,
) -> QuotaCount:
    count = quota_count(
        period=period, body=body, rules=rules, subject_kind=subject_kind, levels=levels
    )
    if count.message:
        raise ApplicationError(count.message, {"quota": count})
    return count


def _attempt(
    actor: Any, period: EvaluationPeriod, body: Unit, count: QuotaCount, decided: int, ok: bool
) -> DecisionAttempt:
    return DecisionAttempt.objects.create(
        period=period,
        body=body,
        actor=actor_user(actor),
        actor_name=_name(actor),
        at=timezone.now(),
        accepted=ok,
        decided=decided,
        excellent=count.excellent,
        basis=count.basis,
        limit=count.limit,
        message=count.message
        or (
            f"Đã quyết định xếp loại {decided} trường hợp ({count.excellent} "
            f"“xuất sắc”, {count.basis} “tốt”, tối đa {count.limit} “xuất sắc”)."
        ),
    )


def evaluation_decide(
    *,
    actor: Any,
    period: EvaluationPeriod,
    body: Unit,
    levels: dict[int, str],
    reason: str = "",
    subject_kind: str = PERSON,
) -> int:
    """The competent body decides the levels of evaluations waiting for it (pk → level code).

    The quota is checked over the whole batch plus what the body already decided; a refusal is
    kept (DecisionAttempt) with its numbers, and nothing is decided."""
    if actor is not None:
        scoping.require(actor, "evaluation.decide", body)
    if not levels:
        raise ApplicationError("Chưa có bản đánh giá nào được chọn để quyết định.")
    rules = rules_for(period.rule_set)
    waiting = set(
        Evaluation.objects.filter(
            period=period,
            body=body,
            subject_kind=subject_kind,
            status=S.PROPOSED,
            pk__in=list(levels),
        ).values_list("pk", flat=True)
    )
    stray = set(levels) - waiting
    if stray:
        raise ApplicationError(
            f"Có {len(stray)} bản đánh giá không ở trạng thái chờ quyết định của {body.name}."
        )
    unknown = [c for c in levels.values() if c not in rules.levels]
    if unknown:
        raise ApplicationError("Mức xếp loại không hợp lệ.")
    count = quota_count(
        period=period, body=body, rules=rules, subject_kind=subject_kind, levels=levels
    )
    if count.message:
        with transaction.atomic():
            _attempt(actor, period, body, count, len(levels), False)
        raise ApplicationError(count.message, {"quota": count})
    with transaction.atomic():
        # Re-check under lock: two deciders of one body cannot together exceed the quota.
        list(
            Evaluation.objects.select_for_update(of=("self",))
            .filter(period=period, body=body, subject_kind=subject_kind)
            .values_list("pk", flat=True)
        )
        count = _quota_or_refuse(period, body, rules, levels, subject_kind)
        for pk in sorted(levels):
            evaluation_transition(
                actor=actor,
                evaluation=Evaluation(pk=pk),
                to=S.DECIDED,
                level=levels[pk],
                comment=reason,
                quota_checked=True,
            )
        _attempt(actor, period, body, count, len(levels), True)
    return len(levels)


@transaction.atomic
def period_close(*, actor: Any, period: EvaluationPeriod) -> EvaluationPeriod:
    if actor is not None:
        scoping.require(actor, "evaluation.manage", period.unit)
    period.status = PeriodStatus.CLOSED
    period._history_user = actor_user(actor)  # type: ignore[attr-defined]
    period.save(update_fields=["status"])
    return period
