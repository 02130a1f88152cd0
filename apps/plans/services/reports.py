"""Periodic reports: template, periods, a unit's report, submission, return, closing.

A unit's report holds ITS OWN figures (what the unit itself did); the consolidation at any
level adds up the reports of its whole subtree (apps.plans.selectors.report_consolidation),
so nothing is counted twice. Indicators the system knows are prefilled and marked `auto`.

Report workflow, as a transition table like the plans' one:
draft → submitted (officer of the unit), returned → submitted (same), submitted → returned
(an official of the SUPERIOR unit, with a comment). Once a level closes a period
(`period_close`), every report of its subtree for that period is locked.
"""

import datetime
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apps.access import scoping
from apps.access.enums import Role
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.notifications import notify
from apps.common.text import control_message, find_control
from apps.common.types import Actor
from apps.org.models import Unit
from apps.people.selectors import role_holders_nearest
from apps.plans.enums import AutoSource, ReportStatus
from apps.plans.models import (
    Indicator,
    NarrativeSection,
    PeriodClosure,
    Report,
    ReportPeriod,
    ReportPeriodKind,
    ReportSection,
    ReportTemplate,
    ReportValue,
)
from apps.plans.selectors import closure_for, report_consolidation, unit_own_figures
from apps.plans.services.plans import parent_unit, require_scope
from apps.rollout.models import Rollout

REPORT_TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED): ("report.submit", "unit"),
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED): ("report.submit", "unit"),
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED): ("report.review", "parent"),
}

DEFAULT_INDICATORS: list[tuple[str, str, str, str]] = [
    ("sessions_held", "Số hội nghị quán triệt đã tổ chức", "cuộc", AutoSource.SESSIONS_HELD),
    ("people_required", "Số người phải quán triệt", "người", AutoSource.PEOPLE_REQUIRED),
    ("people_reached", "Số người đã được quán triệt", "người", AutoSource.PEOPLE_REACHED),
    ("plan_submitted", "Đã trình kế hoạch thực hiện (1 = có)", "", AutoSource.PLAN_SUBMITTED),
    ("violations_found", "Số trường hợp vi phạm phát hiện", "trường hợp", AutoSource.NONE),
    (
        "people_commended",
        "Số tập thể, cá nhân được biểu dương, khen thưởng",
        "lượt",
        AutoSource.NONE,
    ),
]
DEFAULT_SECTIONS = [
    "Kết quả thực hiện",
    "Hạn chế, khó khăn và nguyên nhân",
    "Phương hướng, nhiệm vụ thời gian tới",
    "Kiến nghị, đề xuất",
]


_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")


def _refuse_if_closed(period: ReportPeriod, unit: Unit) -> None:
    closure = closure_for(period, unit)
    if closure is not None:
        raise ApplicationError(
            f"Kỳ báo cáo “{period.name}” đã được {closure.unit.name} khóa sổ ngày "
            f"{timezone.localtime(closure.closed_at):%d/%m/%Y}; số liệu không thể thay đổi."
        )


@transaction.atomic
def report_template_setup(
    *,
    actor: Actor,
    rollout: Rollout,
    title: str = "",
    indicators: list[tuple[str, str, str, str]] | None = None,
    sections: list[str] | None = None,
) -> ReportTemplate:
    """Creates the rollout's report template (default indicators and sections if not given)."""
    require_scope(actor, "report.manage", rollout.unit)
    if ReportTemplate.objects.filter(rollout=rollout).exists():
        raise ApplicationError("Đợt triển khai đã có mẫu báo cáo.")
    template = ReportTemplate.objects.create(
        rollout=rollout, title=title or f"Báo cáo kết quả thực hiện {rollout.directive}"
    )
    Indicator.objects.bulk_create(
        [
            Indicator(
                template=template, code=code, name=name, unit_label=label, auto_source=src, order=i
            )
            for i, (code, name, label, src) in enumerate(indicators or DEFAULT_INDICATORS, 1)
        ]
    )
    NarrativeSection.objects.bulk_create(
        [
            NarrativeSection(template=template, title=name, order=i)
            for i, name in enumerate(sections or DEFAULT_SECTIONS, 1)
        ]
    )
    return template


@transaction.atomic
def report_period_create(
    *,
    actor: Actor,
    template: ReportTemplate,
    kind: ReportPeriodKind,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    due_on: datetime.date,
) -> ReportPeriod:
    require_scope(actor, "report.manage", template.rollout.unit)
    name = " ".join(name.split())
    if not name:
        raise ApplicationError("Cần nhập tên kỳ báo cáo.")
    if ends_on < starts_on:
        raise ApplicationError("Ngày kết thúc kỳ báo cáo không được trước ngày bắt đầu.")
    if due_on < starts_on:
        raise ApplicationError("Hạn gửi báo cáo không được trước ngày bắt đầu kỳ.")
    period = ReportPeriod(
        template=template, kind=kind, name=name, starts_on=starts_on, ends_on=ends_on, due_on=due_on
    )
    period.full_clean()
    period.save()
    return period


