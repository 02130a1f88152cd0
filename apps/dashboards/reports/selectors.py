"""Loads everything an export needs, once, so the renderers never query."""

import datetime

from django.utils import timezone

from apps.dashboards.progress import rollout_progress
from apps.dashboards.reports.builders import ReportBundle
from apps.org.models import Unit
from apps.people.models import Person
from apps.plans.models import Report, ReportPeriod
from apps.plans.selectors import report_consolidation
from apps.plans.services.plans import parent_unit


def report_bundle(
    *, period: ReportPeriod, unit: Unit, today: datetime.date | None = None
) -> ReportBundle:
    """Caller has checked scope (report_unit_for_actor with action "report.export")."""
    rollout = period.template.rollout
    directive = rollout.directive
    own = Report.objects.filter(period=period, unit=unit).first()
    sections = (
        [
            (s.section.title, s.text)
            for s in own.sections.select_related("section").order_by("section__order")
        ]
        if own is not None
        else [(s.title, "") for s in period.template.sections.all()]
    )
    head = Person.objects.filter(unit=unit, is_head=True).order_by("pk").first()
    root = Unit.objects.filter(path=unit.path[: Unit.steplen]).first()
    return ReportBundle(
        consolidation=report_consolidation(period=period, unit=unit),
        progress=rollout_progress(rollout=rollout, unit=unit),
        directive_label=f"{directive.kind.name} số {directive.symbol or directive.number}",
        superior=parent_unit(unit),
        root_name=root.name if root else unit.name,
        sections=sections,
        signer=head.full_name if head else "",
        today=today or timezone.localdate(),
    )
