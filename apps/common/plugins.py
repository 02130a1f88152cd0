"""What each bounded context adds to the shared frame: menu entries and home-page work items.

Apps register in `AppConfig.ready` (they sit above `common`, which cannot import them):

- `register_menu(MenuEntry(...))`: a link in the main menu, shown to users holding `action`
  somewhere (`None`: every logged-in user).
- `register_work(provider)`: `provider(user)` returns the `WorkItem`s that need that user now
  ("3 kế hoạch chờ duyệt" → the filtered list). The home page of each role shows them, worst first.
- `register_object_action(kind, provider)`: `provider(user, obj)` returns the `ObjectAction`s a
  higher app offers on a lower app's page (e.g. inspections offers "Kiểm tra khi có dấu hiệu vi
  phạm" on a unit's report, kind "plans.report"); the page shows `object_actions(kind, user, obj)`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MenuEntry:
    label: str  # Vietnamese
    url_name: str
    action: str | None
    order: int = 100


@dataclass(frozen=True)
class WorkItem:
    label: str  # Vietnamese, e.g. "Phản ánh chờ tiếp nhận"
    count: int
    url: str  # the filtered list that shows exactly these items
    urgency: int = 0  # 0 normal, 1 due soon, 2 overdue; the home page sorts by it
    group: str = ""  # e.g. "Kiểm tra, giám sát"
    detail: str = ""  # one short line, e.g. the nearest deadline


WorkProvider = Callable[[Any], list[WorkItem]]

_menu: list[MenuEntry] = []
_work: list[WorkProvider] = []


def register_menu(entry: MenuEntry) -> None:
    if entry not in _menu:
        _menu.append(entry)


def menu_entries() -> list[MenuEntry]:
    return sorted(_menu, key=lambda e: (e.order, e.label))


def register_work(provider: WorkProvider) -> None:
    if provider not in _work:
        _work.append(provider)


def work_items(user: Any) -> list[WorkItem]:
    items = [item for provider in _work for item in provider(user) if item.count]
    return sorted(items, key=lambda i: (-i.urgency, i.group, i.label))


@dataclass(frozen=True)
class ObjectAction:
    label: str  # Vietnamese
    url: str


ObjectActionProvider = Callable[[Any, Any], list[ObjectAction]]

_object_actions: dict[str, list[ObjectActionProvider]] = {}


def register_object_action(kind: str, provider: ObjectActionProvider) -> None:
    providers = _object_actions.setdefault(kind, [])
    if provider not in providers:
        providers.append(provider)


def object_actions(kind: str, user: Any, obj: Any) -> list[ObjectAction]:
    return [action for provider in _object_actions.get(kind, []) for action in provider(user, obj)]
