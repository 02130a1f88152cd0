"""What later contexts add to the organisation tree, registered in their `AppConfig.ready`.

`org` sits below `people` and cannot import it, yet its pages count people per subtree, list who
belonged to a unit on a day, and a merge must move the merged unit's people. `people` registers:

- a subtree counter: `(prefix_len, paths) -> {path: count}` for the tree browser's columns;
- a members-on-day reader for the unit page;
- a merge callback, run inside `unit_merge`'s transaction.

`rollout` registers a move callback, run inside `unit_move`'s transaction after the subtree got
its new paths: its maintained subtree totals leave the old ancestors and join the new ones.

Typed registries rather than signals, so the call sites stay visible.
"""

import datetime
from collections.abc import Callable
from typing import Any

from apps.common.types import Actor

SubtreeCounter = Callable[[int, list[str]], dict[str, int]]
MembersOn = Callable[..., Any]
MergeCallback = Callable[..., None]
MoveCallback = Callable[..., None]

_counters: dict[str, SubtreeCounter] = {}
_members_on: list[MembersOn] = []
_merged: list[MergeCallback] = []
_moved: list[MoveCallback] = []


def register_subtree_counter(name: str, counter: SubtreeCounter) -> None:
    _counters[name] = counter


def subtree_counts(name: str, prefix_len: int, paths: list[str]) -> dict[str, int]:
    counter = _counters.get(name)
    return counter(prefix_len, paths) if counter and paths else {}


def register_members_on(reader: MembersOn) -> None:
    if reader not in _members_on:
        _members_on.append(reader)


def members_on(*, unit: Any, day: datetime.date, subtree: bool = False) -> Any:
    """Who belonged to `unit` (or its subtree) on `day` (a queryset of the people app)."""
    if not _members_on:
        raise LookupError("no members-on reader registered (is apps.people installed?)")
    return _members_on[0](unit=unit, day=day, subtree=subtree)


def register_unit_merged(callback: MergeCallback) -> None:
    if callback not in _merged:
        _merged.append(callback)


def unit_merged(
    *, actor: Actor, source: Any, target: Any, date: datetime.date, reason: str
) -> None:
    for callback in _merged:
        callback(actor=actor, source=source, target=target, date=date, reason=reason)


def register_unit_moved(callback: MoveCallback) -> None:
    if callback not in _moved:
        _moved.append(callback)


def unit_moved(*, unit: Any, old_path: str) -> None:
    """`unit` (at its new path, with its subtree) was at `old_path` until now."""
    for callback in _moved:
        callback(unit=unit, old_path=old_path)
