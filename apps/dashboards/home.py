"""Home pages: what needs the user now.

- a leader: plans waiting for their decision, units of their subtree behind or overdue (worst
  first) and the headline figures of each running rollout;
- an officer: sessions to hold and to mark, their units' plans and reports due (with the
  deadline) or returned, people still owing study;
- a member: what they still owe, one step at a time (apps.rollout.session_selectors).

The rollout and plans items are `WorkItem`s like every other app's (`apps.common.plugins`):
`rollout_work` is registered in DashboardsConfig.ready next to the other apps' providers, and
the home page shows `plugins.work_items(user)`, most urgent first. A fixed number of queries
per running rollout, whatever the size of the subtree.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from apps.access import scoping
from apps.common.listing import Sorting
from apps.common.plugins import WorkItem
from apps.common.types import Actor
from apps.dashboards.progress import PROGRESS_SORTS, Progress, ProgressRow, rollout_progress
from apps.org.models import Unit
from apps.org.selectors import scope_roots
from apps.plans.enums import PlanStatus, ReportStatus
from apps.plans.models import Plan, Report, ReportPeriod
from apps.plans.selectors import plans_awaiting_decision
from apps.rollout.models import Attendance, ConnectionPoint, Rollout
from apps.rollout.selectors import rollout_list, subtree_figures
from apps.rollout.services.deadlines import DeadlineBook
from apps.rollout.session_selectors import MemberTask

# A rollout stays on the home page this long after its last deadline (late units still act).
ACTIVE_AFTER_DUE = datetime.timedelta(days=90)
SOON = datetime.timedelta(days=7)
WORST_SHOWN = 5
SESSIONS_SHOWN = 8

GROUP_PLANS = "Kế hoạch"
GROUP_REPORTS = "Báo cáo"
GROUP_SESSIONS = "Hội nghị quán triệt"
GROUP_STUDY = "Học tập, quán triệt"


def active_rollouts(*, actor: Actor, today: datetime.date | None = None) -> list[Rollout]:
    """Rollouts in the actor's view that still carry work: started, and not long past their
    deadlines or with a report period still open. One query."""
    today = today or timezone.localdate()
    since = today - ACTIVE_AFTER_DUE
    open_period = ReportPeriod.objects.filter(
        template__rollout=OuterRef("pk"), due_on__gte=since, starts_on__lte=today
    )
    return list(
        rollout_list(actor=actor)
        .filter(starts_on__lte=today)
        .filter(Q(dissemination_due__gte=since) | Q(plan_due__gte=since) | Exists(open_period))
        .order_by("-starts_on", "pk")
    )


def _roots_in(actor: Actor, action: str, rollout: Rollout) -> list[Unit]:
    """The actor's top units for `action` inside the rollout's subtree (the rollout's own unit
    when the actor's scope is above it)."""
    if scoping.can(actor, action, rollout.unit):
        return [rollout.unit]
    return [
        u
        for u in scope_roots(actor, action).select_related("kind")
        if u.path.startswith(rollout.unit.path)
    ]


def _urgency(due: datetime.date, today: datetime.date) -> int:
    if today > due:
        return 2
    return 1 if due - today <= SOON else 0


def _due_detail(due: datetime.date, today: datetime.date) -> str:
    if today > due:
        return f"quá hạn từ {due:%d/%m/%Y}"
    return f"hạn {due:%d/%m/%Y}"


# --- leader ------------------------------------------------------------------------------------


def leader_items(*, actor: Actor, rollouts: list[Rollout]) -> list[WorkItem]:
    if not scoping.has_action(actor, "plan.approve"):
        return []
    items = []
    for rollout in rollouts:
        waiting = plans_awaiting_decision(actor=actor, rollout=rollout).count()
        if waiting:
            items.append(
                WorkItem(
                    label="Kế hoạch chờ đồng chí phê duyệt",
                    count=waiting,
                    url=f"{reverse('plan_list', args=[rollout.pk])}?cho=toi",
                    urgency=1,
                    group=GROUP_PLANS,
                    detail=str(rollout.directive),
                )
            )
    return items


# --- officer -----------------------------------------------------------------------------------


def _session_items(actor: Actor, rollouts: list[Rollout], now: datetime.datetime) -> list[WorkItem]:
    """Connection points in the actor's marking scope: started and not marked yet (to mark),
    or coming (to hold)."""
    if not rollouts:
        return []
    marked = Attendance.objects.filter(point=OuterRef("pk"))
    points = list(
        ConnectionPoint.objects.filter(
            scoping.scope_q(actor, "rollout.mark"),
            session__rollout__in=rollouts,
        )
        .filter(
            Q(session__starts_at__gt=now)
            | Q(~Exists(marked), session__starts_at__lte=now + datetime.timedelta(hours=1))
        )
        .select_related("session", "unit")
        .order_by("session__starts_at", "unit__path")[: SESSIONS_SHOWN * 4]
    )
    to_mark = [p for p in points if p.session.starts_at <= now + datetime.timedelta(hours=1)]
    coming = [p for p in points if p.session.starts_at > now]
    items = [
        WorkItem(
            label=f"Điểm danh: {p.session.title} — {p.unit.name}",
            count=1,
            url=reverse("session_mark", args=[p.pk]),
            urgency=2 if p.session.ends_at < now else 1,
            group=GROUP_SESSIONS,
            detail=f"{timezone.localtime(p.session.starts_at):%H:%M %d/%m/%Y}, chưa điểm danh",
        )
        for p in to_mark[:SESSIONS_SHOWN]
    ]
    items += [
        WorkItem(
            label=f"Tổ chức: {p.session.title} — {p.unit.name}",
            count=1,
            url=reverse("session_detail", args=[p.session_id]),
            urgency=1 if p.session.starts_at - now <= SOON else 0,
            group=GROUP_SESSIONS,
            detail=f"{timezone.localtime(p.session.starts_at):%H:%M %d/%m/%Y}, {p.place}",
        )
        for p in coming[:SESSIONS_SHOWN]
    ]
    return items


def _plan_items(
    rollout: Rollout, units: list[Unit], book: DeadlineBook, today: datetime.date
) -> list[WorkItem]:
    plans = {p.unit_id: p for p in Plan.objects.filter(rollout=rollout, unit__in=units)}
    items = []
    for unit in units:
        plan = plans.get(unit.pk)
        due = book.for_unit(unit).plan
        if plan is not None and plan.status in {PlanStatus.SUBMITTED, PlanStatus.APPROVED}:
            continue
        if plan is not None and plan.status == PlanStatus.RETURNED:
            label, url, urgency = (
                f"Kế hoạch bị trả lại: {unit.name}",
                plan.get_absolute_url(),
                2,
            )
        elif plan is not None:
            label, url, urgency = (
                f"Trình kế hoạch: {unit.name}",
                plan.get_absolute_url(),
                _urgency(due, today),
            )
        else:
            label, url, urgency = (
                f"Lập và trình kế hoạch: {unit.name}",
                f"{reverse('plan_new', args=[rollout.pk])}?unit={unit.pk}",
                _urgency(due, today),
            )
        items.append(
            WorkItem(
                label=label,
                count=1,
                url=url,
                urgency=urgency,
                group=GROUP_PLANS,
                detail=_due_detail(due, today),
            )
        )
    return items


def _report_items(rollout: Rollout, units: list[Unit], today: datetime.date) -> list[WorkItem]:
    periods = list(
        ReportPeriod.objects.filter(
            template__rollout=rollout,
            starts_on__lte=today,
            due_on__gte=today - ACTIVE_AFTER_DUE,
        ).order_by("due_on")
    )
    if not periods:
        return []
    reports = {
        (r.period_id, r.unit_id): r
        for r in Report.objects.filter(period__in=periods, unit__in=units).only(
            "pk", "period_id", "unit_id", "status"
        )
    }
    items = []
    for period in periods:
        for unit in units:
            report = reports.get((period.pk, unit.pk))
            if report is not None and report.status == ReportStatus.SUBMITTED:
                continue
            returned = report is not None and report.status == ReportStatus.RETURNED
            items.append(
                WorkItem(
                    label=(
                        f"Báo cáo bị trả lại: {period.name} — {unit.name}"
                        if returned
                        else f"Gửi báo cáo {period.name} — {unit.name}"
                    ),
                    count=1,
                    url=reverse("report_edit", args=[period.pk, unit.pk]),
                    urgency=2 if returned else _urgency(period.due_on, today),
                    group=GROUP_REPORTS,
                    detail=_due_detail(period.due_on, today),
                )
            )
    return items


def _owing_item(rollout: Rollout, unit: Unit, book: DeadlineBook, today: datetime.date) -> Any:
    sums = subtree_figures(rollout, [unit.pk]).get(unit.pk, {})
    owing = sums.get("people", 0) - sums.get("exempt", 0) - sums.get("done", 0)
    if owing <= 0:
        return None
    due = book.for_unit(unit).dissemination
    return WorkItem(
        label=f"Người chưa hoàn thành học tập — {unit.name}",
        count=owing,
        url=f"{reverse('rollout_pending', args=[rollout.pk])}?unit={unit.pk}",
        urgency=_urgency(due, today),
        group=GROUP_STUDY,
        detail=_due_detail(due, today),
    )


def officer_items(*, actor: Actor, rollouts: list[Rollout]) -> list[WorkItem]:
    if not (scoping.has_action(actor, "rollout.mark") or scoping.has_action(actor, "plan.submit")):
        return []
    now = timezone.now()
    today = timezone.localdate(now)
    items = (
        _session_items(actor, rollouts, now) if scoping.has_action(actor, "rollout.mark") else []
    )
    for rollout in rollouts:
        book = DeadlineBook(rollout)
        roots = _roots_in(actor, "plan.submit", rollout)
        if roots:
            items += _plan_items(rollout, roots, book, today)
            items += _report_items(rollout, roots, today)
            for root in roots:
                owing = _owing_item(rollout, root, book, today)
                if owing is not None:
                    items.append(owing)
    return items


def rollout_work(user: Any) -> list[WorkItem]:
    """The work provider of rollouts and plans (registered in DashboardsConfig.ready)."""
    if not user.is_authenticated or not (
        scoping.is_admin(user) or scoping.has_action(user, "rollout.view")
    ):
        return []
    rollouts = active_rollouts(actor=user)
    return leader_items(actor=user, rollouts=rollouts) + officer_items(
        actor=user, rollouts=rollouts
    )


# --- the figures of each running rollout at the actor's top unit --------------------------------


@dataclass
class Headline:
    rollout: Rollout
    unit: Unit
    progress: Progress
    worst: list[ProgressRow]
    overdue_children: int
    plans_submitted: int

    @property
    def total(self) -> ProgressRow:
        return self.progress.total

    @property
    def progress_url(self) -> str:
        return f"{reverse('rollout_progress', args=[self.rollout.pk])}?unit={self.unit.pk}"

    @property
    def worst_url(self) -> str:
        return f"{self.progress_url}&sap_xep=cham_nhat"

    @property
    def overdue_url(self) -> str:
        base = reverse("rollout_overdue", args=[self.rollout.pk])
        return f"{base}?unit={self.unit.pk}&cap=1"

    @property
    def plans_url(self) -> str:
        return f"{reverse('plan_list', args=[self.rollout.pk])}?unit={self.unit.pk}"

    @property
    def children_count(self) -> int:
        return len(self.progress.children)


def worst_first(rows: list[ProgressRow]) -> list[ProgressRow]:
    """Overdue units first, then the lowest share done (the progress table's "cham_nhat")."""
    return PROGRESS_SORTS.apply_list(rows, Sorting("cham_nhat", descending=False))


def headlines(*, actor: Actor, rollouts: list[Rollout]) -> list[Headline]:
    result = []
    for rollout in rollouts:
        for unit in _roots_in(actor, "rollout.view", rollout)[:3]:
            progress = rollout_progress(rollout=rollout, unit=unit)
            children = progress.children
            behind = [r for r in worst_first(children) if r.overdue or (r.percent or 0) < 100]
            result.append(
                Headline(
                    rollout=rollout,
                    unit=unit,
                    progress=progress,
                    worst=[r for r in behind if r.percent is not None][:WORST_SHOWN],
                    overdue_children=sum(1 for r in children if r.overdue),
                    plans_submitted=sum(1 for r in children if r.plan_submitted),
                )
            )
    return result


# --- member ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberStep:
    label: str
    url: str
    detail: str
    overdue: bool


def member_steps(tasks: list[MemberTask]) -> list[MemberStep]:
    """What the member still owes, one tap to each step, in the order they are done: attend
    (or check in at) a session, else read the text and pass the quiz; then sign."""
    now = timezone.now()
    steps = []
    for task in tasks:
        p = task.participant
        if p.done or p.exempt:
            continue
        name = str(p.rollout.directive)
        detail = _due_detail(task.deadline, timezone.localdate(now))
        page = reverse("my_participation", args=[p.pk])
        if task.owes_study:
            for session in task.sessions:
                if session.starts_at <= now <= session.ends_at:
                    steps.append(
                        MemberStep(
                            f"Tự điểm danh: {session.title}",
                            reverse("session_checkin", args=[session.pk]),
                            f"đang diễn ra, {session.place}",
                            False,
                        )
                    )
            if not p.read_at:
                steps.append(
                    MemberStep(
                        f"Đọc toàn văn {name}",
                        reverse("my_reading", args=[p.pk]),
                        detail,
                        task.overdue,
                    )
                )
            else:
                steps.append(
                    MemberStep(f"Làm bài kiểm tra {name}", f"{page}#kiem-tra", detail, task.overdue)
                )
        if task.owes_commitment:
            steps.append(
                MemberStep(f"Ký bản cam kết {name}", f"{page}#cam-ket", detail, task.overdue)
            )
    return steps
