"""Checks the audit ledger: every history row recorded, unchanged, chained; exit 1 if not."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.common import ledger


class Command(BaseCommand):
    help = "Verify the tamper-evident audit ledger (hash chain and every history row)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=50, help="problems to print at most")

    def handle(self, *args: Any, limit: int, **options: Any) -> None:
        result = ledger.verify()
        for problem in result.problems[:limit]:
            self.stdout.write(problem)
        if len(result.problems) > limit:
            self.stdout.write(f"… và {len(result.problems) - limit} vấn đề khác.")
        summary = (
            f"Đã kiểm tra {result.checked} bản ghi nhật ký, {result.history_rows} dòng lịch sử; "
            f"mã băm đầu chuỗi {result.head_hash or '(trống)'}."
        )
        self.stdout.write(summary)
        if not result.ok:
            raise CommandError(f"Nhật ký không toàn vẹn: {len(result.problems)} vấn đề.")
        self.stdout.write(self.style.SUCCESS("Nhật ký toàn vẹn."))
