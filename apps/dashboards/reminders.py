"""Daily reminders of running rollouts: in-app notifications and e-mail.

Rules, per rollout (the rule name carries the rollout id):
- `rollout-<id>-approaching`: officers assigned AT a unit (role officer, exactly that unit)
  whose unit is behind on an obligation whose effective deadline falls within
  `settings.REMINDER_DAYS_BEFORE` days (default 3);
- `rollout-<id>-overdue`: officers of a unit with an overdue obligation, and — escalation to the
  level above — the officers of its parent unit;
- `rollout-<id>-study`: members with a login who still owe study (not done, not exempt) when
  their unit's dissemination deadline is within the same window or has passed;
- `report-<period id>-due` / `-late`: officers assigned at a unit whose report of the period is
  not sent, within the window before its due date / after it.

One user gets at most one reminder per rule per day (all their units in one message): the
notification with the event key (rule, day) is inserted first, and only the run that inserted
it sends. Reminders stop `settings.REMINDER_OVERDUE_DAYS` days (default 30) after the
rollout's last deadline.
"""

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from apps.access.enums import Role
from apps.common.notifications import notify
from apps.dashboards.progress import OBLIGATIONS, UnitStatus, subtree_statuses
from apps.inspections.enums import FollowUpStatus
from apps.inspections.models import Recommendation
from apps.org.models import Unit
from apps.people.selectors import Holder, role_holders, role_holders_by_unit
from apps.plans.enums import ReportStatus, TaskStatus
from apps.plans.models import Report, ReportPeriod
from apps.rollout.enums import ObligationState
from apps.rollout.models import Participant, Rollout
from apps.rollout.services.deadlines import DeadlineBook

logger = logging.getLogger(__name__)

# Which deadline each obligation is measured against.
_DEADLINE_OF = {"session": "dissemination", "people": "dissemination", "plan": "plan"}


@dataclass
class ReminderCounts:
    approaching: int = 0
    overdue: int = 0
    study: int = 0
    reports_due: int = 0
    reports_late: int = 0
    duplicates: int = 0
    emails: int = 0

    @property
    def sent(self) -> int:
        return self.approaching + self.overdue + self.study + self.reports_due + self.reports_late


@dataclass
class _Message:
    title: str
    url: str
    email: str
    lines: list[str] = field(default_factory=list)


def _days_before() -> int:
    return int(getattr(settings, "REMINDER_DAYS_BEFORE", 3))


def _overdue_days() -> int:
    return int(getattr(settings, "REMINDER_OVERDUE_DAYS", 30))


def directive_label(rollout: Rollout) -> str:
    """ "Chỉ thị 34-CT/TU"."""
    directive = rollout.directive
    return f"{directive.kind.name} {directive.symbol or directive.number}"


def _percent(status: UnitStatus) -> str:
    return "—" if status.percent is None else f"{status.percent:.1f}".replace(".", ",") + "%"


def _due(status: UnitStatus, name: str) -> datetime.date:
    deadlines = status.deadlines
    if deadlines is None:
        raise ValueError("unit status without deadlines")
    return getattr(deadlines, _DEADLINE_OF[name])


def _approaching(status: UnitStatus, today: datetime.date, window: int) -> list[str]:
    """Obligations of the unit still open whose deadline is within `window` days."""
    names = []
    for name, state in status.obligations.items():
        if state in (ObligationState.DONE, ObligationState.OVERDUE):
            continue
        if 0 <= (_due(status, name) - today).days <= window:
            names.append(name)
    return names


def _officers(unit_ids: set[int]) -> dict[int, list[Holder]]:
    """Active users holding the officer role exactly at each unit."""
    return role_holders_by_unit(unit_ids=unit_ids, roles=[Role.OFFICER])


def _deliver(
    *, rule: str, user_id: int, day: datetime.date, message: _Message, outbox: list[EmailMessage]
) -> bool:
    """Through `notify`, like every other notification: only the run that inserts the
    notification of the event (rule, day) for this user sends (the unique (user, event_key)
    constraint decides); the e-mail joins the batch's outbox, sent over one connection."""
    return bool(
        notify(
            recipients=[Holder(user_id, message.email, 0)],
            event=f"reminder:{rule}:{day.isoformat()}",
            title=message.title,
            body="\n".join(message.lines),
            url=message.url,
            outbox=outbox,
        )
    )


def _member_url() -> str:
    try:
        return reverse("my_tasks")
    except NoReverseMatch:
        return "/"


