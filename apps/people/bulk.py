"""Fast inserts of people and memberships (the roster import), history included.

Django's `bulk_create` compiles every value of every row in Python (~4 µs a value): for
100,000 people that is ~400,000 rows (person, membership and their history) and ~30 s,
six times the import budget. Here each row is a plain tuple sent with one prepared
statement: `executemany` on SQLite, `COPY … FROM STDIN` on PostgreSQL.

History rows are the ones `HistoryManager.bulk_history_create` would write (same tracked
fields, history date, user, change reason and type), inserted the same way, so every row
the import creates has exactly one audit record.

Values must already be valid (the roster validator checked them); only dates and
datetimes are adapted for the database.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.db.models import Model
from django.utils import timezone

CHUNK = 2_000
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.AutoField,
)


def _memo(convert: Any) -> Any:
    """Dates and datetimes repeat across an import (today, the history date): adapt once."""
    cache: dict[Any, Any] = {}

    def converted(value: Any) -> Any:
        if value is None:
            return None
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = convert(value)
            return result

    return converted


def _converter(field: Any) -> Any:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return _memo(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return _memo(ops.adapt_datefield_value)
    if isinstance(field, _PLAIN):
        return None
    return lambda v: field.get_db_prep_save(v, connection)


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Inserts `rows` (tuples in `columns` order, attnames) into `model`'s table."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    converters = [_converter(fields[name]) for name in columns]
    needs_conversion = any(c is not None for c in converters)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(fields[name].column) for name in columns)
    count = 0

    def prepared() -> Iterable[Sequence[Any]]:
        for row in rows:
            if needs_conversion:
                yield tuple(
                    value if convert is None else convert(value)
                    for value, convert in zip(row, converters, strict=True)
                )
            else:
                yield row

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in prepared():
                    copy.write_row(row)
                    count += 1
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            # Identifiers come from model metadata, quoted; values are parameters.
            sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
            batch: list[Sequence[Any]] = []
            for row in prepared():
                batch.append(row)
                if len(batch) >= CHUNK:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def insert_instances(model: type[Model], objs: Sequence[Any]) -> int:
    """Inserts unsaved instances, or any objects with the model's attnames as attributes
    (primary key left to the database; pks are not set). A field the objects lack takes its
    default (or NULL); a field with neither is an error, not a silent gap."""
    if not objs:
        return 0
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    sample = objs[0]
    present = [f.attname for f in fields if hasattr(sample, f.attname)]
    fixed: dict[str, Any] = {}
    for f in fields:
        if f.attname in present:
            continue
        if f.has_default() or f.null:
            fixed[f.attname] = f.get_default()
        else:
            raise TypeError(f"{type(sample).__name__} lacks {model.__name__}.{f.attname}")
    columns = [*present, *fixed]
    tail = tuple(fixed.values())
    rows = ((*[getattr(o, c) for c in present], *tail) for o in objs)
    return insert_rows(model, columns, rows)


def insert_history(
    model: type[Model],
    objs: Sequence[Any],
    *,
    history_type: str,
    user: Any,
    reason: str,
    date: Any = None,
) -> int:
    """One history row per saved instance, as `bulk_history_create` would write it."""
    history_model = model.history.model  # type: ignore[attr-defined]
    tracked = [f.attname for f in history_model.tracked_fields]
    when = date or timezone.now()
    user_id = getattr(user, "pk", None)
    columns = [*tracked, "history_date", "history_change_reason", "history_type", "history_user_id"]
    tail = (when, reason, history_type, user_id)
    rows = ((*[getattr(o, name) for name in tracked], *tail) for o in objs)
    return insert_rows(history_model, columns, rows)


class PersonRow:
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


class MembershipRow:
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
