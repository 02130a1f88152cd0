"""Roster import: read, validate every row, then write everything in one transaction.

Writes are bulk (batches of `BATCH`), so simple-history's signals do not fire: history rows
are written explicitly, one per changed database row (unit, person, membership), with the
actor and the reason "Nhập danh sách từ <tệp>": `bulk_create_with_history` /
`bulk_update_with_history` for units, updates and transfers, and `people.bulk` (the same
rows, inserted without Django's per-value compilation) for the large path, new people. Re-importing the same file finds nothing to change and writes
nothing, history included.

Every write goes through the owning app's services: `org.services.units_bulk_create` /
`units_bulk_update` / `unit_move` for units (paths computed as `add_child` would, history and
events kept), `people.services.people_bulk_create` / `people_bulk_update` for people, memberships
and transfers — which fire the same hook as single writes, so running rollouts follow.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, transaction
from django.utils import timezone

from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.types import Actor
from apps.org.models import Unit
from apps.org.services import UnitRename, UnitSpec, unit_move, units_bulk_create, units_bulk_update
from apps.people.roster.reader import read_roster
from apps.people.roster.validate import Plan, Progress, validate_roster
from apps.people.services import (
    PersonSpec,
    PersonUpdate,
    people_bulk_create,
    people_bulk_update,
)

BATCH = 2_000
SQLITE_CACHE_KIB = 64 * 1024
PROGRESS_EVERY = 1_000

T = TypeVar("T")


@dataclass
class ImportResult:
    units_created: int = 0
    units_updated: int = 0
    units_moved: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_transferred: int = 0
    memberships_created: int = 0
    memberships_ended: int = 0
    unchanged: int = 0
    rows: int = 0

    @property
    def changed_rows(self) -> int:
        """Database rows the import created or changed: one history record each."""
        return (
            self.units_created
            + self.units_updated
            + self.units_moved
            + self.people_created
            + self.people_updated
            + self.memberships_created
            + self.memberships_ended
        )

    def summary(self) -> dict[str, int]:
        return {
            "Số dòng đã đọc": self.rows,
            "Đơn vị thêm mới": self.units_created,
            "Đơn vị cập nhật thông tin": self.units_updated,
            "Đơn vị chuyển cấp trên": self.units_moved,
            "Cán bộ thêm mới": self.people_created,
            "Cán bộ cập nhật (kể cả điều chuyển)": self.people_updated,
            "Cán bộ điều chuyển đơn vị": self.people_transferred,
            "Dòng không thay đổi": self.unchanged,
        }


def _batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def roster_import(
    *,
    actor: Actor,
    path_or_file: Any,
    filename: str,
    progress: Progress | None = None,
) -> ImportResult:
    """Imports units and people; raises ApplicationError (extra["errors"]) and writes
    nothing when any row is wrong."""
    if progress:
        progress(0, 0, "Đang đọc tệp…")
    book = read_roster(path_or_file, filename)
    plan, errors = validate_roster(actor=actor, book=book, progress=progress)
    if errors:
        raise ApplicationError(
            f"Tệp có {len(errors)} lỗi, chưa ghi dữ liệu nào. Sửa tệp rồi nhập lại.",
            {"errors": errors},
        )
    result = ImportResult(rows=plan.rows, unchanged=plan.unchanged)
    if plan.is_empty:
        if progress:
            progress(2 * plan.rows, 2 * plan.rows, "Không có thay đổi nào.")
        return result
    writer = _Writer(actor=actor, filename=filename, plan=plan, result=result, progress=progress)
    with _sqlite_cache(), transaction.atomic():
        writer.write()
    return result


@contextmanager
def _sqlite_cache() -> Iterator[None]:
    """SQLite's default page cache (2 MB) thrashes when ~400,000 rows and their index
    entries go in at once; a larger cache for this connection, for the import only."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


class _Writer:
    def __init__(
        self,
        *,
        actor: Actor,
        filename: str,
        plan: Plan,
        result: ImportResult,
        progress: Progress | None,
    ) -> None:
        self.actor = actor
        self.user = actor_user(actor)
        self.reason = f"Nhập danh sách từ {filename}"[:200]
        self.plan = plan
        self.result = result
        self.progress = progress
        self.today = timezone.localdate()
        self.unit_pks = dict(plan.unit_pks)
        self.done = plan.rows  # validation was the first half
        self.total = 2 * plan.rows
        self.unchanged_rows = plan.unchanged

    def tick(self, count: int) -> None:
        before = self.done
        self.done = min(self.total, self.done + count)
        if self.progress and (self.done // PROGRESS_EVERY != before // PROGRESS_EVERY):
            self.progress(self.done, self.total, "Đang ghi dữ liệu…")

    def write(self) -> None:
        self._create_units()
        self._update_units()
        self._move_units()
        self._create_people()
        self._update_people()
        if self.progress:
            self.progress(self.total, self.total, "Đã ghi xong.")

    # --- every write goes through the owning app's bulk services ---------------------

    def _create_units(self) -> None:
        specs = [
            UnitSpec(
                code=u.code, name=u.name, kind_id=u.kind_id, parent_code=u.parent_code, row=u.row
            )
            for u in self.plan.new_units
        ]
        created = units_bulk_create(
            actor=self.actor, specs=specs, known=self.unit_pks, reason=self.reason, date=self.today
        )
        self.unit_pks.update(created)
        self.result.units_created = len(created)
        self.tick(len(created))

    def _update_units(self) -> None:
        count = units_bulk_update(
            actor=self.actor,
            changes=[
                UnitRename(pk=c.pk, name=c.name, kind_id=c.kind_id) for c in self.plan.unit_changes
            ],
            reason=self.reason,
        )
        self.result.units_updated = count
        self.tick(count)

    def _move_units(self) -> None:
        for move in self.plan.unit_moves:
            unit_move(
                actor=self.user,
                unit=Unit(pk=move.pk),
                new_parent=Unit(pk=self.unit_pks[move.parent_code]),
                date=self.today,
                note=self.reason,
            )
        self.result.units_moved = len(self.plan.unit_moves)
        self.tick(len(self.plan.unit_moves))

    def _create_people(self) -> None:
        for batch in _batches(self.plan.new_people):
            done = people_bulk_create(
                actor=self.actor,
                specs=[
                    PersonSpec(
                        code=row.code, unit_id=self.unit_pks[row.unit_code], values=row.values
                    )
                    for row in batch
                ],
                reason=self.reason,
                date=self.today,
            )
            self.result.people_created += done.created
            self.result.memberships_created += done.memberships_created
            self.tick(len(batch))

    def _update_people(self) -> None:
        for batch in _batches(self.plan.person_changes):
            done = people_bulk_update(
                actor=self.actor,
                updates=[
                    PersonUpdate(
                        pk=c.pk, unit_id=self.unit_pks[c.row.unit_code], values=c.row.values
                    )
                    for c in batch
                ],
                reason=self.reason,
                date=self.today,
            )
            self.result.people_updated += done.updated
            self.result.people_transferred += done.transferred
            self.result.memberships_created += done.memberships_created
            self.result.memberships_ended += done.memberships_ended
            self.tick(len(batch))


def format_error(error: dict[str, Any]) -> str:
    """ "Dòng N, cột X: message", then the sheet when the error comes from a workbook."""
    parts = []
    if error.get("row"):
        parts.append(f"Dòng {error['row']}")
    if error.get("column"):
        parts.append(f"cột {error['column']}")
    where = ", ".join(parts)
    text = f"{where}: {error['message']}" if where else str(error["message"])
    if error.get("sheet"):
        text = f"{text} (trang “{error['sheet']}”)"
    return text