def _officer_reminders(
    rollout: Rollout,
    statuses: list[UnitStatus],
    today: datetime.date,
    counts: ReminderCounts,
    outbox: list[EmailMessage],
) -> None:
    window = _days_before()
    label = directive_label(rollout)
    by_path = {s.path: s for s in statuses}
    step = Unit.steplen
    behind: dict[int, list[str]] = {}  # unit id → lines
    late: dict[int, list[str]] = {}  # unit id (own or parent) → lines
    for status in statuses:
        soon = _approaching(status, today, window)
        if soon:
            names = ", ".join(OBLIGATIONS[n].lower() for n in soon)
            behind.setdefault(status.unit_id, []).append(
                f"- {status.name}: {status.done}/{status.required} người đã hoàn thành "
                f"({_percent(status)}); chưa xong: {names}; "
                f"hạn {min(_due(status, n) for n in soon):%d/%m/%Y}."
            )
        if status.overdue:
            names = ", ".join(n.lower() for n in status.overdue_names)
            line = (
                f"- {status.name}: {status.done}/{status.required} người đã hoàn thành "
                f"({_percent(status)}); quá hạn: {names}."
            )
            late.setdefault(status.unit_id, []).append(line)
            parent = by_path.get(status.path[:-step])
            if parent is not None and len(status.path) > len(rollout.unit.path):
                late.setdefault(parent.unit_id, []).append(f"{line} (đơn vị cấp dưới)")
    for rule_kind, per_unit, title in (
        ("approaching", behind, f"Sắp đến hạn triển khai {label}: đơn vị còn chậm"),
        ("overdue", late, f"Quá hạn triển khai {label}: đơn vị chậm tiến độ"),
    ):
        if not per_unit:
            continue
        messages: dict[int, _Message] = {}
        for unit_id, officers in _officers(set(per_unit)).items():
            url = f"{reverse('rollout_progress', args=[rollout.pk])}?unit={unit_id}"
            if rule_kind == "overdue":
                url = f"{reverse('rollout_overdue', args=[rollout.pk])}?unit={unit_id}"
            for holder in officers:
                message = messages.setdefault(
                    holder.user_id,
                    _Message(
                        title=title,
                        url=url,
                        email=holder.email,
                        lines=[f"Đợt triển khai: {rollout.title}."],
                    ),
                )
                message.lines.extend(per_unit[unit_id])
        rule = f"rollout-{rollout.pk}-{rule_kind}"
        for user_id, message in messages.items():
            if _deliver(rule=rule, user_id=user_id, day=today, message=message, outbox=outbox):
                setattr(counts, rule_kind, getattr(counts, rule_kind) + 1)
            else:
                counts.duplicates += 1


