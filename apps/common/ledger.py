"""The tamper-evident audit ledger over django-simple-history.

Every history row (who, when, what, the values after the change) gets one `AuditRecord`:
single saves through simple-history's `post_create_historical_record` signal, bulk writes
(`bulk_create_with_history`, `bulk_update_with_history`, which send no signal) through a wrapper
of `HistoryManager.bulk_history_create` installed in `CommonConfig.ready`. The record holds a
SHA-256 `digest` of the history row's canonical JSON.

After the transaction commits, `seal()` numbers the new records in order and chains them:
`hash = sha256(prev_hash | seq | table | history_id | … | digest)`. Sealing takes a lock on the
single `AuditHead` row only for that short step, never inside the business transaction.

`verify()` (the `verify_audit` command) walks the chain and re-reads every history row: an
edited history row no longer matches its digest, an edited ledger entry breaks its hash, a
deleted one breaks the chain, and a history row written behind the application's back has no
entry. On PostgreSQL, triggers make history tables and the ledger append-only
(`install_append_only_triggers`, run after every migrate).

Which unit a change belongs to (for leaders' audit view) is asked of resolvers the apps that
know register (`register_unit_resolver`), keeping this module below every domain app.
"""

import contextlib
import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps as django_apps
from django.db import connection, connections, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from simple_history.manager import HistoryManager

from apps.common.models import AuditHead, AuditRecord

UnitResolver = Callable[[Sequence[models.Model]], list[str]]
_resolvers: dict[str, UnitResolver] = {}
_fallback: list[UnitResolver] = []

# Fields of a history row left out of its digest: the author may be set to NULL when the user
# is deleted (on_delete=SET_NULL); the ledger keeps the author's id and name itself.
_UNDIGESTED = {"history_user"}
_ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


def register_unit_resolver(model_label: str | None, resolver: UnitResolver) -> None:
    """`resolver(history_rows) -> unit paths` for a tracked model ("plans.report"), or the
    fallback for every model (`None`). Paths are "" when unknown (administrators only)."""
    if model_label is None:
        _fallback.append(resolver)
    else:
        _resolvers[model_label.lower()] = resolver


