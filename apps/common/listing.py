"""Sorting and filtering of lists, kept in the URL: the one mechanism every list uses.

A list declares its sortable columns (`Sorts`) and reads `?sap_xep=<key>` (`-<key>`: descending);
filters are plain GET parameters read by the view. Links that change the order, pages, the
automatic refresh and every export link keep all the other parameters (`keep_query`, and
Django's `{% querystring %}` tag in templates), so what is exported is what is shown.

Why not django-tables2 / django-filter: they render their own table markup from a Table class
per list, while our lists are partials shared by full pages and htmx swaps, several are rows
computed in Python from grouped counters (progress, consolidation) rather than querysets, and
only sorting and URL-kept filters were missing. This module is small, typed, and works on lists
and querysets alike.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404

SORT_PARAM = "sap_xep"
T = TypeVar("T")


@dataclass(frozen=True)
class SortKey:
    """One sortable column: `key` (in the URL), its label, and either a Python key on rows or
    queryset fields (`fields`, e.g. ("unit__sort_key",))."""

    key: str
    label: str
    value: Callable[[Any], Any] | None = None
    fields: tuple[str, ...] = ()
    descending_first: bool = False  # figures: the first click shows the largest first


@dataclass(frozen=True)
class Sorting:
    key: str
    descending: bool

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


class Sorts:
    def __init__(self, *keys: SortKey, default: str) -> None:
        self.keys = {k.key: k for k in keys}
        self.default = default

    def read(self, params: Mapping[str, str]) -> Sorting:
        raw = (params.get(SORT_PARAM) or "").strip()
        descending = raw.startswith("-")
        key = raw.lstrip("-")
        if key not in self.keys:
            return Sorting(self.default.lstrip("-"), self.default.startswith("-"))
        return Sorting(key, descending)

    def apply_list(self, rows: Iterable[T], sorting: Sorting) -> list[T]:
        spec = self.keys[sorting.key]
        if spec.value is None:
            raise ValueError(f"sort key {spec.key!r} has no Python value")
        value = spec.value
        # None (no figure) always last, whatever the direction.
        present = [r for r in rows if value(r) is not None]
        missing = [r for r in rows if value(r) is None]
        return sorted(present, key=value, reverse=sorting.descending) + missing

    def apply_queryset(self, qs: QuerySet[Any], sorting: Sorting) -> QuerySet[Any]:
        spec = self.keys[sorting.key]
        fields = [f"-{f}" if sorting.descending else f for f in spec.fields]
        return qs.order_by(*fields, "pk")

    def headers(self, sorting: Sorting) -> dict[str, dict[str, str]]:
        """For each column: the `sap_xep` value its header link sets and its aria-sort."""
        result = {}
        for key, spec in self.keys.items():
            if key == sorting.key:
                nxt = key if sorting.descending else f"-{key}"
                aria = "descending" if sorting.descending else "ascending"
            else:
                nxt = f"-{key}" if spec.descending_first else key
                aria = "none"
            result[key] = {"param": nxt, "aria": aria, "label": spec.label}
        return result


def keep_query(params: Mapping[str, Any], keep: Sequence[str], **changes: Any) -> str:
    """'?a=1&b=2' from the `keep` parameters of `params`, with `changes` (None removes)."""
    values = {k: params.get(k) for k in keep if params.get(k) not in (None, "")}
    for k, v in changes.items():
        if v is None:
            values.pop(k, None)
        else:
            values[k] = v
    return f"?{urlencode(values)}" if values else ""


# --- the unit a page is about --------------------------------------------------------------

UNIT_PARAM = "unit"
# Reminders e-mailed before the parameter was unified linked with `?don_vi=`; those links work.
_LEGACY_UNIT_PARAMS = ("don_vi",)


def unit_param(request: Any) -> int | None:
    """The unit a page is about: `?unit=<pk>` (GET, else POST), the one name every page uses.

    Absent: None (the page chooses, usually where the actor's scope starts). Present but not a
    number: 404, like an id that names nothing."""
    for name in (UNIT_PARAM, *_LEGACY_UNIT_PARAMS):
        raw = (request.GET.get(name) or request.POST.get(name) or "").strip()
        if raw:
            if not raw.isdigit():
                raise Http404
            return int(raw)
    return None
