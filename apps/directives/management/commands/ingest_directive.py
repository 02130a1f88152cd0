"""``manage.py ingest_directive PATH``: print the draft directive found in a file as JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.directives.ingest import IngestError, parse_text, read_file
from apps.directives.ingest.parser import MAX_TEXT_BYTES


class Command(BaseCommand):
    help = (
        "Đọc một chỉ thị/nghị quyết (.txt, .docx, .pdf; '-' là đầu vào chuẩn) và in bản nháp "
        "dạng JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Tệp .txt, .docx hoặc .pdf; '-' để đọc đầu vào chuẩn")

    def handle(self, *args: Any, **options: Any) -> None:
        path: str = options["path"]
        try:
            if path == "-":
                data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
                text = read_file(data, "stdin.txt")
            else:
                text = read_file(path)
            draft = parse_text(text)
        except IngestError as exc:
            raise CommandError(exc.message, returncode=1) from exc
        for warning in draft.warnings:
            self.stderr.write(warning)
        self.stdout.write(json.dumps(draft.to_json(), ensure_ascii=False))
