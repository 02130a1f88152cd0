"""Materialised-path arithmetic, in one place.

A unit's path is its ancestors' paths followed by one `Unit.steplen`-wide step (treebeard's
MP_Node). Ancestors are the path's prefixes, a subtree is a prefix filter, a child's path is one
step longer. Everything that slices paths calls these helpers.
"""

from treebeard.exceptions import PathOverflow

from apps.org.models import Unit

STEP = Unit.steplen


def depth_of(path: str) -> int:
    return len(path) // STEP


def parent_path(path: str) -> str | None:
    return path[:-STEP] if len(path) > STEP else None


def ancestor_paths(path: str, *, include_self: bool = False, top: str = "") -> list[str]:
    """The paths of the ancestors of `path`, root first (optionally below `top` only)."""
    start = max(len(top), STEP) if top else STEP
    end = len(path) + 1 if include_self else len(path)
    return [path[:i] for i in range(start, end, STEP)]


def child_width(path: str) -> int:
    """The length of the paths of `path`'s children."""
    return len(path) + STEP


def root_path(path: str) -> str:
    return path[:STEP]


def position_of(path: str) -> int:
    """The 1-based position of a unit among its siblings, read from its last path step."""
    return int(Unit._str2int(path[-STEP:]))


def child_path(parent_path: str, position: int) -> str:
    """The path of the `position`-th child of `parent_path` ("" for a root), as treebeard's
    `add_child` would write it. Bulk creation needs this (5,000 `add_child` calls cost ~25,000
    queries); this is the one place that uses treebeard's path encoding, through MP_Node's
    `_get_path`/`_int2str`, which are stable across treebeard 4.x. Raises PathOverflow when the
    parent has more children than one step can number."""
    if len(Unit._int2str(position)) > STEP:
        raise PathOverflow
    return str(Unit._get_path(parent_path or None, len(parent_path) // STEP + 1, position))
