"""Back up and restore the whole database in one step each.

SQLite: the online backup API (a consistent copy while the application runs). PostgreSQL:
`pg_dump --format=custom` and `pg_restore --clean`. Uploaded files (MEDIA_ROOT) are plain files:
copy that directory beside the backup.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections


def default_path(using: str = "default") -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - a file name
    suffix = "sqlite3" if connections[using].vendor == "sqlite" else "pgdump"
    return Path(settings.VAR_DIR) / "backups" / f"trienkhai-{stamp}.{suffix}"


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"Không tìm thấy lệnh {name} (cài gói postgresql-client).")
    return found


def backup(path: Path, using: str = "default") -> Path:
    conn = connections[using]
    path.parent.mkdir(parents=True, exist_ok=True)
    if conn.vendor == "sqlite":
        conn.ensure_connection()
        target = sqlite3.connect(path)
        try:
            conn.connection.backup(target)
        finally:
            target.close()
        return path
    if conn.vendor == "postgresql":
        args, env = _pg_env(conn.settings_dict)
        subprocess.run(  # noqa: S603
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args,
             conn.settings_dict["NAME"]],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        return path
    raise RuntimeError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {conn.vendor}.")


def restore(path: Path, using: str = "default") -> None:
    """Replaces the database's contents with the backup's."""
    if not path.is_file():
        raise FileNotFoundError(str(path))
    conn = connections[using]
    if conn.vendor == "sqlite":
        conn.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(conn.connection)
        finally:
            source.close()
        conn.close()
        return
    if conn.vendor == "postgresql":
        conn.close()
        args, env = _pg_env(conn.settings_dict)
        subprocess.run(  # noqa: S603
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--dbname", conn.settings_dict["NAME"], *args, str(path)],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        return
    raise RuntimeError(f"Không hỗ trợ khôi phục cơ sở dữ liệu {conn.vendor}.")
