"""``manage.py restore PATH``: replace the database's contents with a backup, then verify the
audit ledger."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from apps.common import backup


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu từ một tệp sao lưu (thay toàn bộ dữ liệu hiện có)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--no-verify", action="store_true", help="không kiểm tra nhật ký")

    def handle(self, *args: Any, path: Path, no_verify: bool, **options: Any) -> None:
        try:
            backup.restore(path)
        except FileNotFoundError as exc:
            raise CommandError(f"Không có tệp sao lưu {exc}.") from exc
        self.stdout.write(self.style.SUCCESS(f"Đã khôi phục từ {path}"))
        if not no_verify:
            call_command("verify_audit", stdout=self.stdout)
