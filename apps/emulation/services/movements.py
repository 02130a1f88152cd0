"""Movements, registrations, scoring, appeals and publication of rankings.

Registration workflow (one table; `registration_transition` alone assigns the status):

    registered ──(unit submits its self-score)──▶ self_scored
    self_scored ──(council scores)──▶ council_scored
    council_scored ──(unit appeals within the window)──▶ appealed
    appealed ──(council re-scores and answers)──▶ council_scored

Each edge names the action and where it is checked: "unit" = the registering unit, "movement"
= the unit that launched the movement (its emulation council).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.notifications import notify
from apps.directives.models import Directive
from apps.emulation import selectors
from apps.emulation.enums import (
    CriterionKind,
    CriterionSource,
    GroupKind,
    MovementStatus,
    Normalisation,
    RegistrationStatus,
)
from apps.emulation.models import (
    Criterion,
    EmulationGroup,
    GroupMember,
    Movement,
    RankingSnapshot,
    Registration,
    Score,
)
from apps.emulation.ranking import TIE_BREAK_RULE
from apps.emulation.services.common import (
    check,
    deciders_of,
    dmy,
    emulation_of,
    officers_of,
)
from apps.emulation.services.rubric import rubric_clean
from apps.org.models import Unit
from apps.people.models import Person
from apps.rollout.models import Rollout

# Movement workflow (`movement_transition` alone assigns `Movement.status`):
#     open ──(the launching unit closes it with a summary)──▶ closed   (final, read-only)
MOVEMENT_TRANSITIONS: dict[tuple[str, str], str] = {
    (MovementStatus.OPEN, MovementStatus.CLOSED): "emulation.manage",
}

TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (RegistrationStatus.REGISTERED, RegistrationStatus.SELF_SCORED): ("emulation.register", "unit"),
    (RegistrationStatus.SELF_SCORED, RegistrationStatus.COUNCIL_SCORED): (
        "emulation.score",
        "movement",
    ),
    (RegistrationStatus.COUNCIL_SCORED, RegistrationStatus.APPEALED): (
        "emulation.register",
        "unit",
    ),
    (RegistrationStatus.APPEALED, RegistrationStatus.COUNCIL_SCORED): (
        "emulation.score",
        "movement",
    ),
}

# The rubric used when a launch names none: 100 points, four figures filled by the system.
DEFAULT_RUBRIC: list[dict[str, Any]] = [
    {
        "code": "quan-triet",
        "name": "Quán triệt, học tập Chỉ thị đến cán bộ, đảng viên",
        "max_points": "25",
        "source": CriterionSource.ROLLOUT_COMPLETION,
        "evidence": "Số liệu của hệ thống (tự động)",
    },
    {
        "code": "ke-hoach",
        "name": "Xây dựng, trình kế hoạch thực hiện đúng hạn",
        "max_points": "10",
        "source": CriterionSource.PLAN_TIMELINESS,
        "evidence": "Số liệu của hệ thống (tự động)",
    },
    {
        "code": "bao-cao",
        "name": "Gửi báo cáo định kỳ đúng hạn",
        "max_points": "10",
        "source": CriterionSource.REPORT_TIMELINESS,
        "evidence": "Số liệu của hệ thống (tự động)",
    },
    {
        "code": "nhiem-vu",
        "name": "Thực hiện “3 điều cần làm”, “4 điều cần tránh” và các nhiệm vụ trọng tâm",
        "max_points": "30",
        "evidence": "Báo cáo kết quả thực hiện, biên bản kiểm tra",
    },
    {
        "code": "mo-hinh",
        "name": "Mô hình, cách làm hay, điển hình tiên tiến",
        "max_points": "15",
        "kind": CriterionKind.COUNT,
        "points_each": "7.5",
        "normalisation": Normalisation.PER_100_MEMBERS,
        "evidence": "Quyết định công nhận, bài viết giới thiệu mô hình",
    },
    {
        "code": "sai-pham",
        "name": "Không để xảy ra sai phạm, khuyết điểm qua kiểm tra, giám sát",
        "max_points": "5",
        "source": CriterionSource.FINDINGS,
        "kind": CriterionKind.COUNT,
        "points_each": "5",
        "positive": False,
        "normalisation": Normalisation.PER_100_MEMBERS,
        "evidence": "Số liệu của hệ thống (tự động)",
    },
    {
        "code": "phan-anh",
        "name": "Không có phản ánh có cơ sở của người dân",
        "max_points": "5",
        "source": CriterionSource.FEEDBACK,
        "kind": CriterionKind.COUNT,
        "points_each": "2.5",
        "positive": False,
        "normalisation": Normalisation.PER_100_MEMBERS,
        "evidence": "Số liệu của hệ thống (tự động)",
    },
]


@dataclass
class GroupSpec:
    name: str
    units: Sequence[Unit]
    kind: str = GroupKind.CLUSTER


def _audit(obj: Any, actor: Any, reason: str) -> None:
    obj._history_user = actor_user(actor)
    obj._change_reason = reason[:500]


@transaction.atomic
def movement_launch(
    *,
    actor: Any,
    unit: Unit,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    groups: Sequence[GroupSpec],
    directive: Directive | None = None,
    rollout: Rollout | None = None,
    appeal_days: int = 5,
    criteria: Sequence[dict[str, Any]] | None = None,
    rubric_rows: list[dict[str, str]] | None = None,
    tie_break: str = "",
) -> Movement:
    """Launches a movement for `unit`'s subtree with its published rubric and groups, and tells
    the officers of every member unit. `rubric_rows` are the rubric as typed on the launch form
    (checked row by row by `rubric.rubric_clean`); `criteria` a rubric already in typed form."""
    if not check(actor, "emulation.manage", unit):
        raise ApplicationError("Bạn không có quyền phát động phong trào thi đua ở đơn vị này.")
    title = " ".join(title.split())
    if not title:
        raise ApplicationError("Cần nhập tên phong trào thi đua.")
    if ends_on < starts_on:
        raise ApplicationError("Thời gian thi đua: ngày kết thúc phải sau ngày bắt đầu.")
    if rollout is not None:
        if directive is None:
            directive = rollout.directive
        if rollout.directive_id != directive.pk:
            raise ApplicationError("Đợt triển khai không thuộc chỉ thị, nghị quyết đã chọn.")
    if rubric_rows is not None:
        criteria = [
            row.as_spec() for row in rubric_clean(rubric_rows, has_rollout=rollout is not None)
        ]
    if not groups:
        raise ApplicationError("Cần ít nhất một cụm, khối thi đua.")
    seen: dict[int, str] = {}
    for spec in groups:
        if not spec.name.strip():
            raise ApplicationError("Mỗi cụm, khối thi đua cần có tên.")
        if not spec.units:
            raise ApplicationError(f"Cụm, khối “{spec.name}” chưa có đơn vị nào.")
        for member in spec.units:
            if not member.path.startswith(unit.path) or member.pk == unit.pk:
                raise ApplicationError(
                    f"Đơn vị “{member.name}” không thuộc phạm vi của {unit.name}."
                )
            if member.pk in seen:
                raise ApplicationError(
                    f"Đơn vị “{member.name}” đã thuộc cụm, khối “{seen[member.pk]}”: "
                    "mỗi đơn vị chỉ thuộc một cụm, khối."
                )
            seen[member.pk] = spec.name
    movement = Movement(
        unit=unit,
        title=title,
        directive=directive,
        rollout=rollout,
        starts_on=starts_on,
        ends_on=ends_on,
        appeal_days=appeal_days,
        tie_break=tie_break.strip() or TIE_BREAK_RULE,
        status=MovementStatus.OPEN,
        created_by=actor_user(actor),
    )
    movement.full_clean()
    _audit(movement, actor, "Phát động phong trào thi đua")
    movement.save()
    rubric = list(criteria) if criteria is not None else DEFAULT_RUBRIC
    if not rubric:
        raise ApplicationError("Cần ít nhất một tiêu chí thi đua.")
    for order, spec_c in enumerate(rubric, start=1):
        criterion = Criterion(
            movement=movement,
            order=order,
            code=spec_c["code"],
            name=spec_c["name"],
            max_points=Decimal(str(spec_c["max_points"])),
            evidence=spec_c.get("evidence", ""),
            source=spec_c.get("source", CriterionSource.MANUAL),
            kind=spec_c.get("kind", CriterionKind.POINTS),
            points_each=Decimal(str(spec_c.get("points_each", "0"))),
            positive=spec_c.get("positive", True),
            normalisation=spec_c.get("normalisation", Normalisation.NONE),
        )
        if (
            criterion.is_auto
            and movement.rollout_id is None
            and criterion.source != (CriterionSource.FINDINGS)
            and criterion.source != CriterionSource.FEEDBACK
        ):
            raise ApplicationError(
                f"Tiêu chí “{criterion.name}” lấy số liệu từ đợt triển khai: cần chọn đợt "
                "triển khai cho phong trào."
            )
        criterion.full_clean(exclude=["movement"])
        criterion.save()
    for order, spec in enumerate(groups, start=1):
        group = EmulationGroup.objects.create(
            movement=movement, name=spec.name.strip(), kind=spec.kind, order=order
        )
        GroupMember.objects.bulk_create(
            [GroupMember(group=group, unit=u, movement=movement) for u in spec.units]
        )
    for spec in groups:
        for member in spec.units:
            notify(
                recipients=officers_of(member),
                event=f"movement:{movement.pk}:launched:{member.pk}",
                title=f"Phong trào thi đua mới: {movement.title}",
                body=f"{unit.name} phát động, đơn vị {member.name} thuộc “{spec.name}”. "
                "Đề nghị đăng ký thi đua.",
                url=movement.get_absolute_url(),
            )
    return movement


@transaction.atomic
def registration_create(
    *,
    actor: Any,
    movement: Movement,
    unit: Unit,
    targets: str,
    person: Person | None = None,
) -> Registration:
    if not check(actor, "emulation.register", unit):
        raise ApplicationError("Bạn không có quyền đăng ký thi đua cho đơn vị này.")
    if movement.status != MovementStatus.OPEN:
        raise ApplicationError("Phong trào thi đua đã kết thúc, không nhận đăng ký.")
    targets = targets.strip()
    if not targets:
        raise ApplicationError("Cần ghi chỉ tiêu, nội dung đăng ký thi đua.")
    member = (
        GroupMember.objects.filter(movement=movement, unit=unit).select_related("group").first()
    )
    if person is None:
        if member is None:
            raise ApplicationError(
                f"{unit.name} không thuộc cụm, khối nào của phong trào này nên không đăng ký được."
            )
        if Registration.objects.filter(movement=movement, unit=unit, person__isnull=True).exists():
            raise ApplicationError(f"{unit.name} đã đăng ký thi đua trong phong trào này.")
    else:
        if not person.unit.path.startswith(unit.path):
            raise ApplicationError(f"{person.full_name} không thuộc {unit.name}.")
        if Registration.objects.filter(movement=movement, person=person).exists():
            raise ApplicationError(f"{person.full_name} đã đăng ký thi đua trong phong trào này.")
        if not unit.path.startswith(movement.unit.path):
            raise ApplicationError("Đơn vị không thuộc phạm vi của phong trào.")
    registration = Registration(
        movement=movement,
        group=member.group if (member is not None and person is None) else None,
        unit=unit,
        person=person,
        targets=targets,
        created_by=actor_user(actor),
    )
    registration.full_clean()
    _audit(registration, actor, "Đăng ký thi đua")
    registration.save()
    Score.objects.bulk_create(
        [Score(registration=registration, criterion=c) for c in movement.criteria.all()]
    )
    return registration


def _require_open(movement: Movement) -> None:
    if movement.status != MovementStatus.OPEN:
        raise ApplicationError(
            f"Phong trào “{movement.title}” đã kết thúc: mọi nội dung chỉ còn để xem."
        )


def appeal_deadline(registration: Registration) -> datetime.date | None:
    if registration.council_scored_at is None or registration.movement.appeal_days == 0:
        return None
    scored = timezone.localdate(registration.council_scored_at)
    return scored + datetime.timedelta(days=registration.movement.appeal_days)


def can_transition(actor: Any, registration: Registration, to: str) -> bool:
    rule = TRANSITIONS.get((registration.status, to))
    if rule is None or registration.movement.status != MovementStatus.OPEN:
        return False
    action, where = rule
    unit = registration.unit if where == "unit" else registration.movement.unit
    return check(actor, action, unit)


def _published(registration: Registration) -> bool:
    return bool(
        registration.group_id
        and RankingSnapshot.objects.filter(group_id=registration.group_id).exists()
    )


@transaction.atomic
def registration_transition(
    *, actor: Any, registration: Registration, to: str, text: str = ""
) -> Registration:
    """The only way `Registration.status` changes: checks the table, the scope and the rules of
    the edge, then records who and why and tells whoever must act next."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("movement__unit", "unit", "person", "group")
        .get(pk=registration.pk)
    )
    rule = TRANSITIONS.get((registration.status, to))
    if rule is None:
        current = RegistrationStatus(registration.status).label
        target = RegistrationStatus(to).label if to in RegistrationStatus.values else to
        raise ApplicationError(f"Không thể chuyển đăng ký thi đua từ “{current}” sang “{target}”.")
    if not can_transition(actor, registration, to):
        if rule[1] == "movement":
            raise ApplicationError(
                "Chỉ hội đồng thi đua – khen thưởng của đơn vị phát động mới được chấm điểm."
            )
        raise ApplicationError("Bạn không có quyền thực hiện việc này cho đơn vị này.")
    _require_open(registration.movement)
    if _published(registration):
        raise ApplicationError(
            "Kết quả xếp hạng của cụm, khối đã công bố: không thay đổi điểm, không nhận khiếu nại."
        )
    now = timezone.now()
    movement = registration.movement
    fields = ["status"]
    text = text.strip()
    if to == RegistrationStatus.SELF_SCORED:
        missing = [
            s.criterion.name
            for s in registration.scores.select_related("criterion")
            if not s.criterion.is_auto and s.self_value is None
        ]
        if missing:
            raise ApplicationError("Chưa tự chấm các tiêu chí: " + "; ".join(missing) + ".")
        no_evidence = [
            s.criterion.name
            for s in registration.scores.select_related("criterion")
            if not s.criterion.is_auto and s.criterion.evidence and not s.evidence.strip()
        ]
        if no_evidence:
            raise ApplicationError(
                "Cần ghi minh chứng cho các tiêu chí: " + "; ".join(no_evidence) + "."
            )
        registration.self_submitted_at = now
        fields.append("self_submitted_at")
        recipients = emulation_of(movement.unit)
        title = f"{registration.subject_name} đã tự chấm điểm thi đua"
        body = f"Phong trào “{movement.title}”: đề nghị hội đồng thẩm định, chấm điểm."
    elif to == RegistrationStatus.COUNCIL_SCORED:
        if registration.status == RegistrationStatus.APPEALED:
            if not text:
                raise ApplicationError("Cần trả lời nội dung khiếu nại của đơn vị.")
            registration.appeal_response = text
            fields.append("appeal_response")
        elif text:
            registration.council_comment = text
            fields.append("council_comment")
        registration.council_scored_at = now
        fields.append("council_scored_at")
        recipients = officers_of(registration.unit)
        deadline = appeal_deadline(registration)
        title = f"Hội đồng đã chấm điểm thi đua của {registration.subject_name}"
        body = f"Phong trào “{movement.title}”." + (
            f" Nếu chưa đồng ý, đơn vị có thể khiếu nại đến hết ngày {dmy(deadline)}."
            if deadline
            else ""
        )
    else:  # APPEALED
        deadline = appeal_deadline(registration)
        if deadline is None or timezone.localdate(now) > deadline:
            raise ApplicationError(
                "Đã hết thời hạn khiếu nại kết quả chấm điểm"
                + (f" (hạn cuối {dmy(deadline)})." if deadline else ".")
            )
        if not text:
            raise ApplicationError("Cần ghi rõ nội dung khiếu nại.")
        registration.appeal_text = text
        registration.appeal_at = now
        fields += ["appeal_text", "appeal_at"]
        recipients = emulation_of(movement.unit)
        title = f"{registration.subject_name} khiếu nại kết quả chấm điểm thi đua"
        body = text[:300]
    previous = RegistrationStatus(registration.status).label
    registration.status = to
    _audit(
        registration,
        actor,
        f"{previous} → {RegistrationStatus(to).label}" + (f": {text}" if text else ""),
    )
    registration.save(update_fields=fields)
    version = registration.history.count()
    notify(
        recipients=recipients,
        event=f"registration:{registration.pk}:{to}:{version}",
        title=title,
        body=body,
        url=registration.get_absolute_url(),
    )
    return registration


