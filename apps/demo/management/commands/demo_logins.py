"""``manage.py demo_logins [--url URL]``: print where Trienkhai runs and the demo log-ins."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from apps.demo.org import DEMO_PASSWORD, demo_accounts

HEADERS = ("Tên đăng nhập", "Mật khẩu", "Vai trò", "Đơn vị")


def render_table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in [HEADERS, *rows]) for i in range(len(HEADERS))]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))

    rule = "  ".join("-" * width for width in widths)
    return [line(HEADERS), rule, *(line(row) for row in rows)]


class Command(BaseCommand):
    help = "In địa chỉ truy cập và danh sách tài khoản mẫu (một tài khoản cho mỗi vai trò)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Địa chỉ máy chủ đang chạy"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Trienkhai đang chạy tại {options['url']}"))
        accounts = demo_accounts()
        if not accounts:
            self.stdout.write("Chưa có tài khoản mẫu. Chạy: python manage.py load_demo")
            return
        users = {
            u.username: u
            for u in get_user_model().objects.filter(username__in=[a.username for a in accounts])
        }
        rows = []
        for account in accounts:
            # A password changed since the demo was loaded is not shown.
            unchanged = users[account.username].check_password(DEMO_PASSWORD)
            password = DEMO_PASSWORD if unchanged else "(đã đổi)"
            rows.append((account.username, password, account.role_label, account.unit_name))
        self.stdout.write("Tài khoản mẫu:")
        for text in render_table(rows):
            self.stdout.write("  " + text.rstrip())
        if getattr(settings, "OTP_REQUIRED_FOR_ADMINS", True):
            self.stdout.write(
                "  admin: lần đăng nhập đầu tiên phải đăng ký ứng dụng xác thực hai bước (TOTP, quét"
                " mã QR); không có điện thoại: OTP_REQUIRED_FOR_ADMINS=0 make run"
            )
        self.stdout.write("")
