"""`manage.py send_reminders [--date YYYY-MM-DD]`: the day's reminders (run daily by django-q2)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.dashboards.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Gửi nhắc việc của các đợt triển khai đang chạy (thông báo trong hệ thống và thư điện tử)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="ngày chạy, dạng YYYY-MM-DD (mặc định: hôm nay)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    f"Ngày không hợp lệ: {options['date']} (cần YYYY-MM-DD)."
                ) from exc
        counts = reminders_send(today=day)
        self.stdout.write(f"approaching: {counts.approaching}")
        self.stdout.write(f"overdue: {counts.overdue}")
        self.stdout.write(f"study: {counts.study}")
        self.stdout.write(f"already_sent_today: {counts.duplicates}")
        self.stdout.write(f"emails: {counts.emails}")