def _decimal(raw: Any, label: str) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ApplicationError(f"Tiêu chí “{label}”: “{raw}” không phải là số.") from exc
    if value < 0:
        raise ApplicationError(f"Tiêu chí “{label}”: điểm, số lượng không được âm.")
    return value


def _check_points(criterion: Criterion, value: Decimal | None) -> None:
    if (
        value is not None
        and criterion.kind == CriterionKind.POINTS
        and value > criterion.max_points
    ):
        raise ApplicationError(
            f"Tiêu chí “{criterion.name}”: tối đa {criterion.max_points.normalize():f} điểm."
        )


@transaction.atomic
def registration_self_score(
    *,
    actor: Any,
    registration: Registration,
    values: dict[int, tuple[Any, str]],
    submit: bool = False,
) -> Registration:
    """Saves the unit's own points (or counts) with their evidence; `submit` sends them to the
    council. Every value is checked before anything is written."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("movement__unit", "unit", "person", "group")
        .get(pk=registration.pk)
    )
    if not check(actor, "emulation.register", registration.unit):
        raise ApplicationError("Bạn không có quyền tự chấm điểm cho đơn vị này.")
    _require_open(registration.movement)
    if registration.status != RegistrationStatus.REGISTERED:
        raise ApplicationError("Đã gửi điểm tự chấm: không sửa được nữa.")
    scores = list(registration.scores.select_related("criterion"))
    updates = []
    for score in scores:
        if score.criterion.is_auto or score.criterion_id not in values:
            continue
        raw, evidence = values[score.criterion_id]
        value = _decimal(raw, score.criterion.name)
        _check_points(score.criterion, value)
        score.self_value = value
        score.evidence = evidence.strip()[:500]
        updates.append(score)
    for score in updates:
        _audit(score, actor, "Tự chấm điểm")
        score.save(update_fields=["self_value", "evidence"])
    if submit:
        return registration_transition(
            actor=actor, registration=registration, to=RegistrationStatus.SELF_SCORED
        )
    return registration


@transaction.atomic
def registration_council_score(
    *,
    actor: Any,
    registration: Registration,
    values: dict[int, tuple[Any, str]],
    comment: str = "",
) -> Registration:
    """The council's points (a blank keeps the unit's own), with comments; then the status moves
    to "council scored" (from a self-score or an appeal)."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("movement__unit", "unit", "person", "group")
        .get(pk=registration.pk)
    )
    if not check(actor, "emulation.score", registration.movement.unit):
        raise ApplicationError(
            "Chỉ hội đồng thi đua – khen thưởng của đơn vị phát động mới được chấm điểm."
        )
    if registration.status not in (RegistrationStatus.SELF_SCORED, RegistrationStatus.APPEALED):
        raise ApplicationError("Đơn vị chưa gửi điểm tự chấm hoặc không có khiếu nại cần xét.")
    _require_open(registration.movement)
    if _published(registration):
        raise ApplicationError("Kết quả xếp hạng của cụm, khối đã công bố: không sửa điểm.")
    scores = list(registration.scores.select_related("criterion"))
    for score in scores:
        if score.criterion.is_auto:
            continue
        raw, note = values.get(score.criterion_id, (None, ""))
        value = _decimal(raw, score.criterion.name)
        _check_points(score.criterion, value)
        score.council_value = value if value is not None else score.self_value
        score.council_comment = note.strip()[:500]
    for score in scores:
        if not score.criterion.is_auto:
            _audit(score, actor, "Hội đồng chấm điểm")
            score.save(update_fields=["council_value", "council_comment"])
    return registration_transition(
        actor=actor, registration=registration, to=RegistrationStatus.COUNCIL_SCORED, text=comment
    )


