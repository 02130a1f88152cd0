"""Maintained subtree roll-ups of the rollout counters and of the sessions' reach (ADR 0004).

- `RolloutSubtreeStat`: the counts of each unit's whole subtree, split into `SHARDS` rows per
  (rollout, unit). A change of the own counters of unit L adds its difference to shard
  `L.pk % SHARDS` of L and of each ancestor, in the writer's transaction (one upsert statement,
  rows in a fixed order so concurrent writers cannot deadlock on them).
- `SessionReach`: for each unit, the sessions with a connection point in its subtree (and how
  many points), added when a session is scheduled.

Moves: a unit's own rows do not change when it moves; its totals leave its old ancestors and
join its new ones (`follow_move`, registered as an `org.hooks` move callback). To keep that exact
while others mark, every writer of the roll-ups holds a shared transaction lock on PostgreSQL
(`tree_lock_shared`, taken before any counter row is locked) and a move holds it exclusively, so a
writer never adds to ancestors read before a move that commits after it. SQLite runs one writer
at a time (IMMEDIATE transactions), so it needs nothing more.

`recount` and `check` compare every maintained figure with a fresh count from the participants,
points and tree; `repair` rewrites the rows that differ (`manage.py check_counters`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q

from apps.org.models import Unit
from apps.rollout.models import (
    ConnectionPoint,
    Participant,
    RolloutSubtreeStat,
    RolloutUnitStat,
    SessionReach,
)

SHARDS = 16
FIELDS = ("people", "exempt", "done", "attended", "makeup", "committed")
TREE_LOCK_KEY = 0x54_4B_52_4F_4C_4C  # "TKROLL": one key for the whole tree
CHUNK = 500  # rows per upsert statement
WHOLE = 2000  # more units than this differ: a repair rewrites the rollout's whole table

Figures = tuple[int, int, int, int, int, int]
ZERO: Figures = (0, 0, 0, 0, 0, 0)


def tree_lock_shared() -> None:
    """Taken by every writer of counters before it locks any counter row (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [TREE_LOCK_KEY])


def tree_lock_exclusive() -> None:
    """Taken by a move of units: waits for running writers, holds new ones until commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TREE_LOCK_KEY])


def prefixes(path: str, *, include_self: bool = True) -> list[str]:
    step = Unit.steplen
    end = len(path) if include_self else len(path) - step
    return [path[:i] for i in range(step, end + 1, step)]


def _add(a: Sequence[int], b: Sequence[int], sign: int = 1) -> Figures:
    return tuple(x + sign * y for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def _upsert_by_path(rollout_id: int, rows: Mapping[tuple[str, int], Sequence[int]]) -> None:
    """Adds figures to the subtree rows named by (unit path, shard); rows appear on first use.

    One statement per CHUNK rows; the unit ids are resolved from the paths in SQL, and rows are
    written in (unit, shard) order so that two writers always lock shared rows in one order.
    """
    items = sorted((k, v) for k, v in rows.items() if any(v))
    table = RolloutSubtreeStat._meta.db_table
    unit_table = Unit._meta.db_table
    cols = ", ".join(FIELDS)
    casts = ", ".join(f"CAST(v.{f} AS INTEGER)" for f in FIELDS)
    updates = ", ".join(f"{f} = {table}.{f} + excluded.{f}" for f in FIELDS)
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
        params: list[Any] = []
        for (path, shard), figures in chunk:
            params += [path, shard, *figures]
        sql = (
            f"WITH v(path, shard, {cols}) AS (VALUES {values}) "  # noqa: S608 (names are ours)
            f"INSERT INTO {table} (rollout_id, unit_id, shard, {cols}) "
            f"SELECT {int(rollout_id)}, u.id, CAST(v.shard AS INTEGER), {casts} "
            f"FROM v JOIN {unit_table} u ON u.path = v.path WHERE 1 = 1 "
            f"ORDER BY u.id, CAST(v.shard AS INTEGER) "
            f"ON CONFLICT (rollout_id, unit_id, shard) DO UPDATE SET {updates}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def add_own_changes(rollout_id: int, changes: Iterable[tuple[int, str, Sequence[int]]]) -> None:
    """Adds the changes of units' own counters, (unit id, unit path, difference), to the
    subtree totals of those units and of all their ancestors."""
    rows: dict[tuple[str, int], Figures] = {}
    for unit_id, path, diff in changes:
        if not any(diff):
            continue
        shard = unit_id % SHARDS
        for prefix in prefixes(path):
            key = (prefix, shard)
            rows[key] = _add(rows.get(key, ZERO), diff)
    if rows:
        _upsert_by_path(rollout_id, rows)


def _reach_add(rows: Mapping[tuple[int, str, int], tuple[Any, int]]) -> None:
    """Adds point counts to reach rows keyed by (rollout, unit path, session)."""
    table = SessionReach._meta.db_table
    unit_table = Unit._meta.db_table
    items = sorted((k, v) for k, v in rows.items() if v[1])
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
        params: list[Any] = []
        for (rollout_id, path, session_id), (starts_at, points) in chunk:
            params += [rollout_id, path, session_id, starts_at, points]
        sql = (
            f"WITH v(rollout_id, path, session_id, starts_at, points) AS (VALUES {values}) "  # noqa: S608
            f"INSERT INTO {table} (rollout_id, unit_id, session_id, starts_at, points) "
            f"SELECT CAST(v.rollout_id AS INTEGER), u.id, CAST(v.session_id AS INTEGER), "
            f"v.starts_at, CAST(v.points AS INTEGER) "
            f"FROM v JOIN {unit_table} u ON u.path = v.path WHERE 1 = 1 "
            f"ORDER BY u.id, CAST(v.session_id AS INTEGER) "
            f"ON CONFLICT (rollout_id, unit_id, session_id) "
            f"DO UPDATE SET points = {table}.points + excluded.points"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def points_added(points: Iterable[ConnectionPoint]) -> None:
    """A session's new connection points reach their units and all the units above them."""
    points = list(points)
    if not points:
        return
    paths = dict(Unit.objects.filter(pk__in={p.unit_id for p in points}).values_list("pk", "path"))
    rows: dict[tuple[int, str, int], tuple[Any, int]] = {}
    for p in points:
        session = p.session
        for prefix in prefixes(paths[p.unit_id]):
            key = (session.rollout_id, prefix, session.pk)
            rows[key] = (session.starts_at, rows.get(key, (None, 0))[1] + 1)
    _reach_add(rows)


