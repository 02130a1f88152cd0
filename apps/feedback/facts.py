"""Facts of kind "feedback" for the effect view and evaluations (apps.common.facts).

By default only concluded feedback whose outcome is marked `upheld` in the reference data
("Phản ánh đúng", "Phản ánh đúng một phần") is a fact (`settings.FEEDBACK_EVIDENCE_OUTCOMES`
may name other codes): a feedback not substantiated says
nothing about the official's conduct, and open feedback is not yet evidence. One fact per
feedback: subject "unit" → the unit concerned; subject "person" → the official, once the
handler has identified them. `code` is the outcome code, `label` its Vietnamese wording,
`criterion_id` the conduct criterion (None for "khác"), `date` the day of the conclusion.
With `actor`, only feedback about units the actor may see in the effect view, evaluations or
the feedback pages is returned.
"""

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from apps.access import scoping
from apps.common.facts import Fact, FactQuery
from apps.feedback.enums import FeedbackStatus
from apps.feedback.models import Feedback, FeedbackOutcome

_READ_ACTIONS = ("effect.view", "evaluation.view", "feedback.view")


def evidence_outcomes() -> list[str]:
    configured = getattr(settings, "FEEDBACK_EVIDENCE_OUTCOMES", None)
    if configured:
        return list(configured)
    return list(FeedbackOutcome.objects.filter(upheld=True).values_list("code", flat=True))


def _actor_q(actor: Any) -> Q:
    if scoping.is_admin(actor):
        return Q()
    query = Q(pk__in=[])
    for action in _READ_ACTIONS:
        query |= scoping.scope_q(actor, action, field="unit")
    return query


def feedback_facts(query: FactQuery) -> list[Fact]:
    qs = Feedback.objects.filter(
        status__in=(FeedbackStatus.CONCLUDED, FeedbackStatus.PUBLISHED),
        outcome__in=evidence_outcomes(),
        concluded_at__isnull=False,
    )
    if query.subject_kind == "person":
        qs = qs.filter(person__isnull=False)
        if query.ids is not None:
            qs = qs.filter(person_id__in=query.ids)
    elif query.subject_kind == "unit":
        if query.ids is not None:
            qs = qs.filter(unit_id__in=query.ids)
    else:
        return []
    if query.subtree_path:
        qs = qs.filter(unit__path__startswith=query.subtree_path)
    if query.start:
        qs = qs.filter(concluded_at__date__gte=query.start)
    if query.end:
        qs = qs.filter(concluded_at__date__lte=query.end)
    if query.directive_id is not None:
        qs = qs.filter(criterion__directive_id=query.directive_id)
    if query.actor is not None:
        qs = qs.filter(_actor_q(query.actor))
    facts = []
    for feedback in qs.select_related("unit", "outcome").order_by("concluded_at", "pk"):
        assert feedback.concluded_at is not None  # noqa: S101 - filtered above
        assert feedback.outcome is not None  # noqa: S101 - filtered above
        person = query.subject_kind == "person"
        facts.append(
            Fact(
                kind="feedback",
                subject_kind=query.subject_kind,
                subject_id=feedback.person_id if person else feedback.unit_id,  # type: ignore[arg-type]
                unit_id=feedback.unit_id,
                date=feedback.concluded_at.date(),
                code=feedback.outcome.code,
                label=feedback.outcome.name,
                url=reverse("feedback_detail", args=[feedback.pk]),
                criterion_id=feedback.criterion_id,
                severity=feedback.outcome.severity,
                open=feedback.status != FeedbackStatus.PUBLISHED,
                extra={"reference": feedback.reference, "evidence": True},
            )
        )
    return facts