def _value(f: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, FieldFile):
        return value.name or None
    with contextlib.suppress(Exception):  # keep the raw value; the digest still covers it
        value = f.to_python(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def canonical(history_row: models.Model) -> str:
    data = {
        f.attname: _value(f, getattr(history_row, f.attname))
        for f in history_row._meta.concrete_fields
        if f.name not in _UNDIGESTED
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest(history_row: models.Model) -> str:
    return hashlib.sha256(canonical(history_row).encode()).hexdigest()


def _chain_hash(prev_hash: str, seq: int, record: AuditRecord) -> str:
    parts = [
        prev_hash,
        str(seq),
        record.recorded_at.astimezone(datetime.UTC).isoformat(),
        record.table,
        str(record.history_id),
        record.object_model,
        record.object_id,
        record.action,
        "" if record.actor_id is None else str(record.actor_id),
        record.actor_name,
        record.unit_path,
        record.digest,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _tracked_label(history_model: type[models.Model]) -> str:
    tracked = history_model.instance_type  # type: ignore[attr-defined]
    return tracked._meta.label_lower


def _unit_paths(history_model: type[models.Model], rows: Sequence[models.Model]) -> list[str]:
    resolver = _resolvers.get(_tracked_label(history_model))
    if resolver is not None:
        return resolver(rows)
    paths = [""] * len(rows)
    for fallback in _fallback:
        found = fallback(rows)
        paths = [p or f for p, f in zip(paths, found, strict=True)]
    return paths


def _records(history_model: type[models.Model], rows: Sequence[models.Model]) -> list[AuditRecord]:
    if not rows:
        return []
    table = history_model._meta.label_lower
    object_model = _tracked_label(history_model)
    pk_name = history_model.instance_type._meta.pk.attname  # type: ignore[attr-defined]
    paths = _unit_paths(history_model, rows)
    now = timezone.now()
    user_ids = {getattr(r, "history_user_id", None) for r in rows} - {None}
    names: dict[Any, str] = {}
    if user_ids:
        user_model = history_model._meta.get_field("history_user").related_model
        names = dict(
            user_model._default_manager.filter(pk__in=user_ids).values_list("pk", "username")  # type: ignore[union-attr]
        )
    return [
        AuditRecord(
            recorded_at=now,
            table=table,
            history_id=row.pk,
            object_model=object_model,
            object_id=str(getattr(row, pk_name)),
            action=getattr(row, "history_type", "") or "",
            actor_id=getattr(row, "history_user_id", None),
            actor_name=names.get(getattr(row, "history_user_id", None), ""),
            unit_path=path[:255],
            digest=digest(row),
        )
        for row, path in zip(rows, paths, strict=True)
    ]


def record(history_model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """Adds ledger entries for freshly written history rows and schedules the sealing."""
    AuditRecord.objects.bulk_create(_records(history_model, rows), batch_size=2000)
    _schedule_seal()


def _schedule_seal() -> None:
    """Once per transaction (a rolled-back one drops its callbacks, and so its mark)."""
    if any(item[1] is _seal_after_commit for item in connection.run_on_commit):
        return
    transaction.on_commit(_seal_after_commit)


def _seal_after_commit() -> None:
    seal()


def seal() -> int:
    """Numbers and chains every entry not sealed yet, in id order; returns how many."""
    sealed = 0
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _ = AuditHead.objects.get_or_create(pk=1)
            head = AuditHead.objects.select_for_update().get(pk=1)
        while True:
            batch = list(AuditRecord.objects.filter(seq__isnull=True).order_by("id")[:5000])
            if not batch:
                break
            for entry in batch:
                head.seq += 1
                entry.seq = head.seq
                entry.prev_hash = head.hash
                entry.hash = _chain_hash(head.hash, head.seq, entry)
                head.hash = entry.hash
            AuditRecord.objects.bulk_update(batch, ["seq", "prev_hash", "hash"], batch_size=1000)
            sealed += len(batch)
        if sealed:
            head.save(update_fields=["seq", "hash"])
    return sealed


# --- verification -----------------------------------------------------------------------


@dataclass
class Verification:
    checked: int = 0
    history_rows: int = 0
    head_hash: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def history_models() -> list[type[models.Model]]:
    return [
        m
        for m in django_apps.get_models()
        if hasattr(m, "instance_type") and m.__name__.startswith("Historical")
    ]


def verify(*, seal_pending: bool = True, chunk: int = 5000) -> Verification:
    """Walks the chain and every history table; lists each inconsistency in Vietnamese."""
    if seal_pending:
        seal()
    result = Verification()
    by_table = {m._meta.label_lower: m for m in history_models()}
    seen: dict[str, set[int]] = defaultdict(set)
    prev_hash, prev_seq = "", 0
    last_id = 0
    while True:
        batch = list(AuditRecord.objects.filter(id__gt=last_id).order_by("id")[:chunk])
        if not batch:
            break
        last_id = batch[-1].id
        by_model: dict[str, dict[int, AuditRecord]] = defaultdict(dict)
        for entry in batch:
            by_model[entry.table][entry.history_id] = entry
        rows: dict[tuple[str, int], Any] = {}
        for table, entries in by_model.items():
            model = by_table.get(table)
            if model is None:
                continue
            for row in model._default_manager.filter(pk__in=list(entries)):
                rows[(table, row.pk)] = row
        for entry in sorted(batch, key=lambda e: (e.seq is None, e.seq or 0, e.id)):
            result.checked += 1
            label = f"bản ghi nhật ký số {entry.seq or '?'} ({entry.table} #{entry.history_id})"
            if entry.seq is None:
                result.problems.append(f"{label}: chưa được niêm phong.")
                continue
            if entry.seq != prev_seq + 1 or entry.prev_hash != prev_hash:
                result.problems.append(
                    f"{label}: chuỗi bị đứt sau bản ghi số {prev_seq} "
                    "(có bản ghi nhật ký đã bị xóa hoặc sửa)."
                )
            if _chain_hash(entry.prev_hash, entry.seq, entry) != entry.hash:
                result.problems.append(f"{label}: bản ghi nhật ký đã bị sửa (sai mã băm).")
            found = rows.get((entry.table, entry.history_id))
            seen[entry.table].add(entry.history_id)
            if found is None:
                result.problems.append(f"{label}: dòng lịch sử đã bị xóa.")
            elif digest(found) != entry.digest:
                result.problems.append(f"{label}: dòng lịch sử đã bị sửa.")
            elif getattr(found, "history_user_id", None) not in (None, entry.actor_id):
                result.problems.append(f"{label}: người thực hiện đã bị đổi.")
            prev_hash, prev_seq = entry.hash, entry.seq
    result.head_hash = prev_hash
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq, head.hash) != (prev_seq, prev_hash):
        result.problems.append(
            f"Đầu chuỗi ghi số {head.seq} nhưng chuỗi chỉ đến số {prev_seq}: "
            "các bản ghi cuối đã bị xóa."
        )
    for table, model in by_table.items():
        ids = model._default_manager.values_list("pk", flat=True).order_by("pk")
        known = seen.get(table, set())
        for history_id in ids.iterator(chunk_size=chunk):
            result.history_rows += 1
            if history_id not in known:
                result.problems.append(
                    f"{table} #{history_id}: dòng lịch sử không có trong nhật ký "
                    "(ghi ngoài ứng dụng)."
                )
    return result


# --- reading ----------------------------------------------------------------------------


def action_label(action: str) -> str:
    return _ACTIONS.get(action, action)


def changes(entry: AuditRecord) -> list[tuple[str, Any, Any]]:
    """(field, before, after) of one entry against the previous history row of its object."""
    model = next((m for m in history_models() if m._meta.label_lower == entry.table), None)
    if model is None:
        return []
    row = model._default_manager.filter(pk=entry.history_id).first()
    if row is None:
        return []
    previous = row.prev_record  # type: ignore[attr-defined]
    if previous is None:
        return []
    delta = row.diff_against(previous)  # type: ignore[attr-defined]
    out = []
    for change in delta.changes:
        try:
            label = str(getattr(model._meta.get_field(change.field), "verbose_name", change.field))
        except Exception:
            label = change.field
        out.append((label[:1].upper() + label[1:], change.old, change.new))
    return out


def on_history_created(
    sender: Any,  # noqa: ARG001 - signals call receivers with sender=
    history_instance: models.Model,
    **kwargs: Any,
) -> None:
    record(type(history_instance), [history_instance])


def wrap_bulk_history_create() -> None:
    """Bulk history writes send no signal: record their rows too (once, at start-up)."""
    original = HistoryManager.bulk_history_create
    if getattr(original, "_ledgered", False):
        return

    def bulk_history_create(self: Any, *args: Any, **kwargs: Any) -> Any:
        created = original(self, *args, **kwargs)
        if created:
            record(self.model, list(created))
        return created

    bulk_history_create._ledgered = True  # type: ignore[attr-defined]
    HistoryManager.bulk_history_create = bulk_history_create


# --- append-only on PostgreSQL ----------------------------------------------------------

_FUNCTIONS = """
CREATE OR REPLACE FUNCTION trienkhai_history_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.history_user_id IS NULL
     AND (to_jsonb(NEW) - 'history_user_id') = (to_jsonb(OLD) - 'history_user_id') THEN
    RETURN NEW;  -- the author's account was deleted (on_delete=SET_NULL)
  END IF;
  RAISE EXCEPTION 'audit history is append-only: % on %', TG_OP, TG_TABLE_NAME;
END $$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION trienkhai_ledger_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash = ''
     AND (to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash')
       = (to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash') THEN
    RETURN NEW;  -- sealing: numbered and chained once
  END IF;
  RAISE EXCEPTION 'audit ledger is append-only: % on %', TG_OP, TG_TABLE_NAME;
END $$ LANGUAGE plpgsql;
"""


def install_append_only_triggers(using: str = "default", **kwargs: Any) -> None:
    """Creates (or replaces) the triggers on the ledger and every history table; PostgreSQL
    only (SQLite is a single-file database whose owner can rewrite it anyway)."""
    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in history_models()]
    existing = set(conn.introspection.table_names())
    with conn.cursor() as cursor:
        cursor.execute(_FUNCTIONS)
        for table in tables:
            if table not in existing:
                continue
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER trienkhai_append_only BEFORE UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION trienkhai_history_append_only()"
            )
        ledger = AuditRecord._meta.db_table
        if ledger in existing:
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER trienkhai_append_only BEFORE UPDATE OR DELETE ON "{ledger}" '
                "FOR EACH ROW EXECUTE FUNCTION trienkhai_ledger_append_only()"
            )


def adopt_existing(using: str = "default", **kwargs: Any) -> int:
    """The first time the ledger exists (an empty ledger next to existing history, e.g. after
    upgrading), every existing history row is recorded as the chain's starting point. Later,
    a history row without an entry is reported by `verify`, never adopted silently."""
    if AuditRecord.objects.using(using).exists() or AuditHead.objects.using(using).exists():
        return 0
    adopted = 0
    for model in history_models():
        if model._meta.db_table not in connections[using].introspection.table_names():
            continue
        rows = model._default_manager.using(using).order_by("pk")
        batch: list[models.Model] = []
        for row in rows.iterator(chunk_size=5000):
            batch.append(row)
            if len(batch) == 5000:
                AuditRecord.objects.bulk_create(_records(model, batch), batch_size=2000)
                adopted += len(batch)
                batch = []
        if batch:
            AuditRecord.objects.bulk_create(_records(model, batch), batch_size=2000)
            adopted += len(batch)
    AuditHead.objects.using(using).get_or_create(pk=1)
    seal()
    return adopted
