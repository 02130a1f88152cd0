"""Reads of feedback. Officials see feedback whose HANDLING unit is in their scope for
"feedback.view"; the unit concerned sees only its explanation requests ("feedback.explain" on
the unit), with the moderated text. Citizens reach one feedback by its code, nothing else."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from apps.access import scoping
from apps.common.text import strip_diacritics
from apps.directives.enums import Polarity
from apps.directives.models import ConductCriterion
from apps.feedback import codes
from apps.feedback.enums import OPEN_STATUSES, FeedbackStatus
from apps.feedback.models import Feedback, FeedbackExplanation, FeedbackOutcome
from apps.org.models import Unit
from apps.org.paths import ancestor_paths
from apps.rollout.models import Rollout

PUBLIC_SEARCH_LIMIT = 20


# --- public -------------------------------------------------------------------------------


def public_unit_search(*, query: str) -> list[Unit]:
    """Active units below the top level whose name or code contains the words typed, without
    diacritics, each typed word starting a word of the name ("xuan huong" finds
    "Phường Xuân Hương", "an binh" does not find "Bình Lợi"); nothing for fewer than 2 letters."""
    words = strip_diacritics(query).split()
    if not words or len("".join(words)) < 2:
        return []
    qs = Unit.objects.filter(valid_to__isnull=True, depth__gt=1)
    for word in words[:6]:  # each word starts a word of the name or code
        qs = qs.filter(Q(search_text__startswith=word) | Q(search_text__contains=f" {word}"))
    return list(qs.order_by("depth", "sort_key")[:PUBLIC_SEARCH_LIMIT])


def public_unit(*, pk: int | None) -> Unit | None:
    if not pk:
        return None
    return Unit.objects.filter(pk=pk, valid_to__isnull=True, depth__gt=1).first()


def public_unit_parent_name(unit: Unit) -> str:
    paths = ancestor_paths(unit.path)
    parent = Unit.objects.filter(path=paths[-1]).only("name").first() if paths else None
    return parent.name if parent else ""


def criteria_for_unit(*, unit: Unit) -> list[ConductCriterion]:
    """The conduct criteria of the directives rolled out to this unit ("cần tránh" first)."""
    rollout_units = ancestor_paths(unit.path, include_self=True)
    directive_ids = Rollout.objects.filter(unit__path__in=rollout_units).values("directive_id")
    criteria = ConductCriterion.objects.filter(directive_id__in=directive_ids).select_related(
        "directive"
    )
    avoid_first: dict[str, int] = {Polarity.AVOID.value: 0, Polarity.DO.value: 1}
    return sorted(criteria, key=lambda c: (avoid_first.get(c.polarity, 2), c.directive_id, c.order))


def feedback_get_by_code(*, code: str) -> Feedback | None:
    if not codes.looks_valid(code):
        return None
    return Feedback.objects.filter(code_digest=codes.digest(code)).first()


# --- officials ----------------------------------------------------------------------------


def feedback_list(
    *,
    actor: Any,
    status: str = "",
    overdue: bool = False,
    query: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Feedback]:
    qs = Feedback.objects.filter(scoping.scope_q(actor, "feedback.view", field="handling_unit"))
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_q(today))
    if query:
        qs = qs.filter(unit__search_text__contains=strip_diacritics(query))
    return qs.select_related("unit", "handling_unit", "criterion", "outcome").order_by(
        "-received_at", "-pk"
    )


def overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(status=FeedbackStatus.RECEIVED, ack_due__lt=today) | Q(
        status__in=OPEN_STATUSES, answer_due__lt=today
    )


def feedback_get_for_actor(
    *, actor: Any, pk: int, action: str = "feedback.view", for_update: bool = False
) -> Feedback:
    qs = Feedback.objects.select_related("unit", "handling_unit", "criterion", "person", "outcome")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    feedback = qs.filter(pk=pk).first()
    if feedback is None:
        raise Http404
    scoping.require(actor, action, feedback.handling_unit)
    return feedback


def can_handle(actor: Any, feedback: Feedback) -> bool:
    """Intake handler: sees the sender, the original text and the attachments, and acts."""
    return scoping.can(actor, "feedback.handle", feedback.handling_unit)


def explanation_list(*, actor: Any, pending_only: bool = False) -> QuerySet[FeedbackExplanation]:
    qs = FeedbackExplanation.objects.filter(
        scoping.scope_q(actor, "feedback.explain", field="feedback__unit")
    )
    if pending_only:
        qs = qs.filter(answered_at__isnull=True)
    return qs.select_related("feedback__unit", "feedback__criterion").order_by(
        "answered_at", "due", "-pk"
    )


def explanation_get_for_actor(
    *, actor: Any, pk: int, for_update: bool = False
) -> FeedbackExplanation:
    qs = FeedbackExplanation.objects.select_related(
        "feedback__unit", "feedback__handling_unit", "feedback__criterion"
    )
    if for_update:
        qs = qs.select_for_update(of=("self",))
    explanation = qs.filter(pk=pk).first()
    if explanation is None:
        raise Http404
    scoping.require(actor, "feedback.explain", explanation.feedback.unit)
    return explanation


def rollouts_covering(*, unit: Unit) -> QuerySet[Rollout]:
    return Rollout.objects.filter(
        unit__path__in=ancestor_paths(unit.path, include_self=True)
    ).order_by("-starts_on", "-pk")


# --- counting -----------------------------------------------------------------------------


@dataclass
class FeedbackCounts:
    total: int = 0
    open: int = 0
    overdue: int = 0
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_outcome: list[tuple[str, int]] = field(default_factory=list)
    by_criterion: list[tuple[str, int, int]] = field(default_factory=list)  # label, all, upheld
    by_unit: list[tuple[Unit, int, int]] = field(default_factory=list)  # unit, all, upheld
    by_month: list[tuple[datetime.date, int]] = field(default_factory=list)


def feedback_counts(
    *,
    actor: Any,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    top: int = 20,
) -> FeedbackCounts:
    """Feedback in the actor's view by status, outcome, criterion, unit and month: one grouped
    query each."""
    qs = Feedback.objects.filter(scoping.scope_q(actor, "feedback.view", field="handling_unit"))
    if start:
        qs = qs.filter(received_at__date__gte=start)
    if end:
        qs = qs.filter(received_at__date__lte=end)
    qs = qs.order_by()
    upheld = Count("pk", filter=Q(outcome__upheld=True))
    counts = FeedbackCounts()
    status_rows = dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    counts.total = sum(status_rows.values())
    counts.open = sum(status_rows.get(s, 0) for s in OPEN_STATUSES)
    counts.overdue = qs.filter(overdue_q()).count()
    counts.by_status = [(s.label, status_rows.get(s.value, 0)) for s in FeedbackStatus]
    outcome_rows: dict[Any, int] = dict(
        qs.filter(outcome__isnull=False)
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    counts.by_outcome = [
        (o.name, outcome_rows.get(o.code, 0)) for o in FeedbackOutcome.objects.order_by("order")
    ]
    criterion_rows = (
        qs.values("criterion_id", "criterion__text", "criterion__polarity")
        .annotate(n=Count("pk"), upheld=upheld)
        .order_by("-n")
    )
    counts.by_criterion = [
        (r["criterion__text"] or "Khác", r["n"], r["upheld"]) for r in criterion_rows
    ]
    unit_rows = list(
        qs.values("unit_id").annotate(n=Count("pk"), upheld=upheld).order_by("-n", "unit_id")[:top]
    )
    units = Unit.objects.in_bulk([r["unit_id"] for r in unit_rows])
    counts.by_unit = [(units[r["unit_id"]], r["n"], r["upheld"]) for r in unit_rows]
    month_rows = (
        qs.annotate(month=TruncMonth("received_at")).values("month").annotate(n=Count("pk"))
    )
    counts.by_month = sorted(
        (r["month"].date() if hasattr(r["month"], "date") else r["month"], r["n"])
        for r in month_rows
    )
    return counts
