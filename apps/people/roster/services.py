"""Roster import: read, validate every row, then write everything in one transaction.

Writes are bulk (batches of `BATCH`), so simple-history's signals do not fire: history rows
are written explicitly, one per changed database row (unit, person, membership), with the
actor and the reason "Nhập danh sách từ <tệp>": `bulk_create_with_history` /
`bulk_update_with_history` for units, updates and transfers, and `roster.bulk` (the same
rows, inserted without Django's per-value compilation) for the large path, new people. Re-importing the same file finds nothing to change and writes
nothing, history included.

New units get their tree paths computed here, the way treebeard's `add_child` would
(last child's path + 1 under each parent, parents before children), then are bulk-created:
5,000 `add_child` calls cost ~25,000 queries. Parent changes of existing units go through
`apps.org.services.unit_move`, which keeps the reorganisation history.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history
from treebeard.exceptions import PathOverflow

from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.org.enums import UnitEventKind
from apps.org.models import Unit, UnitEvent
from apps.org.services import unit_move
from apps.people.models import Membership, Person
from apps.people.roster.bulk import insert_history, insert_instances
from apps.people.roster.reader import read_roster
from apps.people.roster.validate import NewUnit, Plan, Progress, validate_roster

BATCH = 2_000
# Rows per `IN (…)` lookup: below SQLite's historical limit of 999 variables.
LOOKUP_CHUNK = 900
SQLITE_CACHE_KIB = 64 * 1024
PROGRESS_EVERY = 1_000
PERSON_UPDATE_FIELDS = [
    "full_name",
    "gender",
    "birth_year",
    "category_mask",
    "position",
    "is_head",
    "unit",
    "phone",
    "email",
    "search_text",
    "sort_key",
]

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


class _PersonRow:
    """A new person as plain attributes with Person's attnames: a model instance costs
    ~15 µs to build, a tenth of the whole per-row budget. `Person.refresh_computed` runs on
    it unchanged (it reads `full_name` and `code`)."""

    __slots__ = (
        "id",
        "code",
        "full_name",
        "gender",
        "birth_year",
        "category_mask",
        "position",
        "is_head",
        "unit_id",
        "phone",
        "email",
        "user_id",
        "search_text",
        "sort_key",
    )

    def __init__(
        self,
        code: str,
        full_name: str,
        gender: str,
        birth_year: int,
        category_mask: int,
        position: str,
        is_head: bool,
        unit_id: int,
        phone: str,
        email: str,
    ) -> None:
        self.id: int | None = None
        self.code = code
        self.full_name = full_name
        self.gender = gender
        self.birth_year = birth_year
        self.category_mask = category_mask
        self.position = position
        self.is_head = is_head
        self.unit_id = unit_id
        self.phone = phone
        self.email = email
        self.user_id = None
        self.search_text = ""
        self.sort_key = ""

    @property
    def pk(self) -> int | None:
        return self.id

    @pk.setter
    def pk(self, value: int) -> None:
        self.id = value


class _MembershipRow:
    """A new membership as plain attributes (cheaper than a model instance, same attnames)."""

    __slots__ = ("id", "person_id", "unit_id", "start", "end", "reason")

    def __init__(self, person_id: int, unit_id: int, start: Any, reason: str) -> None:
        self.id: int | None = None
        self.person_id = person_id
        self.unit_id = unit_id
        self.start = start
        self.end = None
        self.reason = reason

    @property
    def pk(self) -> int | None:
        return self.id

    @pk.setter
    def pk(self, value: int) -> None:
        self.id = value


def _batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def roster_import(
    *,
    actor: Any,
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
        actor: Any,
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

    # --- units ------------------------------------------------------------------------

    def _create_units(self) -> None:
        new_units = self.plan.new_units
        if not new_units:
            return
        # Tree slots of every existing parent receiving children, read under lock.
        parent_codes = {u.parent_code for u in new_units if u.parent_code in self.unit_pks}
        slots: dict[str, list[Any]] = {}  # code -> [path, depth, last child position, added]
        parents = Unit.objects.select_for_update().filter(
            pk__in=[self.unit_pks[c] for c in parent_codes]
        )
        for pk, code, path, depth, numchild in parents.values_list(
            "pk", "code", "path", "depth", "numchild"
        ):
            last = 0
            if numchild:
                last_path = (
                    Unit.objects.filter(path__startswith=path, depth=depth + 1)
                    .order_by("-path")
                    .values_list("path", flat=True)
                    .first()
                )
                if last_path:
                    last = Unit._str2int(last_path[-Unit.steplen :])
            slots[code] = [path, depth, last, 0, pk]
        if any(not u.parent_code for u in new_units):
            last_root = (
                Unit.objects.filter(depth=1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            slots[""] = ["", 0, Unit._str2int(last_root) if last_root else 0, 0, None]
        created: list[Unit] = []
        for new in new_units:
            slot = slots[new.parent_code]
            slot[2] += 1
            slot[3] += 1
            path = self._child_path(slot[0], slot[1] + 1, slot[2], new)
            unit = Unit(
                code=new.code,
                name=new.name,
                kind_id=new.kind_id,
                path=path,
                depth=slot[1] + 1,
                numchild=0,
                valid_from=self.today,
            )
            unit.refresh_computed()
            created.append(unit)
            slots[new.code] = [path, slot[1] + 1, 0, 0, None]
        for unit in created:
            unit.numchild = slots[unit.code][3]
        for batch in _batches(created):
            bulk_create_with_history(
                list(batch),
                Unit,
                batch_size=BATCH,
                default_user=self.user,
                default_change_reason=self.reason,
            )
        for unit in created:
            self.unit_pks[unit.code] = unit.pk
        for code in parent_codes:
            added = slots[code][3]
            if added:
                Unit.objects.filter(pk=slots[code][4]).update(numchild=F("numchild") + added)
        UnitEvent.objects.bulk_create(
            [
                UnitEvent(
                    unit_id=unit.pk,
                    kind=UnitEventKind.CREATE,
                    date=self.today,
                    new_parent_id=self.unit_pks.get(new.parent_code) if new.parent_code else None,
                    note=self.reason,
                    actor=self.user,
                )
                for unit, new in zip(created, new_units, strict=True)
            ],
            batch_size=BATCH,
        )
        self.result.units_created = len(created)
        self.tick(len(created))

    def _child_path(self, parent_path: str, depth: int, position: int, new: NewUnit) -> str:
        key = Unit._int2str(position)
        if len(key) > Unit.steplen:
            raise ApplicationError(
                f"Đơn vị {new.parent_code or 'gốc'} có quá nhiều đơn vị trực thuộc.",
                {
                    "errors": [
                        {"sheet": "", "row": new.row, "column": "", "message": str(PathOverflow())}
                    ]
                },
            )
        return Unit._get_path(parent_path, depth, position)

    def _update_units(self) -> None:
        changes = self.plan.unit_changes
        if not changes:
            return
        units = Unit.objects.in_bulk([c.pk for c in changes])
        changed: list[Unit] = []
        for change in changes:
            unit = units[change.pk]
            unit.name = change.name
            unit.kind_id = change.kind_id
            unit.refresh_computed()
            changed.append(unit)
        bulk_update_with_history(
            changed,
            Unit,
            ["name", "kind", "search_text", "sort_key"],
            batch_size=BATCH,
            default_user=self.user,
            default_change_reason=self.reason,
        )
        self.result.units_updated = len(changed)
        self.tick(len(changed))

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

    # --- people -----------------------------------------------------------------------

    def _create_people(self) -> None:
        """New people and their first membership, with history, through fast inserts."""
        now = timezone.now()
        for batch in _batches(self.plan.new_people):
            people: list[Any] = []
            for row in batch:
                values = row.values
                person = _PersonRow(
                    row.code,
                    values["full_name"],
                    values["gender"],
                    values["birth_year"],
                    values.get("category_mask", 0),
                    values.get("position", ""),
                    values.get("is_head", False),
                    self.unit_pks[row.unit_code],
                    values.get("phone", ""),
                    values.get("email", ""),
                )
                Person.refresh_computed(cast(Person, person))
                people.append(person)
            insert_instances(Person, people)
            pks: dict[str, int] = {}
            for codes in _batches([p.code for p in people], LOOKUP_CHUNK):
                pks.update(Person.objects.filter(code__in=codes).values_list("code", "pk"))
            for person in people:
                person.pk = pks[person.code]
            insert_history(
                Person, people, history_type="+", user=self.user, reason=self.reason, date=now
            )
            memberships = [
                _MembershipRow(person.pk, person.unit_id, self.today, "Tiếp nhận (nhập danh sách)")
                for person in people
            ]
            insert_instances(Membership, memberships)
            membership_pks: dict[int, int] = {}
            for ids in _batches(list(pks.values()), LOOKUP_CHUNK):
                membership_pks.update(
                    Membership.objects.filter(person_id__in=ids).values_list("person_id", "pk")
                )
            for membership in memberships:
                membership.pk = membership_pks[membership.person_id]
            insert_history(
                Membership,
                memberships,
                history_type="+",
                user=self.user,
                reason=self.reason,
                date=now,
            )
            self.result.people_created += len(people)
            self.result.memberships_created += len(memberships)
            self.tick(len(batch))

    def _update_people(self) -> None:
        changes = self.plan.person_changes
        for batch in _batches(changes):
            people = Person.objects.in_bulk([c.pk for c in batch])
            updated: list[Person] = []
            transferred: list[Person] = []
            for change in batch:
                person = people[change.pk]
                for name, value in change.row.values.items():
                    setattr(person, name, value)
                new_unit = self.unit_pks[change.row.unit_code]
                if person.unit_id != new_unit:
                    person.unit_id = new_unit
                    transferred.append(person)
                person.refresh_computed()
                updated.append(person)
            bulk_update_with_history(
                updated,
                Person,
                PERSON_UPDATE_FIELDS,
                batch_size=BATCH,
                default_user=self.user,
                default_change_reason=self.reason,
            )
            if transferred:
                self._transfer(transferred)
            self.result.people_updated += len(updated)
            self.result.people_transferred += len(transferred)
            self.tick(len(batch))

    def _transfer(self, people: list[Person]) -> None:
        """Ends each person's open membership today and opens one in the new unit."""
        open_memberships = list(
            Membership.objects.filter(person__in=[p.pk for p in people], end__isnull=True)
        )
        for membership in open_memberships:
            membership.end = self.today
        if open_memberships:
            bulk_update_with_history(
                open_memberships,
                Membership,
                ["end"],
                batch_size=BATCH,
                default_user=self.user,
                default_change_reason=self.reason,
            )
        bulk_create_with_history(
            [
                Membership(
                    person_id=p.pk,
                    unit_id=p.unit_id,
                    start=self.today,
                    reason="Điều chuyển (nhập danh sách)",
                )
                for p in people
            ],
            Membership,
            batch_size=BATCH,
            default_user=self.user,
            default_change_reason=self.reason,
        )
        self.result.memberships_ended += len(open_memberships)
        self.result.memberships_created += len(people)


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