def follow_move(*, unit: Any, old_path: str) -> None:
    """org.hooks move callback: `unit` (already at its new path) and its subtree leave the
    totals of its old ancestors and join those of its new ones."""
    tree_lock_exclusive()
    old_above = prefixes(old_path, include_self=False)
    new_above = prefixes(unit.path, include_self=False)
    per_rollout: dict[int, dict[tuple[str, int], Figures]] = defaultdict(dict)
    for rollout_id, shard, *figures in RolloutSubtreeStat.objects.filter(unit=unit).values_list(
        "rollout_id", "shard", *FIELDS
    ):
        rows = per_rollout[rollout_id]
        for sign, above in ((-1, old_above), (1, new_above)):
            for prefix in above:
                key = (prefix, shard)
                rows[key] = _add(rows.get(key, ZERO), figures, sign)
    for rollout_id, rows in sorted(per_rollout.items()):
        _upsert_by_path(rollout_id, rows)
    reach: dict[tuple[int, str, int], tuple[Any, int]] = {}
    for rollout_id, session_id, starts_at, points in SessionReach.objects.filter(
        unit=unit, points__gt=0
    ).values_list("rollout_id", "session_id", "starts_at", "points"):
        for sign, above in ((-1, old_above), (1, new_above)):
            for prefix in above:
                rkey = (rollout_id, prefix, session_id)
                reach[rkey] = (starts_at, reach.get(rkey, (None, 0))[1] + sign * points)
    _reach_add(reach)
    if reach:
        SessionReach.objects.filter(unit__path__in=old_above, points__lte=0).delete()


# --- checking and repairing ----------------------------------------------------------------


@dataclass
class Difference:
    table: str
    rollout_id: int
    unit_id: int
    key: Any  # shard or session id, None for the own counters
    stored: tuple[Any, ...]
    counted: tuple[Any, ...]

    def __str__(self) -> str:
        key = "" if self.key is None else f" #{self.key}"
        return (
            f"{self.table} rollout {self.rollout_id} unit {self.unit_id}{key}: "
            f"stored {self.stored}, counted {self.counted}"
        )


@dataclass
class Recount:
    own: dict[int, Figures]  # unit id → own counters
    subtree: dict[tuple[int, int], Figures]  # (unit id, shard) → subtree counters
    reach: dict[tuple[int, int], tuple[Any, int]]  # (unit id, session id) → (starts_at, points)


