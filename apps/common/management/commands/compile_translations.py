"""`manage.py compile_translations`: every locale/*/LC_MESSAGES/*.po → .mo, in Python only
(no GNU gettext needed; see `apps.common.i18n`)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.common.i18n import compile_po


class Command(BaseCommand):
    help = "Compiles the interface translations (locale/*/LC_MESSAGES/*.po) without gettext."

    def handle(self, *args: Any, **options: Any) -> None:
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = compile_po(po_path)
                self.stdout.write(f"{po_path} → {mo_path.name}")
