"""Reads of directives, scoped to the actor.

A directive is visible to a user who may view its issuing unit, or who may view any rollout of
it (a rollout sent to the user's subtree or to a unit above it): a commune officer sees the
province's Directive 34 once it is rolled out to the commune.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from apps.access import scoping
from apps.common.text import strip_diacritics
from apps.common.types import Actor
from apps.directives import hooks
from apps.directives.enums import Polarity
from apps.directives.models import (
    ConductCriterion,
    Directive,
    DirectiveAttachment,
    DirectiveKind,
    QuizChoice,
    QuizQuestion,
)
from apps.org.models import Unit
from apps.org.selectors import scope_roots


def _visible_q(actor: Actor) -> Q:
    """Issued in the actor's scope, or rolled out to it (directives.hooks, filled by rollout)."""
    if scoping.is_admin(actor):
        return Q()
    return scoping.scope_q(actor, "directive.view", field="issuer") | hooks.extra_visibility(actor)


def directive_list(
    *, actor: Actor, query: str = "", kind_id: int | None = None
) -> QuerySet[Directive]:
    if not scoping.has_action(actor, "directive.view"):
        return Directive.objects.none()
    qs = Directive.objects.filter(_visible_q(actor)).select_related("kind", "issuer")
    if query:
        qs = qs.filter(search_text__contains=strip_diacritics(query))
    if kind_id:
        qs = qs.filter(kind_id=kind_id)
    return qs.order_by("-issued_on", "-pk")


def directive_duplicates(
    *, actor: Actor, kind: Any, number: str, symbol: str = "", issued_on: Any = None
) -> list[Directive]:
    """Directives the actor can see that look like the same text: same kind and number, and the
    same symbol or the same date (a second "Chỉ thị số 34" from "Tạo từ văn bản")."""
    number = " ".join((number or "").split())
    if not number or kind is None:
        return []
    same = Q(symbol__iexact=symbol.strip()) if symbol.strip() else Q(pk__in=[])
    if issued_on is not None:
        same |= Q(issued_on=issued_on)
    return list(
        directive_list(actor=actor)
        .filter(kind=kind, number__iexact=number)
        .filter(same)
        .order_by("-issued_on", "-pk")[:5]
    )


def directive_get_for_actor(*, actor: Actor, pk: int, action: str = "directive.view") -> Directive:
    """404 outside scope; for "directive.manage" the issuing unit must be in the actor's scope."""
    if action == "directive.view":
        directive = directive_list(actor=actor).filter(pk=pk).first()
    else:
        directive = Directive.objects.select_related("kind", "issuer").filter(pk=pk).first()
        if directive is not None and not scoping.can(actor, action, directive.issuer):
            directive = None
    if directive is None:
        raise Http404
    return directive


def attachment_get(*, directive: Directive, pk: int) -> DirectiveAttachment:
    attachment = directive.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def directive_can_manage(*, actor: Actor, directive: Directive) -> bool:
    return scoping.can(actor, "directive.manage", directive.issuer)


@dataclass
class DirectiveDetail:
    directive: Directive
    key_tasks: list[Any]
    dos: list[ConductCriterion]
    donts: list[ConductCriterion]
    deadlines: list[Any]
    attachments: list[Any]
    questions: list[QuizQuestion]


def directive_detail(*, directive: Directive) -> DirectiveDetail:
    """The directive's parts, each in its order (a fixed number of queries)."""
    criteria = list(directive.criteria.order_by("polarity", "order", "pk"))
    return DirectiveDetail(
        directive=directive,
        key_tasks=list(directive.key_tasks.order_by("order", "pk")),
        dos=[c for c in criteria if c.polarity == Polarity.DO],
        donts=[c for c in criteria if c.polarity == Polarity.AVOID],
        deadlines=list(directive.deadlines.order_by("date", "pk")),
        attachments=list(directive.attachments.order_by("uploaded_at", "pk")),
        questions=list(
            directive.questions.order_by("order", "pk").prefetch_related(
                Prefetch("choices", queryset=QuizChoice.objects.order_by("order", "pk"))
            )
        ),
    )


def directive_kinds() -> QuerySet[DirectiveKind]:
    return DirectiveKind.objects.order_by("order", "name")


def issuer_choices(*, actor: Actor, action: str = "directive.manage") -> QuerySet[Unit]:
    """Units the actor may pick as issuing (or target) unit: the top units of their scope and
    the units directly below them (active ones), in tree order."""
    roots = list(scope_roots(actor, action).values_list("path", "depth"))
    if not roots:
        return Unit.objects.none()
    cond = Q(pk__in=[])
    for path, depth in roots:
        cond |= Q(path__startswith=path, depth__lte=depth + 1)
    return Unit.objects.filter(cond, valid_to__isnull=True).select_related("kind").order_by("path")