def _derived(
    rollout_id: int, own: Mapping[int, Sequence[int]]
) -> tuple[dict[tuple[int, int], Figures], dict[tuple[int, int], tuple[Any, int]]]:
    """Subtree totals per (unit, shard) from the own counters, and reach per (unit, session)
    from the rollout's connection points, over the current tree."""
    point_units = set(
        ConnectionPoint.objects.filter(session__rollout_id=rollout_id).values_list(
            "unit_id", flat=True
        )
    )
    wanted = set(own) | point_units
    if len(wanted) > WHOLE:  # most of the tree: read it whole rather than name every unit
        paths = dict(Unit.objects.values_list("pk", "path"))
        ids = {path: pk for pk, path in paths.items()}
    else:
        paths = dict(Unit.objects.filter(pk__in=wanted).values_list("pk", "path"))
        all_prefixes = {p for path in paths.values() for p in prefixes(path)}
        ids = dict(Unit.objects.filter(path__in=all_prefixes).values_list("path", "pk"))
    subtree: dict[tuple[int, int], Figures] = {}
    for unit_id, figures in own.items():
        if not any(figures):
            continue
        shard = unit_id % SHARDS
        for prefix in prefixes(paths[unit_id]):
            key = (ids[prefix], shard)
            subtree[key] = _add(subtree.get(key, ZERO), figures)
    reach: dict[tuple[int, int], tuple[Any, int]] = {}
    for unit_id, session_id, starts_at in ConnectionPoint.objects.filter(
        session__rollout_id=rollout_id
    ).values_list("unit_id", "session_id", "session__starts_at"):
        for prefix in prefixes(paths[unit_id]):
            key = (ids[prefix], session_id)
            reach[key] = (starts_at, reach.get(key, (None, 0))[1] + 1)
    return subtree, reach


def fill_from_own_counters(rollout_id: int) -> None:
    """Rewrites the subtree totals and reach of a rollout from its own counters and points, for
    loaders that write `RolloutUnitStat` directly (benchmarks); the own counters are trusted."""
    own = {
        unit_id: tuple(figures)
        for unit_id, *figures in RolloutUnitStat.objects.filter(rollout_id=rollout_id).values_list(
            "unit_id", *FIELDS
        )
    }
    subtree, reach = _derived(rollout_id, own)
    with transaction.atomic():
        tree_lock_exclusive()
        RolloutSubtreeStat.objects.filter(rollout_id=rollout_id).delete()
        SessionReach.objects.filter(rollout_id=rollout_id).delete()
        RolloutSubtreeStat.objects.bulk_create(
            [
                RolloutSubtreeStat(
                    rollout_id=rollout_id,
                    unit_id=u,
                    shard=shard,
                    **dict(zip(FIELDS, figures, strict=True)),
                )
                for (u, shard), figures in sorted(subtree.items())
            ],
            batch_size=2000,
        )
        SessionReach.objects.bulk_create(
            [
                SessionReach(
                    rollout_id=rollout_id,
                    unit_id=u,
                    session_id=session_id,
                    starts_at=starts_at,
                    points=points,
                )
                for (u, session_id), (starts_at, points) in sorted(reach.items())
            ],
            batch_size=2000,
        )


def recount(rollout_id: int) -> Recount:
    """Fresh figures of one rollout from the participants, the points and the tree."""
    own: dict[int, Figures] = {}
    for row in (
        Participant.objects.filter(rollout_id=rollout_id)
        .values("unit_id")
        .annotate(
            n_people=Count("pk"),
            n_exempt=Count("pk", filter=Q(exempt=True)),
            n_done=Count("pk", filter=Q(done=True)),
            n_attended=Count("pk", filter=Q(attended=True)),
            n_makeup=Count("pk", filter=Q(makeup_passed=True)),
            n_committed=Count("pk", filter=Q(commitment_signed=True)),
        )
        .order_by()
    ):
        own[row["unit_id"]] = tuple(row[f"n_{f}"] for f in FIELDS)
    subtree, reach = _derived(rollout_id, own)
    return Recount(own=own, subtree=subtree, reach=reach)


