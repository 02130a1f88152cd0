"""manage.py import_roster FILE [--user USERNAME]: the roster import, synchronously."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.common.errors import ApplicationError
from apps.people.roster.services import format_error, roster_import


class Command(BaseCommand):
    help = (
        "Nhập danh sách đơn vị và cán bộ từ tệp .xlsx hoặc .csv. Có lỗi thì in từng lỗi "
        "(dòng, cột) và không ghi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user",
            help="tên đăng nhập của người nhập (phạm vi và lịch sử thay đổi ghi theo người này); "
            "bỏ trống: hệ thống, toàn quyền",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        actor = None
        if options["user"]:
            try:
                actor = get_user_model().objects.get(username=options["user"], is_active=True)
            except get_user_model().DoesNotExist:
                raise CommandError(f"Không có tài khoản “{options['user']}”.") from None
        last = [-1]

        def progress(done: int, total: int, message: str) -> None:
            percent = 100 * done // total if total else 0
            if percent // 10 != last[0] // 10 or done == total:
                last[0] = percent
                self.stdout.write(f"{message} {done}/{total} ({percent}%)")

        try:
            result = roster_import(
                actor=actor, path_or_file=path, filename=path.name, progress=progress
            )
        except ApplicationError as exc:
            errors = exc.extra.get("errors", [])
            for error in errors:
                self.stderr.write(format_error(error))
            self.stderr.write(exc.message)
            raise SystemExit(1) from None
        for label, value in result.summary().items():
            self.stdout.write(f"{label}: {value}")
