"""Telling later contexts that people joined or changed unit.

`people` sits below the domain apps (org ← people ← rollout…), so it cannot call them. A domain
app registers a callback here at start-up (AppConfig.ready); people services call
`people_changed` inside their transaction, so e.g. rollout progress counters change atomically
with the transfer. This is an explicit, typed registry rather than Django signals so the call
sites are visible and the work stays in the domain app's services.
"""

from collections.abc import Callable, Iterable

PeopleCallback = Callable[[list[int]], None]

_callbacks: list[PeopleCallback] = []


def register_people_moved(callback: PeopleCallback) -> None:
    if callback not in _callbacks:
        _callbacks.append(callback)


def people_changed(person_ids: Iterable[int]) -> None:
    """Called after people were created, transferred or merged into another unit."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    for callback in _callbacks:
        callback(ids)