def check(rollout_id: int, *, repair: bool = False) -> list[Difference]:
    """Every maintained figure of one rollout against a fresh recount; with `repair`, rewrites
    the rows that differ (under the exclusive tree lock, so no writer runs meanwhile)."""
    with transaction.atomic():
        if repair:
            tree_lock_exclusive()
        fresh = recount(rollout_id)
        diffs: list[Difference] = []
        stored_own = {
            unit_id: tuple(figures)
            for unit_id, *figures in RolloutUnitStat.objects.filter(
                rollout_id=rollout_id
            ).values_list("unit_id", *FIELDS)
        }
        for unit_id in sorted(set(stored_own) | set(fresh.own)):
            stored, counted = stored_own.get(unit_id, ZERO), fresh.own.get(unit_id, ZERO)
            if stored != counted:
                diffs.append(Difference("own", rollout_id, unit_id, None, stored, counted))
        stored_sub = {
            (unit_id, shard): tuple(figures)
            for unit_id, shard, *figures in RolloutSubtreeStat.objects.filter(
                rollout_id=rollout_id
            ).values_list("unit_id", "shard", *FIELDS)
        }
        for key in sorted(set(stored_sub) | set(fresh.subtree)):
            stored, counted = stored_sub.get(key, ZERO), fresh.subtree.get(key, ZERO)
            if stored != counted:
                diffs.append(Difference("subtree", rollout_id, key[0], key[1], stored, counted))
        stored_reach = {
            (unit_id, session_id): (starts_at, points)
            for unit_id, session_id, starts_at, points in SessionReach.objects.filter(
                rollout_id=rollout_id
            ).values_list("unit_id", "session_id", "starts_at", "points")
        }
        for key in sorted(set(stored_reach) | set(fresh.reach)):
            stored_r = stored_reach.get(key, (None, 0))
            counted_r = fresh.reach.get(key, (None, 0))
            if stored_r[1] != counted_r[1] or (counted_r[1] and stored_r[0] != counted_r[0]):
                diffs.append(Difference("reach", rollout_id, key[0], key[1], stored_r, counted_r))
        if repair and diffs:
            _repair(rollout_id, fresh, diffs)
        return diffs


def _repair(rollout_id: int, fresh: Recount, diffs: list[Difference]) -> None:
    """Replaces the rows of the units that differ with freshly counted ones."""
    units = {t: {d.unit_id for d in diffs if d.table == t} for t in ("own", "subtree", "reach")}
    everything = {t: len(ids) > WHOLE for t, ids in units.items()}
    if everything["own"]:
        units["own"] = set(fresh.own) | set(
            RolloutUnitStat.objects.filter(rollout_id=rollout_id).values_list("unit_id", flat=True)
        )
    if everything["subtree"]:
        units["subtree"] = {u for u, _ in fresh.subtree}
    if everything["reach"]:
        units["reach"] = {u for u, _ in fresh.reach}

    def stale(model: Any, table: str) -> Any:
        rows = model.objects.filter(rollout_id=rollout_id)
        return rows if everything[table] else rows.filter(unit_id__in=units[table])

    if units["own"]:
        stale(RolloutUnitStat, "own").delete()
        RolloutUnitStat.objects.bulk_create(
            [
                RolloutUnitStat(
                    rollout_id=rollout_id,
                    unit_id=u,
                    **dict(zip(FIELDS, fresh.own.get(u, ZERO), strict=True)),
                )
                for u in sorted(units["own"])
            ],
            batch_size=2000,
        )
    if units["subtree"]:
        stale(RolloutSubtreeStat, "subtree").delete()
        RolloutSubtreeStat.objects.bulk_create(
            [
                RolloutSubtreeStat(
                    rollout_id=rollout_id,
                    unit_id=u,
                    shard=shard,
                    **dict(zip(FIELDS, figures, strict=True)),
                )
                for (u, shard), figures in sorted(fresh.subtree.items())
                if u in units["subtree"]
            ],
            batch_size=2000,
        )
    if units["reach"]:
        stale(SessionReach, "reach").delete()
        SessionReach.objects.bulk_create(
            [
                SessionReach(
                    rollout_id=rollout_id,
                    unit_id=u,
                    session_id=session_id,
                    starts_at=starts_at,
                    points=points,
                )
                for (u, session_id), (starts_at, points) in sorted(fresh.reach.items())
                if u in units["reach"] and points
            ],
            batch_size=2000,
        )


def rebuild(rollout_id: int) -> int:
    """Rewrites every maintained figure of a rollout from a fresh recount (after bulk loads
    that wrote participants or points directly); returns how many rows differed."""
    return len(check(rollout_id, repair=True))