def _auto_values(report: Report) -> dict[int, int]:
    figures = unit_own_figures(
        rollout=report.period.template.rollout, unit=report.unit, period=report.period
    )
    result = {}
    for indicator in report.period.template.indicators.all():
        value = figures.get(indicator.auto_source)
        if value is not None:
            result[indicator.pk] = value
    return result


@transaction.atomic
def report_open(*, actor: Actor, period: ReportPeriod, unit: Unit) -> Report:
    """The unit's report for the period, created as a draft with the automatic figures."""
    require_scope(actor, "report.submit", unit)
    rollout = period.template.rollout
    if not unit.path.startswith(rollout.unit.path):
        raise ApplicationError("Đơn vị không thuộc phạm vi của đợt triển khai này.")
    report = Report.objects.filter(period=period, unit=unit).first()
    if report is not None:
        return report
    _refuse_if_closed(period, unit)
    report = Report(period=period, unit=unit)
    report._history_user = actor_user(actor)  # type: ignore[attr-defined]
    try:
        # Two first openings at once (PostgreSQL): the second insert waits for the first
        # transaction, then hits report_unique; it then reads the committed report.
        with transaction.atomic():
            report.save()
    except IntegrityError:
        return Report.objects.get(period=period, unit=unit)
    auto = _auto_values(report)
    user = actor_user(actor)
    bulk_create_with_history(
        [
            ReportValue(
                report=report,
                period=period,
                unit=unit,
                indicator=indicator,
                value=auto.get(indicator.pk),
                auto=indicator.pk in auto,
            )
            for indicator in period.template.indicators.all()
        ],
        ReportValue,
        default_user=user,
    )
    bulk_create_with_history(
        [ReportSection(report=report, section=s) for s in period.template.sections.all()],
        ReportSection,
        default_user=user,
    )
    return report


def parse_figure(raw: Any, label: str) -> int | None:
    """'' → None (not reported); a whole number ≥ 0 → int; anything else → a clear error."""
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if _GROUPED.fullmatch(text):  # Vietnamese thousands grouping: 1.234.567
            text = text.replace(".", "")
        if text.startswith("-") and text[1:].isdigit():
            raise ApplicationError(f"Chỉ tiêu “{label}”: số liệu không được là số âm ({raw}).")
        if not text.isdigit():
            raise ApplicationError(f"Chỉ tiêu “{label}”: “{raw}” không phải là số nguyên.")
        value = int(text)
    if value < 0:
        raise ApplicationError(f"Chỉ tiêu “{label}”: số liệu không được là số âm ({raw}).")
    if value > 10**12:
        raise ApplicationError(f"Chỉ tiêu “{label}”: số liệu quá lớn ({raw}).")
    return value


@transaction.atomic
def report_save(
    *,
    actor: Actor,
    report: Report,
    values: dict[int, Any],
    sections: dict[int, str] | None = None,
    submit: bool = False,
) -> Report:
    """Saves the figures and narrative of a draft (or returned) report; optionally submits it.

    Every figure is validated before anything is written: one bad figure changes nothing.
    Automatic figures are recomputed, not taken from the form.
    """
    report = Report.objects.select_for_update().select_related("period", "unit").get(pk=report.pk)
    require_scope(actor, "report.submit", report.unit)
    _refuse_if_closed(report.period, report.unit)
    if report.status == ReportStatus.SUBMITTED:
        raise ApplicationError("Báo cáo đã gửi; chỉ sửa được khi cấp trên trả lại.")
    texts = list(report.sections.select_related("section")) if sections else []
    for text in texts:
        char = find_control(sections.get(text.section_id) or "") if sections else None
        if char is not None:
            raise ApplicationError(f"Phần “{text.section.title}”: {control_message(char)}")
    rows = list(report.values.select_related("indicator"))
    auto = _auto_values(report)
    parsed: dict[int, int | None] = {}
    for row in rows:
        if row.indicator_id in auto:
            parsed[row.pk] = auto[row.indicator_id]
        else:
            parsed[row.pk] = parse_figure(values.get(row.indicator_id), row.indicator.name)
    # Only what changed is written, with a history row each (who, when, the new value).
    user = actor_user(actor)
    changed = []
    for row in rows:
        value, is_auto = parsed[row.pk], row.indicator_id in auto
        if (row.value, row.auto) != (value, is_auto):
            row.value, row.auto = value, is_auto
            changed.append(row)
    if changed:
        bulk_update_with_history(changed, ReportValue, ["value", "auto"], default_user=user)
    if sections:
        edited = []
        for text in report.sections.all():
            new_text = sections.get(text.section_id)
            if new_text is not None and text.text != new_text.strip():
                text.text = new_text.strip()
                edited.append(text)
        if edited:
            bulk_update_with_history(edited, ReportSection, ["text"], default_user=user)
    if submit:
        return report_transition(actor=actor, report=report, to=ReportStatus.SUBMITTED)
    return report


