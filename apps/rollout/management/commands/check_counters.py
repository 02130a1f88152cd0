"""`python manage.py check_counters [--repair] [--rollout ID]`: every maintained figure of the
rollouts (own counters, subtree roll-ups, sessions' reach) against a fresh recount."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.rollout.models import Rollout
from apps.rollout.services import rollups


class Command(BaseCommand):
    help = "Compares the maintained rollout counters with a fresh recount (and repairs them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true", help="rewrite the rows that differ")
        parser.add_argument("--rollout", type=int, action="append", help="only these rollouts")
        parser.add_argument("--show", type=int, default=20, help="differences listed per rollout")

    def handle(self, *args: Any, **options: Any) -> None:
        rollouts = Rollout.objects.order_by("pk")
        if options["rollout"]:
            rollouts = rollouts.filter(pk__in=options["rollout"])
        total = 0
        start = time.perf_counter()
        for rollout_id in rollouts.values_list("pk", flat=True):
            diffs = rollups.check(rollout_id, repair=options["repair"])
            total += len(diffs)
            for d in diffs[: options["show"]]:
                self.stdout.write(str(d))
            if len(diffs) > options["show"]:
                self.stdout.write(f"... and {len(diffs) - options['show']} more")
        verb = "repaired" if options["repair"] else "found"
        self.stdout.write(f"differences: {total} ({verb}) in {time.perf_counter() - start:.1f} s")
        if total and not options["repair"]:
            raise SystemExit(1)
