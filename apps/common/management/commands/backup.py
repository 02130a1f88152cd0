"""``manage.py backup [PATH]``: a consistent copy of the whole database (SQLite or PostgreSQL)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from apps.common import backup


class Command(BaseCommand):
    help = "Sao lưu toàn bộ cơ sở dữ liệu (SQLite: backup API; PostgreSQL: pg_dump)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "path", nargs="?", type=Path, help="tệp sao lưu (mặc định var/backups/)"
        )

    def handle(self, *args: Any, path: Path | None, **options: Any) -> None:
        written = backup.backup(path or backup.default_path())
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu vào {written}"))
