"""Facts this context provides through `apps.common.facts` (kinds "finding", "discipline",
"inspection"). Each provider is one query (plus one for the named people of findings when
persons are asked for) and honours every field of `FactQuery`:

- `subject_kind` "unit": findings / cases / inspections about a unit (the finding's unit, the
  organisation disciplined, the inspected party organisation); "person": the people named in
  findings, the members disciplined, the members named as targets of inspections.
- `ids`, `subtree_path` (on that unit, or on the person's unit), `start`/`end` (the conclusion
  date, the decision date, the decision-or-start date), `directive_id`.
- `actor`: confidentiality. None = the system (everything). Findings and concluded inspections:
  overseers (strictly above) and holders of `inspection.conclusion.view` on the subject;
  inspections in progress: overseers only; discipline: overseers of the subject
  (`discipline.view`, strictly above) only.
"""

import datetime
from collections.abc import Callable
from typing import cast

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from apps.common.facts import Fact, FactQuery
from apps.inspections.enums import CONCLUDED, CaseStatus, FollowUpStatus, InspectionStatus
from apps.inspections.models import DisciplineCase, Finding, Inspection, Recommendation
from apps.inspections.selectors import oversee_q, published_q

DECIDED_CASES = [CaseStatus.DECIDED, CaseStatus.APPEALED, CaseStatus.EXECUTED]


def _url_maker(name: str) -> "Callable[[int], str]":
    """`reverse` once, then string formatting: a province's facts are thousands of rows."""
    marker = 987654321
    template = reverse(name, args=[marker]).replace(str(marker), "{}")
    return template.format


def _dates(qs: QuerySet, field: str, query: FactQuery) -> QuerySet:
    if query.start is not None:
        qs = qs.filter(**{f"{field}__gte": query.start})
    if query.end is not None:
        qs = qs.filter(**{f"{field}__lte": query.end})
    return qs


def finding_facts(query: FactQuery) -> list[Fact]:
    qs = Finding.objects.filter(
        inspection__status__in=list(CONCLUDED), inspection__concluded_on__isnull=False
    )
    if query.actor is not None:
        qs = qs.filter(published_q(query.actor, "inspection"))
    if query.directive_id is not None:
        qs = qs.filter(inspection__directive_id=query.directive_id)
    qs = _dates(qs, "inspection__concluded_on", query)
    open_follow_up = Recommendation.objects.filter(
        finding=OuterRef("pk"), status=FollowUpStatus.OPEN
    )
    overdue_follow_up = open_follow_up.filter(deadline__lt=timezone.localdate())
    qs = qs.annotate(has_open=Exists(open_follow_up), has_overdue=Exists(overdue_follow_up))
    fields = (
        "pk",
        "unit_id",
        "criterion_id",
        "key_task_id",
        "text",
        "level__code",
        "level__name",
        "level__rank",
        "level__is_violation",
        "inspection_id",
        "inspection__concluded_on",
        "inspection__title",
        "has_open",
        "has_overdue",
    )
    if query.subject_kind == "unit":
        if query.subtree_path:
            qs = qs.filter(unit__path__startswith=query.subtree_path)
        if query.ids is not None:
            qs = qs.filter(unit_id__in=query.ids)
        rows = [(None, *r) for r in qs.values_list(*fields)]
    elif query.subject_kind == "person":
        through = Finding.people.through.objects.filter(finding__in=qs)
        if query.subtree_path:
            through = through.filter(person__unit__path__startswith=query.subtree_path)
        if query.ids is not None:
            through = through.filter(person_id__in=query.ids)
        pending = Recommendation.objects.filter(
            finding=OuterRef("finding_id"), status=FollowUpStatus.OPEN
        )
        rows = list(
            through.annotate(
                has_open=Exists(pending),
                has_overdue=Exists(pending.filter(deadline__lt=timezone.localdate())),
            ).values_list(
                "person_id", *[f"finding__{f}" for f in fields[:-2]], "has_open", "has_overdue"
            )
        )
    else:
        return []
    facts = []
    url = _url_maker("finding_detail")
    for (
        person_id,
        pk,
        unit_id,
        criterion_id,
        key_task_id,
        text,
        code,
        label,
        rank,
        violation,
        inspection_id,
        date,
        title,
        has_open,
        has_overdue,
    ) in rows:
        facts.append(
            Fact(
                kind="finding",
                subject_kind=query.subject_kind,
                subject_id=person_id if person_id is not None else unit_id,
                unit_id=unit_id,
                date=date,
                code=code,
                label=label,
                url=url(pk),
                criterion_id=criterion_id,
                severity=rank,
                open=bool(has_open),
                extra={
                    "finding_id": pk,
                    "inspection_id": inspection_id,
                    "inspection_title": title,
                    "key_task_id": key_task_id,
                    "text": text,
                    "violation": violation,
                    "overdue": bool(has_overdue),
                },
            )
        )
    return facts


