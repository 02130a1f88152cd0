"""What later contexts (rollout) add to directives, registered in their `AppConfig.ready`.

`directives` sits below `rollout` and cannot import it, yet:
- a directive is visible to everyone it was rolled out to (`visibility`: actor → Q on Directive);
- criteria and questions that people already signed or answered may be reworded, not removed
  (`content guards`: raise ApplicationError to refuse an edit);
- the directive page lists its rollouts (`rollouts_of`: (actor, directive) → list).
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from apps.common.types import Actor

Visibility = Callable[[Any], Q]
ContentGuard = Callable[..., None]
RolloutsOf = Callable[[Any, Any], list[Any]]

_visibility: list[Visibility] = []
_guards: list[ContentGuard] = []
_rollouts_of: list[RolloutsOf] = []


def register_visibility(rule: Visibility) -> None:
    if rule not in _visibility:
        _visibility.append(rule)


def extra_visibility(actor: Actor) -> Q:
    query = Q(pk__in=[])
    for rule in _visibility:
        query |= rule(actor)
    return query


def register_content_guard(guard: ContentGuard) -> None:
    if guard not in _guards:
        _guards.append(guard)


def check_content(*, directive: Any, dos: int, donts: int, questions: int) -> None:
    """Raises ApplicationError when a registered guard refuses the new content's sizes."""
    for guard in _guards:
        guard(directive=directive, dos=dos, donts=donts, questions=questions)


def register_rollouts_of(reader: RolloutsOf) -> None:
    if reader not in _rollouts_of:
        _rollouts_of.append(reader)


def rollouts_of(actor: Actor, directive: Any) -> list[Any]:
    return [r for reader in _rollouts_of for r in reader(actor, directive)]
