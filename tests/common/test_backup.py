"""Backup and restore (issue 16): `manage.py backup` then `manage.py restore` into an empty
database gives back every row, and the audit chain verifies there."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from apps.common import ledger
from apps.common.models import AuditRecord

ROOT = Path(__file__).resolve().parent.parent.parent
COUNT = """
import json, django
django.setup()
from django.apps import apps
print(json.dumps({m._meta.label: m._default_manager.count() for m in apps.get_models()}))
"""


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings.test")
    return env


def _run(args: list[str], url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=_env(url), capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


def _empty_database(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    db = settings.DATABASES["default"]
    name = f"{db['NAME']}_restore"
    admin = psycopg.connect(
        host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres",
        autocommit=True,
    )  # fmt: skip
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_finds_every_row_and_a_verified_chain(world, tmp_path):
    ledger.seal()
    assert AuditRecord.objects.filter(seq__isnull=False).count() > 10
    path = tmp_path / "trienkhai.backup"
    call_command("backup", str(path))
    assert path.stat().st_size > 0
    expected = {m._meta.label: m._default_manager.count() for m in apps.get_models()}

    url = _empty_database(tmp_path)
    restored = _run(["manage.py", "restore", str(path)], url)
    assert restored.returncode == 0, restored.stderr[-2000:]
    assert "Nhật ký toàn vẹn" in restored.stdout

    counts = _run(["-c", COUNT], url)
    assert counts.returncode == 0, counts.stderr[-2000:]
    assert json.loads(counts.stdout.strip().splitlines()[-1]) == expected


def test_restore_refuses_a_missing_file(db, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Không có tệp sao lưu"):
        call_command("restore", str(tmp_path / "none"))
