"""A throwaway database for a benchmark: a temporary SQLite file, or a PostgreSQL database
created and dropped here (server from ``BENCH_PG_URL``, default
``postgres://postgres@127.0.0.1:5432/postgres``). Django is set up on it and migrated."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT_DIR = Path(__file__).resolve().parent.parent
if str(ROOT_DIR) not in sys.path:
    sys.path.insert(0, str(ROOT_DIR))


def pg_admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql)


def pg_url(server: str, name: str) -> str:
    base, _, _ = server.rpartition("/")
    return f"{base}/{name}"


@dataclass
class BenchDatabase:
    suffix: str  # "sqlite" or "postgres", appended to figure names
    migrate_seconds: float


@contextmanager
def throwaway_database(
    *, postgres: bool, pg_name: str, keep: bool = False
) -> Iterator[BenchDatabase]:
    """Points Django at a new empty database, sets it up and migrates; removes it afterwards."""
    server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    tmpdir = None
    if postgres:
        pg_admin(server, f"DROP DATABASE IF EXISTS {pg_name}")
        pg_admin(server, f"CREATE DATABASE {pg_name}")
        os.environ["DATABASE_URL"] = pg_url(server, pg_name)
    else:
        tmpdir = tempfile.mkdtemp(prefix="trienkhai-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    try:
        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        yield BenchDatabase(
            suffix="postgres" if postgres else "sqlite",
            migrate_seconds=time.perf_counter() - start,
        )
    finally:
        connections.close_all()
        if not keep:
            if postgres:
                pg_admin(server, f"DROP DATABASE IF EXISTS {pg_name}")
            if tmpdir:
                shutil.rmtree(tmpdir, ignore_errors=True)


@dataclass
class ProvinceTree:
    root_path: str
    commune_paths: list[str]
    cell_paths: list[str]


def build_province_units(*, units_total: int, communes: int, batch: int = 5000) -> ProvinceTree:
    """Bulk-creates a province tree: root → `communes` communes → cells, `units_total` units
    in all (treebeard paths computed here, cells spread evenly over the communes)."""
    from apps.org.models import Unit, UnitKind

    kinds = {k.code: k for k in UnitKind.objects.all()}
    province_kind = kinds.get("dang-bo-tinh") or next(iter(kinds.values()))
    commune_kind = kinds.get("dang-bo-xa") or province_kind
    cell_kind = kinds.get("chi-bo") or province_kind

    def unit(path: str, code: str, name: str, kind: UnitKind, numchild: int) -> Unit:
        u = Unit(
            path=path,
            depth=len(path) // Unit.steplen,
            numchild=numchild,
            code=code,
            name=name,
            kind=kind,
        )
        u.refresh_computed()
        return u

    cells_total = units_total - 1 - communes
    per_commune = [
        cells_total // communes + (1 if i < cells_total % communes else 0) for i in range(communes)
    ]
    tree = ProvinceTree(root_path=Unit._get_path(None, 1, 1), commune_paths=[], cell_paths=[])
    units = [unit(tree.root_path, "LD", "Đảng bộ tỉnh Lâm Đồng", province_kind, communes)]
    for c in range(communes):
        cpath = Unit._get_path(tree.root_path, 2, c + 1)
        tree.commune_paths.append(cpath)
        name = f"Đảng bộ xã Hòa Ninh {c + 1}"
        units.append(unit(cpath, f"X{c:03d}", name, commune_kind, per_commune[c]))
        for k in range(per_commune[c]):
            path = Unit._get_path(cpath, 3, k + 1)
            tree.cell_paths.append(path)
            name = f"Chi bộ thôn Đạ Tẻh {c + 1}.{k + 1}"
            units.append(unit(path, f"X{c:03d}-{k:03d}", name, cell_kind, 0))
    Unit.objects.bulk_create(units, batch_size=batch)
    return tree
