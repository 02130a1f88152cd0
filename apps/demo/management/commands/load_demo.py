"""``manage.py load_demo [--people N]``: load the Lâm Đồng demo data once (idempotent)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.demo.org import load_demo


def _n(number: int) -> str:
    """Vietnamese thousands separator: 20.000."""
    return f"{number:,}".replace(",", ".")


def _s(seconds: float) -> str:
    """Vietnamese decimal comma: 6,0."""
    return f"{seconds:.1f}".replace(".", ",")


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu tỉnh Lâm Đồng (124 xã, phường, đặc khu; chi bộ; cán bộ, đảng viên; "
        "tài khoản mẫu). Không làm gì nếu đã nạp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--people", type=int, default=20000, help="Số người cần tạo (mặc định 20000)"
        )
        parser.add_argument("--seed", type=int, default=34, help="Hạt giống ngẫu nhiên")

    def handle(self, *args: Any, **options: Any) -> None:
        people: int = options["people"]
        if people < 0:
            raise CommandError("--people phải là số không âm.")
        started = time.perf_counter()
        summary = load_demo(stdout=self.stdout, people_target=people, seed=options["seed"])
        elapsed = time.perf_counter() - started
        if summary.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã nạp dữ liệu mẫu: {_n(summary.units)} đơn vị, {_n(summary.people)} người, "
                    f"{len(summary.accounts)} tài khoản, trong {_s(elapsed)} giây."
                )
            )
        else:
            self.stdout.write(
                f"Hiện có {_n(summary.units)} đơn vị, {_n(summary.people)} người "
                f"({_s(elapsed)} giây)."
            )
