"""Validating a whole roster before anything is written, and planning the writes.

Everything is checked against dictionaries loaded once (units, kinds, categories, the
people whose codes appear in the file, the actor's scope), so validation costs a handful
of queries whatever the number of rows. Every problem is collected as
{sheet, row, column, message}; the row is the spreadsheet row (header = row 1).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone

from apps.access import scoping
from apps.common.text import control_message, find_control, strip_diacritics
from apps.common.types import Actor
from apps.org.models import Unit, UnitKind
from apps.org.selectors import units_in_scope
from apps.people.enums import Gender
from apps.people.models import PERSON_DATA_FIELDS, Person, PersonCategory
from apps.people.roster.reader import RosterBook, Table

Progress = Callable[[int, int, str], None]

PERSON_FIELDS = (*PERSON_DATA_FIELDS, "unit_id")
# Column of the file (when present) that fills each person field.
PERSON_SOURCES = {
    "full_name": "full_name",
    "gender": "gender",
    "birth_year": "birth_year",
    "category_mask": "categories",
    "position": "position",
    "is_head": "is_head",
    "unit_id": "unit",
    "phone": "phone",
    "email": "email",
}
CODE_MAX = 40
LOOKUP_CHUNK = 2_000
PROGRESS_EVERY = 1_000

_TRUE = {"x", "co", "1", "true", "dung", "yes"}
_FALSE = {"", "khong", "0", "false", "sai", "no"}
_GENDERS = {"nam": Gender.MALE.value, "nu": Gender.FEMALE.value}
_PHONE_CHARS = set("0123456789 +-.()")
_email = EmailValidator()


def _key(text: str) -> str:
    return strip_diacritics(text).replace("-", " ").replace("_", " ")


@dataclass(slots=True)
class NewUnit:
    row: int
    code: str
    name: str
    kind_id: int
    parent_code: str  # "" for a new root (administrators only)


@dataclass(slots=True)
class UnitChange:
    pk: int
    code: str
    name: str
    kind_id: int


@dataclass(slots=True)
class UnitMove:
    pk: int
    code: str
    parent_code: str
    depth: int  # depth in the final tree: parents move before their children


@dataclass(slots=True)
class PersonRow:
    """A person as the file wants it; `unit_code` resolves to a pk at write time."""

    code: str
    values: dict[str, Any]
    unit_code: str


@dataclass(slots=True)
class PersonChange:
    pk: int
    row: PersonRow
    transfer: bool


@dataclass
class Plan:
    new_units: list[NewUnit] = field(default_factory=list)
    unit_changes: list[UnitChange] = field(default_factory=list)
    unit_moves: list[UnitMove] = field(default_factory=list)
    new_people: list[PersonRow] = field(default_factory=list)
    person_changes: list[PersonChange] = field(default_factory=list)
    unchanged: int = 0
    rows: int = 0
    unit_pks: dict[str, int] = field(default_factory=dict)  # existing units by code

    @property
    def is_empty(self) -> bool:
        return not (
            self.new_units
            or self.unit_changes
            or self.unit_moves
            or self.new_people
            or self.person_changes
        )


@dataclass(slots=True)
class _DbUnit:
    pk: int
    code: str
    name: str
    kind_id: int
    path: str
    active: bool
    in_scope: bool
    # May the actor rename, re-kind or move it? Administrators (and `org.manage`) anything;
    # an officer only units strictly below the top units of their scope: the unit they were
    # granted is reorganised by administrators, never through an officer's import.
    editable: bool


class Validator:
    def __init__(self, *, actor: Actor, book: RosterBook, progress: Progress | None = None) -> None:
        self.actor = actor
        self.book = book
        self.progress = progress
        self.errors: list[dict[str, Any]] = []
        self.plan = Plan(rows=book.row_count)
        self.done = 0
        self.year_max = timezone.localdate().year
        self._load_reference()

    # --- reference data ---------------------------------------------------------------

    def _load_reference(self) -> None:
        self.kinds: dict[str, int] = {}
        for kind in UnitKind.objects.all():
            self.kinds[_key(kind.code)] = kind.pk
            self.kinds[_key(kind.name)] = kind.pk
        self.categories: dict[str, int] = {}
        self.category_names: list[str] = []
        for category in PersonCategory.objects.all():
            self.categories[_key(category.code)] = category.mask
            self.categories[_key(category.name)] = category.mask
            self.category_names.append(category.name)
        admin = self.actor is None or scoping.is_admin(self.actor)
        self.admin = admin
        scope: set[int] | None = None
        manage_roots: list[str] = []
        import_roots: list[str] = []
        if not admin:
            scope = set(units_in_scope(self.actor, "roster.import").values_list("pk", flat=True))
            manage_roots = scoping.scope_paths(self.actor, "org.manage")
            import_roots = scoping.scope_paths(self.actor, "roster.import")
        self.units: dict[str, _DbUnit] = {}
        self.code_by_path: dict[str, str] = {}
        rows = Unit.objects.values_list("pk", "code", "name", "kind_id", "path", "valid_to")
        for pk, code, name, kind_id, path, valid_to in rows.iterator(chunk_size=5_000):
            in_scope = scope is None or pk in scope
            editable = in_scope and (
                scope is None
                or any(path.startswith(root) for root in manage_roots)
                or any(path.startswith(root) and path != root for root in import_roots)
            )
            self.units[code] = _DbUnit(
                pk, code, name, kind_id, path, valid_to is None, in_scope, editable
            )
            self.code_by_path[path] = code
        self.plan.unit_pks = {code: unit.pk for code, unit in self.units.items()}

    def _db_parent_code(self, unit: _DbUnit) -> str:
        return self.code_by_path.get(unit.path[: -Unit.steplen], "")

    # --- helpers ----------------------------------------------------------------------

    def error(self, table: Table, row: int | None, column: str, message: str) -> None:
        self.errors.append(
            {"sheet": table.sheet, "row": row, "column": table.column(column), "message": message}
        )

    def tick(self) -> None:
        self.done += 1
        if self.progress and self.done % PROGRESS_EVERY == 0:
            self.progress(self.done, 2 * self.plan.rows, "Đang kiểm tra dữ liệu…")

    def _code(self, table: Table, number: int, column: str, code: str, what: str) -> bool:
        if not code:
            self.error(table, number, column, f"Thiếu {what}.")
            return False
        if len(code) > CODE_MAX:
            self.error(table, number, column, f"{what.capitalize()} dài quá {CODE_MAX} ký tự.")
            return False
        return True

    def _text(
        self, table: Table, number: int, column: str, value: str, limit: int, label: str
    ) -> bool:
        if len(value) > limit:
            self.error(table, number, column, f"{label} dài quá {limit} ký tự.")
            return False
        return True

    # --- units ------------------------------------------------------------------------

    def _refuse_control_characters(self, table: Table) -> None:
        """The control-character rule (apps.common.text): every cell holding one is an error
        naming its row and column; nothing is written."""
        for number, values in table.rows:
            if find_control("\t".join(values)) is None:
                continue
            for name, value in zip(table.fields, values, strict=True):
                char = find_control(value)
                if char is not None:
                    self.error(table, number, name, control_message(char))

    def validate(self) -> Plan:
        for table in (self.book.units, self.book.people):
            if table is not None:
                self._refuse_control_characters(table)
        if self.errors:
            return self.plan
        file_units: dict[str, tuple[int, str]] = {}  # code -> (row, parent code as final)
        if self.book.units is not None:
            file_units = self._validate_units(self.book.units)
        if self.book.people is not None:
            self._validate_people(self.book.people, file_units)
        return self.plan

    def _validate_units(self, table: Table) -> dict[str, tuple[int, str]]:
        """The units sheet: each row on its own, then parents (known, active, in scope), then
        cycles over the tree the file would make."""
        idx = {name: i for i, name in enumerate(table.fields)}
        seen: dict[str, int] = {}
        parsed: dict[str, tuple[int, str, int | None, str]] = {}  # code -> row, name, kind, parent
        for number, values in table.rows:
            self.tick()
            row = self._unit_row(table, number, values, idx, seen)
            if row is not None:
                parsed[values[idx["code"]]] = row
        final_parent = self._unit_parents(table, parsed, seen)
        for code, (number, _name, _kind, _parent) in parsed.items():
            cycle = self._cycle(code, final_parent)
            if cycle:
                self.error(
                    table,
                    number,
                    "parent",
                    "Quan hệ cấp trên bị vòng lặp: " + " → ".join(cycle) + ".",
                )
        if not self.errors:
            self._plan_units(parsed, final_parent)
        return {code: (row, final_parent.get(code, "")) for code, (row, *_x) in parsed.items()}

    def _unit_row(
        self,
        table: Table,
        number: int,
        values: tuple[str, ...],
        idx: dict[str, int],
        seen: dict[str, int],
    ) -> tuple[int, str, int | None, str] | None:
        """One unit row checked on its own: (row, name, kind, parent), or None on error."""
        errors_before = len(self.errors)
        code = values[idx["code"]]
        if self._code(table, number, "code", code, "mã đơn vị") and code in seen:
            self.error(table, number, "code", f"Mã đơn vị “{code}” bị trùng với dòng {seen[code]}.")
        if code and code not in seen:
            seen[code] = number
        name = " ".join(values[idx["name"]].split())
        if not name:
            self.error(table, number, "name", "Tên đơn vị không được để trống.")
        else:
            self._text(table, number, "name", name, 255, "Tên đơn vị")
        existing = self.units.get(code) if code else None
        kind_id = self._unit_kind(table, number, values[idx["kind"]], existing)
        parent = values[idx["parent"]]
        if existing is not None and not existing.in_scope:
            self.error(table, number, "code", f"Đơn vị {code} nằm ngoài phạm vi của bạn.")
        if parent and parent == code:
            self.error(table, number, "parent", "Đơn vị không thể là cấp trên của chính nó.")
        elif not parent and existing is None and not self.admin:
            self.error(table, number, "parent", "Thiếu mã đơn vị cấp trên.")
        if len(self.errors) != errors_before:
            return None
        return (number, name, kind_id, parent)

    def _unit_kind(self, table: Table, number: int, text: str, existing: Any) -> int | None:
        if not text:
            if existing is None:
                self.error(table, number, "kind", "Thiếu loại đơn vị.")
            return None
        kind_id = self.kinds.get(_key(text))
        if kind_id is None:
            self.error(table, number, "kind", f"Loại đơn vị “{text}” không có trong danh mục.")
        return kind_id

    def _unit_parents(
        self,
        table: Table,
        parsed: dict[str, tuple[int, str, int | None, str]],
        seen: dict[str, int],
    ) -> dict[str, str]:
        """Each unit's parent code in the tree the file would make; errors for parents that are
        unknown, dissolved or out of scope (a parent kept as it is may be out of scope)."""
        final_parent: dict[str, str] = {}
        for code, (number, _name, _kind, parent) in parsed.items():
            existing = self.units.get(code)
            if not parent:
                final_parent[code] = self._db_parent_code(existing) if existing else ""
                continue
            final_parent[code] = parent
            db_parent = self.units.get(parent)
            if db_parent is None and parent not in seen:
                self.error(
                    table, number, "parent", f"Không tìm thấy đơn vị cấp trên mã “{parent}”."
                )
                continue
            if db_parent is not None:
                unchanged = existing is not None and self._db_parent_code(existing) == parent
                if not db_parent.in_scope and not unchanged:
                    self.error(
                        table, number, "parent", f"Đơn vị {parent} nằm ngoài phạm vi của bạn."
                    )
                elif not db_parent.active and not unchanged:
                    self.error(table, number, "parent", f"Đơn vị cấp trên {parent} đã giải thể.")
        return final_parent

    def _parent_of(self, code: str, final_parent: dict[str, str]) -> str:
        if code in final_parent:
            return final_parent[code]
        unit = self.units.get(code)
        return self._db_parent_code(unit) if unit else ""

    def _cycle(self, code: str, final_parent: dict[str, str]) -> list[str]:
        chain = [code]
        seen = {code}
        current = self._parent_of(code, final_parent)
        while current:
            if current == code:
                return [*chain, code]
            if current in seen:
                return []  # a cycle further up: reported on its own rows
            seen.add(current)
            chain.append(current)
            current = self._parent_of(current, final_parent)
        return []

    def _depth(self, code: str, final_parent: dict[str, str], cache: dict[str, int]) -> int:
        trail: list[str] = []
        current = code
        while current and current not in cache:
            trail.append(current)
            current = self._parent_of(current, final_parent)
        depth = cache.get(current, 0) if current else 0
        for item in reversed(trail):
            depth += 1
            cache[item] = depth
        return cache[code]

    def _plan_units(
        self,
        parsed: dict[str, tuple[int, str, int | None, str]],
        final_parent: dict[str, str],
    ) -> None:
        depths: dict[str, int] = {}
        new_units: list[tuple[int, NewUnit]] = []
        for code, (number, name, kind_id, parent) in parsed.items():
            existing = self.units.get(code)
            if existing is not None and not existing.active:
                new_kind = kind_id if kind_id is not None else existing.kind_id
                moved = bool(parent) and parent != self._db_parent_code(existing)
                if name != existing.name or new_kind != existing.kind_id or moved:
                    self.errors.append(
                        {
                            "sheet": self.book.units.sheet if self.book.units else "",
                            "row": number,
                            "column": self.book.units.column("code") if self.book.units else "",
                            "message": f"Đơn vị {code} đã giải thể, không thể cập nhật.",
                        }
                    )
                else:
                    self.plan.unchanged += 1
                continue
            if existing is None:
                if kind_id is None:  # reported during validation
                    continue
                depth = self._depth(code, final_parent, depths)
                new_units.append((depth, NewUnit(number, code, name, kind_id, parent)))
                continue
            changed = False
            new_kind = kind_id if kind_id is not None else existing.kind_id
            moved = bool(parent) and parent != self._db_parent_code(existing)
            if (
                name != existing.name or new_kind != existing.kind_id or moved
            ) and not existing.editable:
                self.errors.append(
                    {
                        "sheet": self.book.units.sheet if self.book.units else "",
                        "row": number,
                        "column": self.book.units.column("name") if self.book.units else "",
                        "message": (
                            f"Không thể đổi tên, loại hoặc cấp trên của đơn vị {code} bằng tệp "
                            "nhập: việc sắp xếp tổ chức này do quản trị viên thực hiện."
                        ),
                    }
                )
                continue
            if name != existing.name or new_kind != existing.kind_id:
                self.plan.unit_changes.append(UnitChange(existing.pk, code, name, new_kind))
                changed = True
            if moved:
                depth = self._depth(code, final_parent, depths)
                self.plan.unit_moves.append(UnitMove(existing.pk, code, parent, depth))
                changed = True
            if not changed:
                self.plan.unchanged += 1
        new_units.sort(key=lambda item: item[0])  # stable: parents before children
        self.plan.new_units = [unit for _depth, unit in new_units]
        self.plan.unit_moves.sort(key=lambda move: move.depth)

    # --- people -----------------------------------------------------------------------

    def _existing_people(self, codes: list[str]) -> dict[str, tuple[Any, ...]]:
        found: dict[str, tuple[Any, ...]] = {}
        for start in range(0, len(codes), LOOKUP_CHUNK):
            chunk = codes[start : start + LOOKUP_CHUNK]
            for row in Person.objects.filter(code__in=chunk).values_list(
                "pk", "code", *PERSON_FIELDS
            ):
                found[row[1]] = row
        return found

    def _validate_people(self, table: Table, file_units: dict[str, tuple[int, str]]) -> None:
        idx = {name: i for i, name in enumerate(table.fields)}
        present = {name: table.has(name) for name in table.fields}
        codes = list({values[idx["code"]] for _n, values in table.rows if values[idx["code"]]})
        existing = self._existing_people(codes)
        unit_in_scope = self._file_unit_scope(file_units)
        seen: dict[str, int] = {}
        for number, values in table.rows:
            self.tick()
            self._validate_person(
                table, number, values, idx, present, existing, file_units, unit_in_scope, seen
            )

    def _file_unit_scope(self, file_units: dict[str, tuple[int, str]]) -> dict[str, bool]:
        """Whether each unit of the file sits inside the actor's scope (new ones by parent)."""
        result: dict[str, bool] = {}
        for code in file_units:
            trail: list[str] = []
            current = code
            value = self.admin
            while current and current not in result:
                existing = self.units.get(current)
                if existing is not None:
                    value = existing.in_scope
                    break
                if current not in file_units or current in trail:
                    value = self.admin  # unknown parent or a cycle: reported elsewhere
                    break
                trail.append(current)
                current = file_units[current][1]
            else:
                value = result[current] if current else self.admin
            for item in trail:
                result[item] = value
        return result

    def _validate_person(
        self,
        table: Table,
        number: int,
        values: tuple[str, ...],
        idx: dict[str, int],
        present: dict[str, bool],
        existing: dict[str, tuple[Any, ...]],
        file_units: dict[str, tuple[int, str]],
        unit_in_scope: dict[str, bool],
        seen: dict[str, int],
    ) -> None:
        """One person row: each column checked by its own method (every error of the row is
        reported, not only the first), then the row is planned as new, changed or unchanged."""
        errors_before = len(self.errors)
        code = values[idx["code"]]
        self._person_code(table, number, code, seen)
        current = existing.get(code) if code else None
        new: dict[str, Any] = {}
        self._person_name(table, number, values[idx["full_name"]], new)
        self._person_gender(table, number, values[idx["gender"]], new)
        self._person_birth_year(table, number, values[idx["birth_year"]], new)
        if present["categories"]:
            self._person_categories(table, number, values[idx["categories"]], new)
        if present["position"]:
            position = " ".join(values[idx["position"]].split())
            if self._text(table, number, "position", position, 200, "Chức vụ"):
                new["position"] = position
        if present["is_head"]:
            self._person_is_head(table, number, values[idx["is_head"]], new)
        if present["phone"]:
            self._person_phone(table, number, values[idx["phone"]], new)
        if present["email"]:
            self._person_email(table, number, values[idx["email"]], new)
        unit_code = values[idx["unit"]]
        unit_pk = self._person_unit(table, number, unit_code, file_units, unit_in_scope)
        if current is not None:
            current_unit = current[2 + PERSON_FIELDS.index("unit_id")]
            if not self._unit_pk_in_scope(current_unit):
                self.error(
                    table,
                    number,
                    "code",
                    f"Cán bộ mã {code} đang thuộc đơn vị ngoài phạm vi của bạn.",
                )
        if len(self.errors) != errors_before or self.errors:
            return  # nothing will be written: no need to plan this row
        self._plan_person(PersonRow(code, new, unit_code), current, new, unit_pk)

    def _person_code(self, table: Table, number: int, code: str, seen: dict[str, int]) -> None:
        if self._code(table, number, "code", code, "mã cán bộ"):
            if code in seen:
                self.error(
                    table, number, "code", f"Mã cán bộ “{code}” bị trùng với dòng {seen[code]}."
                )
            else:
                seen[code] = number

    def _person_name(self, table: Table, number: int, text: str, new: dict[str, Any]) -> None:
        full_name = " ".join(text.split())
        if not full_name:
            self.error(table, number, "full_name", "Họ và tên không được để trống.")
        elif self._text(table, number, "full_name", full_name, 120, "Họ và tên"):
            new["full_name"] = full_name

    def _person_gender(self, table: Table, number: int, text: str, new: dict[str, Any]) -> None:
        gender = _GENDERS.get(strip_diacritics(text))
        if gender is None:
            self.error(
                table,
                number,
                "gender",
                f"Giới tính “{text}” không hợp lệ: ghi “Nam” hoặc “Nữ”."
                if text
                else "Thiếu giới tính (ghi “Nam” hoặc “Nữ”).",
            )
        else:
            new["gender"] = gender

    def _person_birth_year(self, table: Table, number: int, text: str, new: dict[str, Any]) -> None:
        year = _year(text)
        if year is None or not 1900 <= year <= self.year_max:
            self.error(
                table,
                number,
                "birth_year",
                f"Năm sinh “{text}” không hợp lệ: phải là số nguyên từ 1900 đến {self.year_max}."
                if text
                else "Thiếu năm sinh.",
            )
        else:
            new["birth_year"] = year

    def _person_categories(self, table: Table, number: int, text: str, new: dict[str, Any]) -> None:
        mask = 0
        for part in text.replace(";", ",").split(","):
            name = part.strip()
            if not name:
                continue
            bit = self.categories.get(_key(name))
            if bit is None:
                self.error(
                    table,
                    number,
                    "categories",
                    f"Đối tượng “{name}” không có trong danh mục "
                    f"({', '.join(self.category_names)}).",
                )
            else:
                mask |= bit
        new["category_mask"] = mask

    def _person_is_head(self, table: Table, number: int, text: str, new: dict[str, Any]) -> None:
        key = strip_diacritics(text)
        if key in _TRUE:
            new["is_head"] = True
        elif key in _FALSE:
            new["is_head"] = False
        else:
            self.error(
                table,
                number,
                "is_head",
                f"Giá trị “{text}” không hợp lệ: ghi “x” nếu là người đứng đầu, "
                "để trống nếu không.",
            )

    def _person_phone(self, table: Table, number: int, phone: str, new: dict[str, Any]) -> None:
        if len(phone) > 20 or not set(phone) <= _PHONE_CHARS:
            self.error(table, number, "phone", f"Số điện thoại “{phone}” không hợp lệ.")
        else:
            new["phone"] = phone

    def _person_email(self, table: Table, number: int, text: str, new: dict[str, Any]) -> None:
        email = text
        if email:
            try:
                _email(email)
            except ValidationError:
                email = ""
                self.error(table, number, "email", f"Email “{text}” không hợp lệ.")
            else:
                if len(email) > 254:
                    self.error(table, number, "email", "Email quá dài.")
        new["email"] = email

    def _person_unit(
        self,
        table: Table,
        number: int,
        unit_code: str,
        file_units: dict[str, tuple[int, str]],
        unit_in_scope: dict[str, bool],
    ) -> int | None:
        """The existing unit's id (None for a unit created by this file, or on error)."""
        if not unit_code:
            self.error(table, number, "unit", "Thiếu mã đơn vị.")
            return None
        db_unit = self.units.get(unit_code)
        if db_unit is None and unit_code not in file_units:
            self.error(table, number, "unit", f"Không tìm thấy đơn vị mã “{unit_code}”.")
        elif (db_unit.in_scope if db_unit else unit_in_scope.get(unit_code, False)) is False:
            self.error(table, number, "unit", f"Đơn vị {unit_code} nằm ngoài phạm vi của bạn.")
        elif db_unit is not None and not db_unit.active:
            self.error(table, number, "unit", f"Đơn vị {unit_code} đã giải thể.")
        elif db_unit is not None:
            return int(db_unit.pk)
        return None

    def _plan_person(
        self,
        row: PersonRow,
        current: tuple[Any, ...] | None,
        new: dict[str, Any],
        unit_pk: int | None,
    ) -> None:
        if current is None:
            self.plan.new_people.append(row)
            return
        old = dict(zip(PERSON_FIELDS, current[2:], strict=True))
        changed = any(old[name] != value for name, value in new.items())
        transfer = unit_pk != old["unit_id"]
        if changed or transfer:
            self.plan.person_changes.append(PersonChange(current[0], row, transfer))
        else:
            self.plan.unchanged += 1

    def _unit_pk_in_scope(self, pk: int) -> bool:
        if self.admin:
            return True
        if not hasattr(self, "_scope_pks"):
            self._scope_pks = {u.pk for u in self.units.values() if u.in_scope}
        return pk in self._scope_pks


def _year(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    if not number.is_integer():
        return None
    return int(number)


def validate_roster(
    *, actor: Actor, book: RosterBook, progress: Progress | None = None
) -> tuple[Plan, list[dict[str, Any]]]:
    """Validates every row; returns the plan and the list of problems (empty when valid)."""
    validator = Validator(actor=actor, book=book, progress=progress)
    plan = validator.validate()
    return plan, validator.errors
