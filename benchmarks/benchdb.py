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
