"""Callbacks higher apps register in `AppConfig.ready` to react to plans events (ADR 0003: a
typed registry rather than signals, so the work stays in the caller's transaction).

- `task_done`: a task was just reported done (e.g. inspections tells the committee that a
  follow-up of its recommendation awaits verification).
"""

from collections.abc import Callable
from typing import Any

TaskCallback = Callable[[Any], None]

_task_done: list[TaskCallback] = []


def register_task_done(callback: TaskCallback) -> None:
    if callback not in _task_done:
        _task_done.append(callback)


def task_done(task: Any) -> None:
    for callback in _task_done:
        callback(task)
