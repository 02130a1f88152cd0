"""`manage.py send_feedback_escalations [--date YYYY-MM-DD]`: tell handlers and the next level
up about late feedback (run daily by django-q2)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.feedback.escalation import feedback_escalate


class Command(BaseCommand):
    help = "Báo quá hạn tiếp nhận, trả lời, giải trình phản ánh cho người xử lý và cấp trên."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = feedback_escalate(today=options["date"])
        self.stdout.write(
            f"Quá hạn tiếp nhận: {counts.ack_late}; quá hạn trả lời: {counts.answer_late}; "
            f"quá hạn giải trình: {counts.explanation_late}; đã báo {counts.told} lượt."
        )
