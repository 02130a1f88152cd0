from typing import Any

from django.core.management.base import BaseCommand

from apps.demo.feedback import load_feedback_demo
from apps.demo.rollout import load_rollout_demo


class Command(BaseCommand):
    help = "Loads Directive 34-CT/TU and its rollout in progress across the demo province."

    def handle(self, *args: Any, **options: Any) -> None:
        load_rollout_demo(stdout=self.stdout)
        load_feedback_demo(stdout=self.stdout)
