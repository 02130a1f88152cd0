"""Materialised-path arithmetic, in one place.

A unit's path is its ancestors' paths followed by one `Unit.steplen`-wide step (treebeard's
MP_Node). Ancestors are the path's prefixes, a subtree is a prefix filter, a child's path is one
step longer. Everything that slices paths calls these helpers.
"""

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
