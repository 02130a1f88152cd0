"""Prepares the demo for the load test of `make load` (benchmarks/load/): a province-wide session
open now for a self check-in storm, member accounts for the storm and for studying, and signed-in
sessions for every simulated user (so that the test measures the pages, not 1,500 argon2
log-ins). Writes a JSON plan the locustfile reads. `--count SESSION` prints the self check-ins
recorded on a session.

Writes go through the services; the accounts get random passwords nobody knows (they never log in
with a password: the plan holds their session cookies). Run with the cluster's environment
(`. /tmp/trienkhai-cluster/env`) so that sessions land in its store.
"""

import datetime
import json
import secrets
from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import timezone

from apps.access.models import Assignment
from apps.org.models import Unit
from apps.people.models import Person
from apps.people.services import person_account_create
from apps.rollout.enums import SessionMode
from apps.rollout.models import Attendance, ConnectionPoint, Participant, Rollout, Session
from apps.rollout.services.sessions import session_schedule

STORM_TITLE = "Hội nghị kiểm thử tải (tự điểm danh)"
MEMBER_PREFIX = "taithu."


def _session_cookie(user: Any) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


class Command(BaseCommand):
    help = "Prepare the demo for `make load`: storm session, member accounts, signed-in sessions."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", default="var/load/plan.json")
        parser.add_argument("--storm", type=int, default=1500, help="self check-ins in the storm")
        parser.add_argument("--members", type=int, default=100, help="members who study")
        parser.add_argument("--sessions-per-account", type=int, default=20)
        parser.add_argument("--count", type=int, help="print the self check-ins of a session")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["count"]:
            n = Attendance.objects.filter(session_id=opts["count"], self_checkin=True).count()
            self.stdout.write(json.dumps({"session": opts["count"], "self_checkins": n}))
            return
        user_model = get_user_model()
        admin = user_model.objects.filter(is_superuser=True).order_by("pk").first()
        rollout = Rollout.objects.select_related("unit").order_by("pk").first()
        if admin is None or rollout is None:
            raise CommandError("Load the demo first (load_demo, load_demo_rollout).")
        now = timezone.now()
        last = timezone.make_aware(
            datetime.datetime.combine(rollout.dissemination_due, datetime.time.max)
        )
        ends = min(now + datetime.timedelta(hours=3), last)
        if ends <= now:
            raise CommandError("The demo rollout's dissemination period is over: reload the demo.")
        # A fresh storm session each time: every run starts from zero check-ins.
        storm = session_schedule(
            actor=admin,
            rollout=rollout,
            unit=rollout.unit,
            title=STORM_TITLE,
            starts_at=now - datetime.timedelta(minutes=5),
            ends_at=ends,
            place="Hội trường tỉnh",
            mode=SessionMode.HYBRID,
        )
        wanted = opts["storm"] + opts["members"]
        people = list(
            Person.objects.filter(
                participations__rollout=rollout, user__username__startswith=MEMBER_PREFIX
            )
            .select_related("user")
            .order_by("pk")[:wanted]
        )
        if len(people) < wanted:
            fresh = Person.objects.filter(
                participations__rollout=rollout,
                participations__exempt=False,
                user__isnull=True,
            ).order_by("pk")[: wanted - len(people)]
            # The accounts never sign in with a password: a fast hash of a random one.
            with override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            ):
                for person in fresh:
                    person_account_create(
                        actor=admin,
                        person=person,
                        username=f"{MEMBER_PREFIX}{person.pk}",
                        password=secrets.token_urlsafe(32),
                    )
                    people.append(person)
            people = list(
                Person.objects.filter(pk__in=[p.pk for p in people]).select_related("user")
            )
        if len(people) < wanted:
            raise CommandError(f"Only {len(people)} participants without an account.")
        participations = dict(
            Participant.objects.filter(rollout=rollout, person__in=people).values_list(
                "person_id", "pk"
            )
        )
        storm_people = people[: opts["storm"]]
        study_people = people[opts["storm"] :]

        per = opts["sessions_per_account"]

        def signed_in(username: str) -> list[str]:
            user = user_model.objects.get(username=username)
            return [_session_cookie(user) for _ in range(per)]

        officer = user_model.objects.get(username="canbo.xa")
        officer_units = [
            a.unit for a in Assignment.objects.filter(person__user=officer).select_related("unit")
        ]
        officer_paths = [u.path for u in officer_units]
        points = [
            p.pk
            for p in ConnectionPoint.objects.filter(session__rollout=rollout)
            .exclude(session=storm)
            .select_related("unit")
            if any(p.unit.path.startswith(path) for path in officer_paths)
        ]
        commune = officer_units[0]
        sessions = list(
            Session.objects.filter(rollout=rollout, points__unit__path__startswith=commune.path)
            .exclude(pk=storm.pk)
            .values_list("pk", flat=True)
            .distinct()
        )
        children = list(
            Unit.objects.filter(path__startswith=rollout.unit.path, depth=rollout.unit.depth + 1)
            .order_by("path")
            .values_list("pk", flat=True)[:20]
        )
        plan = {
            "rollout": rollout.pk,
            "directive": rollout.directive_id,
            "province": rollout.unit.pk,
            "commune": commune.pk,
            "province_children": children,
            "points": points,
            "sessions": sessions,
            "storm": {
                "session": storm.pk,
                "code": storm.checkin_code,
                "cookies": [_session_cookie(p.user) for p in storm_people],
            },
            "members": [
                {"cookie": _session_cookie(p.user), "participation": participations[p.pk]}
                for p in study_people
            ],
            "officers": signed_in("canbo.xa"),
            "leaders": signed_in("lanhdao") + signed_in("canbo.tinh"),
            "exporters": signed_in("canbo.tinh"),
        }
        out = Path(opts["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(plan))
        self.stdout.write(
            f"load plan: {out} (storm session {storm.pk}, {len(storm_people)} check-ins, "
            f"{len(study_people)} members, {len(points)} points of {commune.name})"
        )