@transaction.atomic
def report_transition(*, actor: Actor, report: Report, to: str, comment: str = "") -> Report:
    report = Report.objects.select_for_update().select_related("period", "unit").get(pk=report.pk)
    rule = REPORT_TRANSITIONS.get((report.status, to))
    if rule is None:
        raise ApplicationError(
            f"Không thể chuyển báo cáo từ “{ReportStatus(report.status).label}” sang "
            f"“{ReportStatus(to).label if to in ReportStatus.values else to}”."
        )
    action, where = rule
    if actor is None:
        allowed = True
    elif where == "unit":
        allowed = scoping.can(actor, action, report.unit)
    else:
        superior = parent_unit(report.unit)
        allowed = (
            scoping.is_admin(actor) if superior is None else scoping.can(actor, action, superior)
        )
    if not allowed:
        raise ApplicationError(
            "Chỉ cấp trên trực tiếp mới được trả lại báo cáo này."
            if where == "parent"
            else "Bạn không có quyền gửi báo cáo của đơn vị này."
        )
    _refuse_if_closed(report.period, report.unit)
    comment = comment.strip()
    previous = ReportStatus(report.status).label
    fields = ["status"]
    if to == ReportStatus.SUBMITTED:
        now = timezone.now()
        report.submitted_at = now
        report.submitted_by = actor_user(actor)
        report.submitted_late = timezone.localdate(now) > report.period.due_on
        report.return_comment = ""
        fields += ["submitted_at", "submitted_by", "submitted_late", "return_comment"]
        report.values.update(submitted=True)
    else:
        if not comment:
            raise ApplicationError("Khi trả lại báo cáo cần ghi rõ ý kiến để đơn vị sửa.")
        report.return_comment = comment
        fields.append("return_comment")
        report.values.update(submitted=False)
    report.status = to
    report._history_user = actor_user(actor)  # type: ignore[attr-defined]
    reason = f"{previous} → {ReportStatus(to).label}"
    if comment:
        reason += f": {comment}"
    report._change_reason = reason[:500]  # type: ignore[attr-defined]
    report.save(update_fields=fields)
    _report_notify(report, to=to, comment=comment)
    return report


def _report_notify(report: Report, *, to: str, comment: str) -> None:
    """Submitted: the superior's leaders and officers (who review it); returned: the unit's
    officers (who correct it). One event per submission or return."""
    title = f"{report.period.name} — {report.unit.name}"
    url = report.get_absolute_url()
    stamp = f"{timezone.now():%Y%m%d%H%M%S%f}"
    if to == ReportStatus.SUBMITTED:
        notify(
            recipients=role_holders_nearest(
                unit=report.unit, roles=[Role.LEADER, Role.OFFICER], above=True
            ),
            event=f"report:{report.pk}:submitted:{stamp}",
            title=f"Báo cáo mới gửi: {title}",
            body=f"{report.unit.name} đã gửi báo cáo {report.period.name}"
            + (" (muộn so với hạn)." if report.submitted_late else "."),
            url=url,
        )
    else:
        notify(
            recipients=role_holders_nearest(unit=report.unit, roles=[Role.OFFICER], above=False),
            event=f"report:{report.pk}:returned:{stamp}",
            title=f"Báo cáo bị trả lại: {title}",
            body=f"Cấp trên trả lại báo cáo {report.period.name} để sửa. Ý kiến: {comment}",
            url=reverse("report_edit", args=[report.period_id, report.unit_id]),
        )


@transaction.atomic
def period_close(*, actor: Actor, period: ReportPeriod, unit: Unit) -> PeriodClosure:
    """Closes the period at `unit`: its subtree's figures are locked and a snapshot kept."""
    require_scope(actor, "report.close", unit)
    _refuse_if_closed(period, unit)
    consolidation = report_consolidation(period=period, unit=unit)
    totals = {
        "indicators": {
            i.code: consolidation.total.values.get(i.pk) for i in consolidation.indicators
        },
        "reported": consolidation.total.reported,
        "expected": consolidation.total.expected,
    }
    closure = PeriodClosure.objects.create(
        period=period,
        unit=unit,
        closed_by=actor_user(actor),
        closed_at=timezone.now(),
        totals=totals,
    )
    return closure
