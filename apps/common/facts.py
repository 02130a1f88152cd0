"""Facts that one bounded context knows about a person or a unit, read by the others.

Evaluations need discipline decisions, findings and substantiated feedback; emulation needs ratings
and discipline; the directive's effect view needs all of them by conduct criterion. The apps that
own those facts sit at different layers (and some above their readers), so instead of importing
each other they register a provider here in `AppConfig.ready`, and readers call `collect`.
A kind nobody has registered simply yields no facts.

Kinds (owner → kind): inspections → "finding", "discipline", "inspection"; feedback → "feedback";
evaluations → "rating"; emulation → "commendation", "praise".
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from apps.common.types import Actor


@dataclass(frozen=True)
class FactQuery:
    """What a reader asks. Providers honour every field they can and ignore none silently:
    `subject_kind` "person" or "unit"; `ids` limits to those subjects (None: any); `subtree_path`
    limits to subjects in that unit subtree (for persons: their unit at the time of the fact);
    `start`/`end` bound the fact's date (inclusive); `directive_id` limits to facts about that
    directive (its criteria, tasks or rollouts); `actor`, when given, limits to what that actor
    may see (confidential facts are dropped for actors outside the owner's rules)."""

    subject_kind: str
    ids: list[int] | None = None
    subtree_path: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    directive_id: int | None = None
    actor: Actor = None


@dataclass(frozen=True)
class Fact:
    kind: str  # "finding", "discipline", "feedback", "rating", "commendation", "praise"…
    subject_kind: str  # "person" | "unit"
    subject_id: int
    unit_id: int  # the unit the fact belongs to (a person's unit at the time)
    date: datetime.date
    code: str  # e.g. the discipline form's code, the rating level's code, the outcome
    label: str  # Vietnamese, ready to show: "Khiển trách", "Hoàn thành tốt nhiệm vụ"…
    url: str = ""
    criterion_id: int | None = None  # the conduct criterion the fact is about, if any
    severity: int = 0  # for findings and discipline: higher is worse
    open: bool = False  # e.g. a finding with follow-ups not yet verified
    extra: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[FactQuery], list[Fact]]

_providers: dict[str, list[Provider]] = {}


def register(kind: str, provider: Provider) -> None:
    """Called by the owning app in `AppConfig.ready`."""
    providers = _providers.setdefault(kind, [])
    if provider not in providers:
        providers.append(provider)


def collect(kind: str, query: FactQuery) -> list[Fact]:
    facts: list[Fact] = []
    for provider in _providers.get(kind, []):
        facts.extend(provider(query))
    return facts


def registered_kinds() -> list[str]:
    return sorted(k for k, v in _providers.items() if v)