def _member_reminders(
    rollout: Rollout, today: datetime.date, counts: ReminderCounts, outbox: list[EmailMessage]
) -> None:
    window = _days_before()
    book = DeadlineBook(rollout)
    label = directive_label(rollout)
    rule = f"rollout-{rollout.pk}-study"
    url = _member_url()
    owing = (
        Participant.objects.filter(
            rollout=rollout,
            done=False,
            exempt=False,
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .select_related("person", "person__user", "unit")
        .order_by("pk")
    )
    for participant in owing.iterator(chunk_size=2000):
        due = book.for_path(participant.unit.path).dissemination
        if (due - today).days > window:
            continue
        still = []
        if not (participant.attended or participant.makeup_passed):
            still.append("dự hội nghị quán triệt hoặc học bù (đọc toàn văn, làm bài kiểm tra)")
        if rollout.requires_commitment and not participant.commitment_signed:
            still.append("ký bản cam kết")
        when = "đã quá hạn" if today > due else "hạn"
        person = participant.person
        user = person.user
        message = _Message(
            title=f"Bạn còn phải hoàn thành học tập {label}",
            url=url,
            email=(user.email if user else "") or person.email,
            lines=[
                f"Kính gửi {person.full_name},",
                f"Bạn còn phải hoàn thành học tập {label} ({rollout.title}), "
                f"{when} {due:%d/%m/%Y}.",
                *(f"- Còn phải {item}." for item in still),
            ],
        )
        if _deliver(rule=rule, user_id=person.user_id, day=today, message=message, outbox=outbox):  # type: ignore[arg-type]
            counts.study += 1
        else:
            counts.duplicates += 1


def _report_reminders(
    today: datetime.date, counts: ReminderCounts, outbox: list[EmailMessage]
) -> None:
    """Officers of units whose report of an open period is not sent: `report-<period>-due`
    within the window before its due date, `report-<period>-late` after it (for the grace days)."""
    window = _days_before()
    grace = datetime.timedelta(days=_overdue_days())
    periods = ReportPeriod.objects.filter(
        starts_on__lte=today,
        due_on__gte=today - grace,
        due_on__lte=today + datetime.timedelta(days=window),
    ).select_related("template__rollout__unit")
    for period in periods:
        rollout = period.template.rollout
        late = today > period.due_on
        sent = Report.objects.filter(period=period, status=ReportStatus.SUBMITTED).values("unit_id")
        missing = dict(
            Unit.objects.filter(path__startswith=rollout.unit.path, valid_to__isnull=True)
            .exclude(pk__in=sent)
            .values_list("pk", "name")
        )
        rule = f"report-{period.pk}-{'late' if late else 'due'}"
        when = "đã quá hạn" if late else "hạn gửi"
        state = "quá hạn" if late else "sắp đến hạn"
        # An officer of several units gets one message listing them all (one event per day).
        messages: dict[int, _Message] = {}
        for unit_id, officers in sorted(_officers(set(missing)).items()):
            line = (
                f"- {missing[unit_id]} chưa gửi báo cáo {period.name} "
                f"({when} {period.due_on:%d/%m/%Y})."
            )
            for holder in officers:
                message = messages.get(holder.user_id)
                if message is None:
                    messages[holder.user_id] = _Message(
                        title=f"Báo cáo {period.name} {state}: {missing[unit_id]}",
                        url=reverse("report_edit", args=[period.pk, unit_id]),
                        email=holder.email,
                        lines=[line],
                    )
                else:
                    message.lines.append(line)
                    message.title = (
                        f"Báo cáo {period.name} {state}: {len(message.lines)} đơn vị chưa gửi"
                    )
                    message.url = reverse("report_periods", args=[rollout.pk])
        for user_id, message in messages.items():
            if _deliver(rule=rule, user_id=user_id, day=today, message=message, outbox=outbox):
                if late:
                    counts.reports_late += 1
                else:
                    counts.reports_due += 1
            else:
                counts.duplicates += 1


def _follow_up_reminders(
    today: datetime.date, counts: ReminderCounts, outbox: list[EmailMessage]
) -> None:
    """Overdue follow-ups of inspections escalate like other obligations: the target unit's
    officers, and the inspecting committee, are reminded once a day while a recommendation is
    past its deadline and its task is not reported done."""
    late = (
        Recommendation.objects.filter(status=FollowUpStatus.OPEN, deadline__lt=today)
        .exclude(task__status=TaskStatus.DONE)
        .select_related("unit", "inspection", "inspection__inspecting_unit")
    )
    for rec in late:
        days = (today - rec.deadline).days
        lines = [
            f"{rec.unit.name}: {rec.text}",
            f"Quá hạn {days} ngày (hạn {rec.deadline:%d/%m/%Y}).",
        ]
        targets = [
            (holder.user_id, holder.email, rec.task.get_absolute_url() if rec.task else "")
            for holder in role_holders(unit=rec.unit, roles=[Role.OFFICER])
        ] + [
            (holder.user_id, holder.email, rec.inspection.get_absolute_url())
            for holder in role_holders(unit=rec.inspection.inspecting_unit, roles=[Role.INSPECTOR])
        ]
        for user_id, email, url in targets:
            message = _Message(
                title=f"Kiến nghị sau kiểm tra quá hạn khắc phục — {rec.unit.name}",
                url=url,
                email=email,
                lines=lines,
            )
            if _deliver(
                rule=f"followup:{rec.pk}",
                user_id=user_id,
                day=today,
                message=message,
                outbox=outbox,
            ):
                counts.overdue += 1
            else:
                counts.duplicates += 1


def reminders_send(*, today: datetime.date | None = None) -> ReminderCounts:
    """Sends the day's reminders of every running rollout; safe to run more than once a day."""
    today = today or timezone.localdate()
    counts = ReminderCounts()
    outbox: list[EmailMessage] = []
    grace = datetime.timedelta(days=_overdue_days())
    rollouts = Rollout.objects.filter(starts_on__lte=today).select_related(
        "unit", "directive", "directive__kind"
    )
    for rollout in rollouts:
        if today > max(rollout.dissemination_due, rollout.plan_due) + grace:
            continue
        statuses = subtree_statuses(rollout=rollout, unit=rollout.unit, today=today)
        _officer_reminders(rollout, statuses, today, counts, outbox)
        _member_reminders(rollout, today, counts, outbox)
    _report_reminders(today, counts, outbox)
    _follow_up_reminders(today, counts, outbox)
    if outbox:
        try:
            with get_connection() as connection:
                counts.emails = connection.send_messages(outbox) or 0
        except Exception:  # the in-app notifications stand even if the mail server is down
            logger.exception("sending %d reminder e-mails failed", len(outbox))
    return counts


def reminders_run_daily(*args: Any) -> str:
    """Entry point of the django-q2 daily schedule."""
    counts = reminders_send()
    return (
        f"approaching={counts.approaching} overdue={counts.overdue} "
        f"study={counts.study} reports_due={counts.reports_due} "
        f"reports_late={counts.reports_late} duplicates={counts.duplicates} emails={counts.emails}"
    )