@transaction.atomic
def group_publish(
    *, actor: Any, group: EmulationGroup, as_of: datetime.date | None = None
) -> RankingSnapshot:
    """Computes the group's ranking from live data and freezes it: the stored rows (automatic
    figures, sizes, points, ranks, method and tie-break rule) are what everyone sees from now on."""
    group = (
        EmulationGroup.objects.select_for_update().select_related("movement__unit").get(pk=group.pk)
    )
    movement = group.movement
    if not check(actor, "emulation.manage", movement.unit):
        raise ApplicationError(
            "Chỉ bộ phận thi đua – khen thưởng của đơn vị phát động được công bố."
        )
    _require_open(movement)
    if RankingSnapshot.objects.filter(group=group).exists():
        raise ApplicationError(f"Kết quả xếp hạng “{group.name}” đã công bố.")
    registrations = list(
        Registration.objects.filter(group=group, person__isnull=True)
        .select_related("unit", "movement")
        .order_by("unit__sort_key")
    )
    if not registrations:
        raise ApplicationError(f"“{group.name}” chưa có đơn vị nào đăng ký thi đua.")
    unscored = [r.unit.name for r in registrations if r.status != RegistrationStatus.COUNCIL_SCORED]
    if unscored:
        raise ApplicationError(
            "Chưa công bố được: hội đồng chưa chấm xong (hoặc còn khiếu nại) của "
            + ", ".join(unscored)
            + "."
        )
    today = as_of or timezone.localdate()
    open_windows = [
        (r.unit.name, d)
        for r in registrations
        if (d := appeal_deadline(r)) is not None and d >= timezone.localdate()
    ]
    if open_windows:
        name, day = max(open_windows, key=lambda x: x[1])
        raise ApplicationError(
            f"Còn trong thời hạn khiếu nại (đến hết ngày {dmy(day)}, {name}): "
            "chưa công bố được kết quả."
        )
    ranking = selectors.compute_rankings(movement=movement, groups=[group], as_of=today)[0]
    snapshot = RankingSnapshot.objects.create(
        group=group,
        published_at=timezone.now(),
        published_by=actor_user(actor),
        as_of=today,
        method=ranking.method,
        tie_break=ranking.tie_break,
        rows=selectors.snapshot_rows(ranking),
    )
    for registration in registrations:
        notify(
            recipients=officers_of(registration.unit),
            event=f"group:{group.pk}:published:{registration.unit_id}",
            title=f"Đã công bố kết quả xếp hạng {group.name}",
            body=f"Phong trào “{movement.title}”.",
            url=group.get_absolute_url(),
        )
    return snapshot