def discipline_facts(query: FactQuery) -> list[Fact]:
    qs = DisciplineCase.objects.filter(
        status__in=DECIDED_CASES, form__isnull=False, decided_on__isnull=False
    )
    if query.actor is not None:
        qs = qs.filter(oversee_q(query.actor, "discipline.view", "subject_unit"))
    if query.directive_id is not None:
        qs = qs.filter(inspection__directive_id=query.directive_id)
    qs = _dates(qs, "decided_on", query)
    if query.subject_kind == "person":
        qs = qs.filter(subject_person__isnull=False)
        if query.ids is not None:
            qs = qs.filter(subject_person_id__in=query.ids)
    elif query.subject_kind == "unit":
        qs = qs.filter(subject_person__isnull=True)
        if query.ids is not None:
            qs = qs.filter(subject_unit_id__in=query.ids)
    else:
        return []
    if query.subtree_path:
        qs = qs.filter(subject_unit__path__startswith=query.subtree_path)
    rows = qs.values_list(
        "pk",
        "subject_person_id",
        "subject_unit_id",
        "decided_on",
        "form__code",
        "form__name",
        "form__severity",
        "finding__criterion_id",
        "subject_kind",
        "status",
        "effective_on",
    )
    url = _url_maker("discipline_detail")
    return [
        Fact(
            kind="discipline",
            subject_kind=query.subject_kind,
            subject_id=person_id if query.subject_kind == "person" else unit_id,
            unit_id=unit_id,
            date=cast(datetime.date, decided_on),
            code=code,
            label=name,
            url=url(pk),
            criterion_id=criterion_id,
            severity=severity,
            open=status == CaseStatus.APPEALED,
            extra={
                "case_id": pk,
                "subject_kind": subject_kind,
                "status": status,
                "effective_on": effective_on,
            },
        )
        for pk, person_id, unit_id, decided_on, code, name, severity, criterion_id, subject_kind, status, effective_on in rows  # noqa: E501
    ]


def inspection_facts(query: FactQuery) -> list[Fact]:
    """One fact per inspection and covered criterion (criterion_id None when it names none)."""
    qs = Inspection.objects.exclude(
        status__in=[InspectionStatus.PLANNED, InspectionStatus.CANCELLED]
    )
    if query.actor is not None:
        qs = qs.filter(published_q(query.actor))
    if query.directive_id is not None:
        qs = qs.filter(directive_id=query.directive_id)
    qs = _dates(qs, "starts_on", query)
    if query.subject_kind == "unit":
        if query.subtree_path:
            qs = qs.filter(subject__path__startswith=query.subtree_path)
        if query.ids is not None:
            qs = qs.filter(subject_id__in=query.ids)
        base = list(
            qs.values_list(
                "pk",
                "subject_id",
                "subject_id",
                "starts_on",
                "status",
                "kind__code",
                "kind__name",
                "title",
                "kind__is_supervision",
            )
        )
    elif query.subject_kind == "person":
        through = Inspection.target_people.through.objects.filter(inspection__in=qs)
        if query.subtree_path:
            through = through.filter(person__unit__path__startswith=query.subtree_path)
        if query.ids is not None:
            through = through.filter(person_id__in=query.ids)
        base = list(
            through.values_list(
                "inspection_id",
                "person_id",
                "person__unit_id",
                "inspection__starts_on",
                "inspection__status",
                "inspection__kind__code",
                "inspection__kind__name",
                "inspection__title",
                "inspection__kind__is_supervision",
            )
        )
    else:
        return []
    ids = {row[0] for row in base}
    covered: dict[int, list[int | None]] = {}
    for inspection_id, criterion_pk in Inspection.criteria.through.objects.filter(
        inspection_id__in=ids
    ).values_list("inspection_id", "conductcriterion_id"):
        covered.setdefault(inspection_id, []).append(criterion_pk)
    labels = dict(InspectionStatus.choices)
    detail_url = _url_maker("inspection_detail")
    conclusion_url = _url_maker("inspection_conclusion")
    facts = []
    for pk, subject_id, unit_id, date, status, code, name, title, supervision in base:
        for covered_id in covered.get(pk) or [None]:
            facts.append(
                Fact(
                    kind="inspection",
                    subject_kind=query.subject_kind,
                    subject_id=subject_id,
                    unit_id=unit_id,
                    date=date,
                    code=code,
                    label=f"{name}: {labels.get(status, status).lower()}",
                    url=conclusion_url(pk) if status in CONCLUDED else detail_url(pk),
                    criterion_id=covered_id,
                    open=status != InspectionStatus.CLOSED,
                    extra={
                        "inspection_id": pk,
                        "title": title,
                        "status": status,
                        "concluded": status in CONCLUDED,
                        "supervision": supervision,
                    },
                )
            )
    return facts