def movement_close_problems(movement: Movement) -> list[str]:
    """What still stands in the way of closing (empty when it can be closed)."""
    problems: list[str] = []
    unpublished = [
        g.name
        for g in EmulationGroup.objects.filter(movement=movement)
        .filter(registrations__person__isnull=True)
        .exclude(snapshot__isnull=False)
        .distinct()
        .order_by("order", "pk")
    ]
    if unpublished:
        problems.append("Chưa công bố kết quả xếp hạng của: " + ", ".join(unpublished) + ".")
    waiting = [
        r.subject_name
        for r in Registration.objects.filter(
            movement=movement,
            person__isnull=False,
            status__in=[RegistrationStatus.SELF_SCORED, RegistrationStatus.APPEALED],
        ).select_related("person", "unit")
    ]
    if waiting:
        problems.append(
            "Hội đồng chưa chấm xong (hoặc còn khiếu nại) của cá nhân: " + ", ".join(waiting) + "."
        )
    return problems


def movement_can_transition(actor: Any, movement: Movement, to: str) -> bool:
    action = MOVEMENT_TRANSITIONS.get((movement.status, to))
    return action is not None and check(actor, action, movement.unit)


@transaction.atomic
def movement_transition(*, actor: Any, movement: Movement, to: str, summary: str = "") -> Movement:
    """The only way `Movement.status` changes. Closing needs a summary and every group with
    registrations published; it freezes the individual rankings, makes the movement read-only
    and tells the member units' officers (the results) and the launching unit's proposers (the
    commendations to propose)."""
    movement = Movement.objects.select_for_update().select_related("unit").get(pk=movement.pk)
    action = MOVEMENT_TRANSITIONS.get((movement.status, to))
    if action is None:
        current = MovementStatus(movement.status).label
        target = MovementStatus(to).label if to in MovementStatus.values else to
        raise ApplicationError(
            f"Không thể chuyển phong trào thi đua từ “{current}” sang “{target}”."
        )
    if not check(actor, action, movement.unit):
        raise ApplicationError(
            "Chỉ bộ phận thi đua – khen thưởng của đơn vị phát động được kết thúc phong trào."
        )
    summary = summary.strip()
    if not summary:
        raise ApplicationError(
            "Cần nhập báo cáo tổng kết phong trào (kết quả, ưu điểm, hạn chế, đề xuất khen thưởng)."
        )
    problems = movement_close_problems(movement)
    if problems:
        raise ApplicationError("Chưa kết thúc được phong trào. " + " ".join(problems))
    today = timezone.localdate()
    rankings = selectors.compute_individual_rankings(movement=movement, as_of=today)
    movement.individual_rankings = selectors.individual_rankings_json(rankings)
    movement.summary = summary
    movement.closed_at = timezone.now()
    movement.closed_by = actor_user(actor)
    previous = MovementStatus(movement.status).label
    movement.status = to
    _audit(movement, actor, f"{previous} → {MovementStatus(to).label}")
    movement.save(
        update_fields=["status", "summary", "closed_at", "closed_by", "individual_rankings"]
    )
    units = {
        u.pk: u
        for u in Unit.objects.filter(
            pk__in=Registration.objects.filter(movement=movement).values("unit_id")
        )
    }
    for unit in units.values():
        notify(
            recipients=officers_of(unit),
            event=f"movement:{movement.pk}:closed:{unit.pk}",
            title=f"Phong trào thi đua đã kết thúc: {movement.title}",
            body=f"{movement.unit.name} đã tổng kết phong trào. Kết quả xếp hạng được giữ nguyên.",
            url=movement.get_absolute_url(),
        )
    notify(
        recipients=deciders_of(movement.unit),
        event=f"movement:{movement.pk}:closed:propose",
        title=f"Đề nghị khen thưởng sau tổng kết: {movement.title}",
        body="Phong trào đã kết thúc; xem kết quả xếp hạng để đề nghị khen thưởng các tập thể, "
        "cá nhân dẫn đầu.",
        url=movement.get_absolute_url(),
    )
    return movement
