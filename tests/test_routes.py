"""Deny by default and the scope matrix, both generated from the URL configuration.

1. Every view reachable from `config.urls` declares its permission rule
   (`apps.access.permissions.requires` / `public` / `login_only`), except the namespaces
   listed in `EXEMPT_NAMESPACES` with the reason.
2. `SCOPE_MATRIX` says, for every named route, how to reach an object of the SIBLING
   commune (Xã B, outside officer_a's and member_a's scope) or what kind of page it is.
   A route present in the URL configuration but missing from the matrix fails the suite:
   add it to `SCOPE_MATRIX` below.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.access import scoping
from apps.common.models import Job
from apps.org.models import Unit
from apps.people.models import Person
from tests.conftest import World

# Namespaces that are not walked, with the rule that protects them instead.
EXEMPT_NAMESPACES = {
    "admin": "Django admin: admin.site requires an active staff user on every view.",
}

# Text that only an object of Xã B (the sibling commune) shows.
SIBLING_MARKERS = ("Lê Văn Bên Kia", "Chi bộ thôn 1 Bình Lợi", "Đảng bộ xã Bình Lợi", "officer_b")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    callback: Any


def _walk(
    patterns: list[Any], prefix: str = "", seen_exempt: set[str] | None = None
) -> list[Route]:
    routes: list[Route] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXEMPT_NAMESPACES:
                if seen_exempt is not None:
                    seen_exempt.add(entry.namespace)
                continue
            routes.extend(_walk(entry.url_patterns, prefix + str(entry.pattern), seen_exempt))
        elif isinstance(entry, URLPattern):
            routes.append(Route(entry.name or "", prefix + str(entry.pattern), entry.callback))
    return routes


def url_routes(seen_exempt: set[str] | None = None) -> list[Route]:
    return _walk(get_resolver("config.urls").url_patterns, "", seen_exempt)


# --- the matrix -------------------------------------------------------------------------

Kwargs = Callable[[World], dict[str, Any]]


def _job_of(username: str) -> Kwargs:
    def build(world: World) -> dict[str, Any]:
        job = Job.objects.create(kind="roster_import", created_by=world.users[username])
        return {"pk": job.pk}

    return build


@dataclass(frozen=True)
class ObjectRoute:
    """A page about one object. `sibling` builds kwargs for an object of Xã B; `own` for an
    object inside member_a's own commune (Xã A) that is not member_a's own record."""

    sibling: Kwargs
    own: Kwargs
    post: dict[str, str] = field(default_factory=dict)
    creator_only: bool = False  # only the user who created the object sees it (jobs)
    post_only: bool = False  # the view only accepts POST (GET answers 405 to everyone)
    # Personal objects (notifications): only their owner reaches them, administrators
    # included; `owners` names who owns the (sibling, own) objects.
    owners: tuple[str, str] | None = None


@dataclass(frozen=True)
class ListRoute:
    """A list or search page: it must not show anything of Xã B, whatever the query."""

    queries: tuple[dict[str, str], ...] = ({},)


@dataclass(frozen=True)
class ScopedListRoute:
    """A list inside a parent both communes share (e.g. a rollout sent from the root): `kwargs`
    names the parent. The plain list must not show Xã B; asking for Xã B's unit with
    `?unit=<pk>` (or POSTing it) must answer 404 and change nothing. `seed` creates Xã B data
    first, so an unscoped list would reveal it."""

    kwargs: Kwargs
    param: str | None = "unit"  # None: the list takes no unit parameter
    post: dict[str, str] | None = None


@dataclass(frozen=True)
class ActionRoute:
    """A page that acts within the actor's scope but names no object in its URL (an upload
    form): officers who hold the action get it, members are refused, nothing of Xã B shows."""


@dataclass(frozen=True)
class SelfRoute:
    """About the logged-in user only (own record, password, own home page)."""


@dataclass(frozen=True)
class PublicRoute:
    """Reachable without logging in (login page, health check, logout)."""


# --- builders for rollout objects (one current rollout at the root, built once per test) ---


def _rollout(world: World) -> Any:
    cached = getattr(world, "_matrix_rollout", None)
    if cached is None:
        import datetime

        from django.utils import timezone

        from tests.rollout.factories import make_rollout

        today = timezone.localdate()
        cached = make_rollout(
            world,
            starts_on=today - datetime.timedelta(days=10),
            dissemination_due=today + datetime.timedelta(days=30),
        )
        world._matrix_rollout = cached  # type: ignore[attr-defined]
    return cached


def _directive_of(unit_attr: str) -> Kwargs:
    def build(world: World) -> dict[str, Any]:
        from tests.rollout.factories import make_directive

        return {"pk": make_directive(getattr(world, unit_attr)).pk}

    return build


def _attachment_of(unit_attr: str) -> Kwargs:
    def build(world: World) -> dict[str, Any]:
        from django.core.files.base import ContentFile

        from apps.directives.models import DirectiveAttachment
        from tests.rollout.factories import make_directive

        directive = make_directive(getattr(world, unit_attr))
        attachment = DirectiveAttachment(directive=directive, name="chi-thi.pdf")
        attachment.file.save("chi-thi.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        return {"pk": directive.pk, "attachment_pk": attachment.pk}

    return build


def _rollout_at(unit_attr: str) -> Kwargs:
    def build(world: World) -> dict[str, Any]:
        from tests.rollout.factories import make_directive, make_rollout

        unit = getattr(world, unit_attr)
        return {"pk": make_rollout(world, directive=make_directive(unit), unit=unit).pk}

    return build


def _rollout_unit(unit_attr: str) -> Kwargs:
    def build(world: World) -> dict[str, Any]:
        return {"rollout_pk": _rollout(world).pk, "unit_pk": getattr(world, unit_attr).pk}

    return build


def _session_at(world: World, unit_attr: str) -> Any:
    import datetime

    from django.utils import timezone

    from apps.rollout.enums import SessionMode
    from apps.rollout.services.sessions import session_schedule

    now = timezone.now()
    return session_schedule(
        actor=world.users["admin"],
        rollout=_rollout(world),
        unit=getattr(world, unit_attr),
        title="Hội nghị quán triệt thử",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
        place="Hội trường",
        mode=SessionMode.IN_PERSON,
    )


def _session_of(unit_attr: str) -> Kwargs:
    return lambda world: {"pk": _session_at(world, unit_attr).pk}


def _point_of(unit_attr: str) -> Kwargs:
    return lambda world: {"pk": _session_at(world, unit_attr).points.get().pk}


def _participation_of(person_attr: str) -> Kwargs:
    def build(world: World) -> dict[str, Any]:
        from apps.rollout.models import Participant

        participant = Participant.objects.get(
            rollout=_rollout(world), person=getattr(world, person_attr)
        )
        return {"pk": participant.pk}

    return build


def _plan_at(world: World, unit_attr: str) -> Any:
    from apps.plans.models import Plan
    from apps.plans.services.plans import plan_create

    unit = getattr(world, unit_attr)
    existing = Plan.objects.filter(rollout=_rollout(world), unit=unit).first()
    return existing or plan_create(
        actor=None, rollout=_rollout(world), unit=unit, title=f"Kế hoạch {unit.name}"
    )


def _plan_of(unit_attr: str) -> Kwargs:
    return lambda world: {"pk": _plan_at(world, unit_attr).pk}


def _plan_version_of(unit_attr: str) -> Kwargs:
    def build(world: World) -> dict[str, Any]:
        from apps.plans.services.plans import plan_transition
        from tests.plans.factories import docx_upload

        plan = _plan_at(world, unit_attr)
        if not plan.versions.exists():
            plan_transition(actor=None, plan=plan, to="submitted", document=docx_upload())
        return {"pk": plan.versions.get().pk}

    return build


def _task_at(world: World, unit_attr: str) -> Any:
    import datetime

    from apps.plans.services.tasks import task_create

    return task_create(
        actor=None,
        rollout=_rollout(world),
        unit=getattr(world, unit_attr),
        title="Rà soát quy chế làm việc",
        start=datetime.date(2026, 11, 1),
        deadline=datetime.date(2026, 12, 15),
    )


def _task_of(unit_attr: str) -> Kwargs:
    return lambda world: {"pk": _task_at(world, unit_attr).pk}


def _evidence_of(unit_attr: str) -> Kwargs:
    def build(world: World) -> dict[str, Any]:
        from apps.plans.services.tasks import task_evidence_add
        from tests.plans.factories import pdf_upload

        task = _task_at(world, unit_attr)
        evidence = task_evidence_add(actor=None, task=task, name="Biên bản", file=pdf_upload())
        return {"pk": evidence.pk}

    return build


def _period(world: World) -> Any:
    cached = getattr(world, "_matrix_period", None)
    if cached is None:
        from tests.plans.factories import make_quarter

        cached = make_quarter(_rollout(world))
        world._matrix_period = cached  # type: ignore[attr-defined]
    return cached


def _report_at(world: World, unit_attr: str) -> Any:
    from apps.plans.services.reports import report_open

    return report_open(actor=None, period=_period(world), unit=getattr(world, unit_attr))


def _report_of(unit_attr: str) -> Kwargs:
    return lambda world: {"pk": _report_at(world, unit_attr).pk}


def _report_edit_of(unit_attr: str) -> Kwargs:
    return lambda world: {"period_pk": _period(world).pk, "unit_pk": getattr(world, unit_attr).pk}


def _rollout_seeded(world: World) -> dict[str, Any]:
    """The shared root rollout, with a plan, a task and a report of Xã B's cell."""
    _plan_at(world, "cell_b1")
    _task_at(world, "cell_b1")
    _report_at(world, "cell_b1")
    return {"rollout_pk": _rollout(world).pk}


def _period_seeded(world: World) -> dict[str, Any]:
    _report_at(world, "cell_b1")
    return {"period_pk": _period(world).pk}


def _notification_of(username: str) -> Kwargs:
    def build(world: World) -> dict[str, Any]:
        from apps.common.models import Notification

        note = Notification.objects.create(user=world.users[username], title="Nhắc việc")
        return {"pk": note.pk}

    return build


def _export_job_of(username: str) -> Kwargs:
    def build(world: World) -> dict[str, Any]:
        from django.core.files.base import ContentFile

        job = Job.objects.create(
            kind="report_export", created_by=world.users[username], status=Job.Status.DONE
        )
        job.output_file.save("bao-cao.docx", ContentFile(b"PK\x03\x04 docx"))
        return {"pk": job.pk}

    return build


_DIRECTIVE_EDIT = {
    "kind": "1",
    "number": "99",
    "issuer": "1",
    "issued_on": "2025-01-01",
    "title": "Đã bị sửa",
}
_SESSION_CREATE = {
    "title": "Hội nghị chen ngang",
    "starts_at": "2026-11-26T08:00",
    "ends_at": "2026-11-26T10:00",
    "place": "Hội trường",
    "mode": "in_person",
    "points-TOTAL_FORMS": "0",
    "points-INITIAL_FORMS": "0",
}

_UNIT_MOVE = {"new_parent": "XA", "date": "2025-08-01", "note": "thử"}
_UNIT_MERGE = {"target": "XA", "date": "2025-08-01", "note": "thử"}
_UNIT_CLOSE = {"date": "2025-08-01", "note": "thử"}
_PERSON_EDIT = {"full_name": "Đã Bị Sửa", "gender": "nam", "birth_year": "1970"}

SCOPE_MATRIX: dict[str, Any] = {
    # apps.common
    "home": SelfRoute(),
    "health": PublicRoute(),
    "login": PublicRoute(),
    "logout": PublicRoute(),
    "set_language": PublicRoute(),
    "password_change": SelfRoute(),
    "password_change_done": SelfRoute(),
    "job_download": ObjectRoute(
        sibling=_export_job_of("officer_b"), own=_export_job_of("leader_a"), creator_only=True
    ),
    "job_status": ObjectRoute(
        sibling=_job_of("officer_b"), own=_job_of("leader_a"), creator_only=True
    ),
    "job_retry": ObjectRoute(
        sibling=_job_of("officer_b"),
        own=_job_of("leader_a"),
        creator_only=True,
        post_only=True,
    ),
    # apps.org
    "unit_tree": ListRoute(queries=({}, {"q": "binh loi"}, {"q": "Bình Lợi"}, {"q": "XB"})),
    "unit_detail": ObjectRoute(
        sibling=lambda w: {"pk": w.cell_b1.pk}, own=lambda w: {"pk": w.cell_a1.pk}
    ),
    "unit_history": ObjectRoute(
        sibling=lambda w: {"pk": w.commune_b.pk}, own=lambda w: {"pk": w.commune_a.pk}
    ),
    "unit_move": ObjectRoute(
        sibling=lambda w: {"pk": w.cell_b1.pk},
        own=lambda w: {"pk": w.cell_a2.pk},
        post=_UNIT_MOVE,
    ),
    "unit_merge": ObjectRoute(
        sibling=lambda w: {"pk": w.commune_b.pk},
        own=lambda w: {"pk": w.cell_a2.pk},
        post=_UNIT_MERGE,
    ),
    "unit_close": ObjectRoute(
        sibling=lambda w: {"pk": w.cell_b1.pk},
        own=lambda w: {"pk": w.cell_a2.pk},
        post=_UNIT_CLOSE,
    ),
    # apps.people
    "person_list": ListRoute(
        queries=({}, {"q": "ben kia"}, {"q": "Lê Văn"}, {"q": "PB"}, {"head": "0"})
    ),
    "person_export": ListRoute(queries=({}, {"q": "ben kia"}, {"q": "Lê Văn"})),
    "person_detail": ObjectRoute(
        sibling=lambda w: {"pk": w.person_b.pk}, own=lambda w: {"pk": w.person_a.pk}
    ),
    "person_edit": ObjectRoute(
        sibling=lambda w: {"pk": w.person_b.pk},
        own=lambda w: {"pk": w.person_a.pk},
        post=_PERSON_EDIT,
    ),
    "person_history": ObjectRoute(
        sibling=lambda w: {"pk": w.person_b.pk}, own=lambda w: {"pk": w.person_a.pk}
    ),
    "my_record": SelfRoute(),
    # apps.people.roster (`/nhap-danh-sach/…`)
    "roster_import": ActionRoute(),
    "roster_import_job": ObjectRoute(
        sibling=_job_of("officer_b"), own=_job_of("leader_a"), creator_only=True
    ),
    "roster_template": ActionRoute(),
    # apps.directives
    "directive_list": ListRoute(queries=({}, {"q": "binh loi"}, {"q": "34-CT/TU"})),
    "directive_create": ActionRoute(),
    "directive_ingest": ActionRoute(),
    "directive_detail": ObjectRoute(
        sibling=_directive_of("commune_b"), own=_directive_of("commune_a")
    ),
    "directive_edit": ObjectRoute(
        sibling=_directive_of("commune_b"), own=_directive_of("commune_a"), post=_DIRECTIVE_EDIT
    ),
    "directive_attachment_add": ObjectRoute(
        sibling=_directive_of("commune_b"), own=_directive_of("commune_a")
    ),
    "directive_attachment_file": ObjectRoute(
        sibling=_attachment_of("commune_b"), own=_attachment_of("commune_a")
    ),
    # apps.rollout: rollouts
    "rollout_list": ListRoute(),
    "rollout_create": ActionRoute(),
    "rollout_detail": ObjectRoute(sibling=_rollout_at("commune_b"), own=_rollout_at("commune_a")),
    "rollout_deadline_set": ObjectRoute(
        sibling=_rollout_at("commune_b"),
        own=_rollout_at("commune_a"),
        post={"unit": "3", "dissemination_due": "2026-12-01", "plan_due": "2026-12-01"},
    ),
    "rollout_exempt": ObjectRoute(
        sibling=_rollout_at("commune_b"),
        own=_rollout_at("commune_a"),
        post={"participant": "1", "exempt": "1", "reason": "Thử"},
    ),
    # apps.rollout: sessions and attendance
    "session_list": ObjectRoute(sibling=_rollout_unit("commune_b"), own=_rollout_unit("commune_a")),
    "session_create": ObjectRoute(
        sibling=_rollout_unit("commune_b"), own=_rollout_unit("commune_a"), post=_SESSION_CREATE
    ),
    "session_list_ics": ObjectRoute(
        sibling=_rollout_unit("commune_b"), own=_rollout_unit("commune_a")
    ),
    "session_detail": ObjectRoute(sibling=_session_of("commune_b"), own=_session_of("commune_a")),
    "session_ics": ObjectRoute(sibling=_session_of("commune_b"), own=_session_of("commune_a")),
    "session_point": ObjectRoute(sibling=_point_of("commune_b"), own=_point_of("commune_a")),
    "session_mark": ObjectRoute(
        sibling=_point_of("commune_b"), own=_point_of("commune_a"), post={"all_present": "1"}
    ),
    # self check-in: a member only reaches sessions with a point covering them (cell_a2 does not)
    "session_checkin": ObjectRoute(sibling=_session_of("commune_b"), own=_session_of("cell_a2")),
    # apps.plans: plans
    "plan_list": ScopedListRoute(kwargs=_rollout_seeded),
    "plan_new": ScopedListRoute(kwargs=_rollout_seeded, post={"title": "Chen ngang"}),
    "plan_detail": ObjectRoute(sibling=_plan_of("cell_b1"), own=_plan_of("cell_a1")),
    "plan_submit": ObjectRoute(
        sibling=_plan_of("cell_b1"), own=_plan_of("cell_a1"), post_only=True
    ),
    "plan_decide": ObjectRoute(
        sibling=_plan_of("cell_b1"),
        own=_plan_of("cell_a1"),
        post={"to": "approved"},
        post_only=True,
    ),
    "plan_version_document": ObjectRoute(
        sibling=_plan_version_of("cell_b1"), own=_plan_version_of("cell_a1")
    ),
    # apps.plans: tasks
    "task_list": ScopedListRoute(kwargs=_rollout_seeded),
    "task_new": ScopedListRoute(kwargs=_rollout_seeded, post={"title": "Chen ngang"}),
    "task_overdue": ScopedListRoute(kwargs=lambda w: _rollout_seeded(w) and {}),
    "task_detail": ObjectRoute(sibling=_task_of("commune_b"), own=_task_of("commune_a")),
    "task_progress": ObjectRoute(
        sibling=_task_of("commune_b"),
        own=_task_of("commune_a"),
        post={"progress": "90"},
        post_only=True,
    ),
    "task_delegate": ObjectRoute(
        sibling=_task_of("commune_b"), own=_task_of("commune_a"), post_only=True
    ),
    "task_evidence": ObjectRoute(
        sibling=_task_of("commune_b"),
        own=_task_of("commune_a"),
        post={"name": "x", "link": "https://example.org"},
        post_only=True,
    ),
    "task_comment": ObjectRoute(
        sibling=_task_of("commune_b"),
        own=_task_of("commune_a"),
        post={"text": "chen ngang"},
        post_only=True,
    ),
    "task_evidence_file": ObjectRoute(
        sibling=_evidence_of("commune_b"), own=_evidence_of("commune_a")
    ),
    # apps.plans: reports
    "report_periods": ScopedListRoute(kwargs=_rollout_seeded, param=None),
    "report_consolidation": ScopedListRoute(kwargs=_period_seeded),
    "report_period_close": ScopedListRoute(kwargs=_period_seeded, post={}),
    "report_edit": ObjectRoute(sibling=_report_edit_of("cell_b1"), own=_report_edit_of("cell_a1")),
    "report_detail": ObjectRoute(sibling=_report_of("cell_b1"), own=_report_of("cell_a1")),
    "report_return": ObjectRoute(
        sibling=_report_of("cell_b1"),
        own=_report_of("cell_a1"),
        post={"comment": "Trả lại"},
        post_only=True,
    ),
    # apps.exports
    "export_report": ScopedListRoute(kwargs=_period_seeded),
    "export_report_job": ScopedListRoute(kwargs=_period_seeded, post={}),
    "export_job": ObjectRoute(
        sibling=_export_job_of("officer_b"), own=_export_job_of("leader_a"), creator_only=True
    ),
    "export_job_download": ObjectRoute(
        sibling=_export_job_of("officer_b"), own=_export_job_of("leader_a"), creator_only=True
    ),
    # apps.rollout: progress (the unit is chosen with ?unit=)
    "rollout_progress": ScopedListRoute(kwargs=lambda w: {"pk": _rollout(w).pk}, param="unit"),
    "rollout_progress_charts": ScopedListRoute(
        kwargs=lambda w: {"pk": _rollout(w).pk}, param="unit"
    ),
    "rollout_progress_xlsx": ScopedListRoute(kwargs=lambda w: {"pk": _rollout(w).pk}, param="unit"),
    "rollout_pending": ScopedListRoute(kwargs=lambda w: {"pk": _rollout(w).pk}, param="unit"),
    "rollout_overdue": ScopedListRoute(kwargs=lambda w: {"pk": _rollout(w).pk}, param="unit"),
    # apps.common: notifications (personal)
    "notifications": SelfRoute(),
    "notification_read": ObjectRoute(
        sibling=_notification_of("officer_b"),
        own=_notification_of("leader_a"),
        post_only=True,
        owners=("officer_b", "leader_a"),
    ),
    # apps.rollout: member self-service (officers covering the person may read, never act)
    "my_tasks": SelfRoute(),
    "my_tasks_badge": SelfRoute(),
    "my_participation": ObjectRoute(
        sibling=_participation_of("person_b"), own=_participation_of("person_a")
    ),
    "my_reading": ObjectRoute(
        sibling=_participation_of("person_b"), own=_participation_of("person_a")
    ),
    "my_quiz": ObjectRoute(
        sibling=_participation_of("person_b"), own=_participation_of("person_a")
    ),
    "my_commitment": ObjectRoute(
        sibling=_participation_of("person_b"),
        own=_participation_of("person_a"),
        post={"confirmed": "1"},
    ),
}


def _load_app_parts() -> None:
    """Each new app keeps its routes' entries beside its tests, in `tests/<app>/scope_routes.py`
    (a dict `SCOPE_ROUTES` built with the classes above), so that apps do not edit one dict."""
    for module in sorted(Path(__file__).parent.glob("*/scope_routes.py")):
        part = importlib.import_module(f"tests.{module.parent.name}.scope_routes")
        clash = set(part.SCOPE_ROUTES) & set(SCOPE_MATRIX)
        assert not clash, f"{module}: routes already in the matrix: {sorted(clash)}"
        SCOPE_MATRIX.update(part.SCOPE_ROUTES)


_load_app_parts()

MISSING_HELP = (
    "Route {name!r} ({pattern}) is in the URL configuration but not in SCOPE_MATRIX "
    "(tests/test_routes.py, or tests/<app>/scope_routes.py for a new app). Add it there: ObjectRoute(sibling=…, own=…) with how to build the "
    "URL kwargs for an object of the sibling commune Xã B (world.commune_b, world.cell_b1, "
    "world.person_b, a job of officer_b…) and of Xã A; or ListRoute / ActionRoute / SelfRoute / "
    "PublicRoute. Then check that officer_a gets 404 on the Xã B object."
)

ROUTES = url_routes()
ROUTES_BY_NAME = {route.name: route for route in ROUTES}


def _spec(name: str) -> Any:
    if name not in SCOPE_MATRIX:
        route = ROUTES_BY_NAME[name]
        pytest.fail(MISSING_HELP.format(name=name, pattern=route.pattern or "/"))
    return SCOPE_MATRIX[name]


def _routes_of(kind: type) -> list[str]:
    return sorted(r.name for r in ROUTES if isinstance(SCOPE_MATRIX.get(r.name), kind))


def _expected_refusal(user: Any, name: str) -> int:
    """403 when the user holds the route's action nowhere, else 404 (object out of scope)."""
    callback = ROUTES_BY_NAME[name].callback
    action = callback.required_action
    if action in {"self", "public"} or getattr(callback, "confidential", False):
        return 404  # confidential objects (apps.inspections.permissions): 404 to everyone
    return 404 if scoping.has_action(user, action) else 403


def _holds(user: Any, name: str) -> bool:
    action = ROUTES_BY_NAME[name].callback.required_action
    return action in {"self", "public"} or scoping.has_action(user, action)


def _snapshot(world: World) -> list[tuple[Any, ...]]:
    units = list(Unit.objects.order_by("pk").values_list("pk", "path", "name", "valid_to"))
    people = list(Person.objects.order_by("pk").values_list("pk", "full_name", "unit_id"))
    return [*units, *people]


def _status(client: Any, method: str, url: str, data: Any = None) -> int:
    """The status of a request, closing the response (file downloads hold a file open)."""
    response = getattr(client, method)(url, data or {})
    # Close only the response's own resources (a file being streamed): response.close() would
    # also send request_finished, which closes the test's database connection.
    for closer in getattr(response, "_resource_closers", []):
        closer()
    return int(response.status_code)


def _assert_no_sibling_marker(response: Any, who: str, url: str) -> None:
    body = response.content.decode(errors="ignore")
    for marker in SIBLING_MARKERS:
        assert marker not in body, f"{who} sees {marker!r} of the sibling commune on {url}"


# --- 1. deny by default -----------------------------------------------------------------


def test_admin_is_the_only_exempt_namespace_and_is_really_mounted():
    seen: set[str] = set()
    url_routes(seen)
    assert seen == set(EXEMPT_NAMESPACES)


def test_every_view_declares_a_permission_rule():
    undeclared = [
        f"{r.name or '<unnamed>'} ({r.pattern})"
        for r in ROUTES
        if not hasattr(r.callback, "required_action")
    ]
    assert not undeclared, (
        "Views without a permission rule (wrap them in apps.access.permissions.requires(...), "
        f"login_only or public): {undeclared}"
    )


def test_every_route_has_a_name_so_the_scope_matrix_can_cover_it():
    assert all(r.name for r in ROUTES), [r.pattern for r in ROUTES if not r.name]


def test_every_route_is_in_the_scope_matrix():
    missing = [
        MISSING_HELP.format(name=r.name, pattern=r.pattern)
        for r in ROUTES
        if r.name not in SCOPE_MATRIX
    ]
    assert not missing, "\n".join(missing)


def test_scope_matrix_has_no_stale_entries():
    stale = sorted(set(SCOPE_MATRIX) - set(ROUTES_BY_NAME))
    assert not stale, f"SCOPE_MATRIX names routes that no longer exist: {stale}"


def test_public_routes_are_exactly_those_declared_public():
    declared = {r.name for r in ROUTES if getattr(r.callback, "required_action", None) == "public"}
    assert declared == {n for n, s in SCOPE_MATRIX.items() if isinstance(s, PublicRoute)}


def test_self_routes_are_declared_login_only():
    for name, spec in SCOPE_MATRIX.items():
        if isinstance(spec, SelfRoute) and name in ROUTES_BY_NAME:
            assert ROUTES_BY_NAME[name].callback.required_action == "self", name


def test_anonymous_user_is_sent_to_login_on_every_non_public_route(world):
    from django.test import Client

    client = Client()
    for route in ROUTES:
        spec = _spec(route.name)
        if isinstance(spec, PublicRoute):
            continue
        if isinstance(spec, ObjectRoute):
            kwargs = spec.sibling(world)
        elif isinstance(spec, ScopedListRoute):
            kwargs = spec.kwargs(world)
        else:
            kwargs = {}
        url = reverse(route.name, kwargs=kwargs)
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


# --- 2. the scope matrix ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ROUTES_BY_NAME))
def test_officer_is_refused_every_object_of_the_sibling_commune(world, name):
    spec = _spec(name)
    officer = world.users["officer_a"]
    client = world.client("officer_a")
    if isinstance(spec, ObjectRoute):
        url = reverse(name, kwargs=spec.sibling(world))
        expected = _expected_refusal(officer, name)
        before = _snapshot(world)
        get_expected = {expected, 405} if spec.post_only else {expected}
        assert _status(client, "get", url) in get_expected, f"GET {url}"
        assert _status(client, "post", url, spec.post) == expected, f"POST {url}"
        assert _snapshot(world) == before, f"POST {url} changed data of the sibling commune"
    elif isinstance(spec, ListRoute | ActionRoute) and not _holds(officer, name):
        # A list or form for a role the commune officer does not hold (e.g. the inspection
        # committee's): refused outright, whatever the scope.
        url = reverse(name)
        assert _status(client, "get", url) == 403, url
    elif isinstance(spec, ListRoute):
        for query in spec.queries:
            url = reverse(name)
            response = client.get(url, query)
            assert response.status_code == 200, f"{url} {query}"
            _assert_no_sibling_marker(response, "officer_a", f"{url} {query}")
            htmx = client.get(url, query, HTTP_HX_REQUEST="true")
            _assert_no_sibling_marker(htmx, "officer_a", f"{url} {query} (htmx)")
    elif isinstance(spec, ScopedListRoute):
        url = reverse(name, kwargs=spec.kwargs(world))
        if spec.post is None:
            response = client.get(url)
            assert response.status_code == 200, url
            _assert_no_sibling_marker(response, "officer_a", url)
            if spec.param:
                sibling = client.get(url, {spec.param: world.commune_b.pk})
                assert sibling.status_code == 404, f"{url}?{spec.param}=<Xã B>"
        else:
            before = _snapshot(world)
            data = {**spec.post, (spec.param or "unit"): world.commune_b.pk}
            expected = _expected_refusal(officer, name)
            assert _status(client, "post", url, data) == expected, f"POST {url} for Xã B"
            assert _snapshot(world) == before, f"POST {url} changed data"
    elif isinstance(spec, ActionRoute | SelfRoute | PublicRoute):
        url = reverse(name)
        response = client.get(url)
        assert response.status_code in {200, 302, 405}, url
        _assert_no_sibling_marker(response, "officer_a", url)
    else:  # pragma: no cover
        pytest.fail(f"unknown matrix entry for {name}: {spec!r}")


@pytest.mark.parametrize("name", sorted(ROUTES_BY_NAME))
def test_member_is_refused_everything_but_their_own_record(world, name):
    spec = _spec(name)
    member = world.users["member_a"]
    client = world.client("member_a")
    if isinstance(spec, ObjectRoute):
        for build in (spec.sibling, spec.own):
            url = reverse(name, kwargs=build(world))
            expected = _expected_refusal(member, name)
            before = _snapshot(world)
            get_expected = {expected, 405} if spec.post_only else {expected}
            assert _status(client, "get", url) in get_expected, f"GET {url}"
            assert _status(client, "post", url, spec.post) == expected, f"POST {url}"
            assert _snapshot(world) == before, f"POST {url}"
    elif isinstance(spec, ListRoute | ActionRoute):
        url = reverse(name)
        assert _status(client, "get", url) == 403, url
        assert _status(client, "post", url, {}) == 403, url
    elif isinstance(spec, ScopedListRoute):
        url = reverse(name, kwargs=spec.kwargs(world))
        assert _status(client, "get", url) in {403, 404}, url
        assert _status(client, "post", url, spec.post or {}) in {403, 404}, url
    elif isinstance(spec, SelfRoute | PublicRoute):
        url = reverse(name)
        response = client.get(url)
        assert response.status_code in {200, 302, 405}, url
        _assert_no_sibling_marker(response, "member_a", url)
        assert "Nguyễn Thái Học" not in response.content.decode(), url
    else:  # pragma: no cover
        pytest.fail(f"unknown matrix entry for {name}: {spec!r}")


@pytest.mark.parametrize("name", _routes_of(ObjectRoute))
def test_matrix_objects_are_real_the_administrator_reaches_them(world, name):
    """Guards the matrix itself: a builder pointing at nothing would make every 404 vacuous."""
    spec = _spec(name)
    client = world.client("admin")
    for index, build in enumerate((spec.sibling, spec.own)):
        url = reverse(name, kwargs=build(world))
        if spec.owners is not None:
            owner = world.client(spec.owners[index])
            assert _status(client, "post", url, spec.post) == 404, f"admin reached {url}"
            assert _status(owner, "post", url, spec.post) not in {403, 404}, url
            continue
        if spec.post_only:
            assert _status(client, "post", url, spec.post) not in {403, 404}, url
        else:
            assert _status(client, "get", url) == 200, url


@pytest.mark.parametrize("name", _routes_of(ObjectRoute))
def test_officer_reaches_own_commune_objects_when_holding_the_action(world, name):
    spec = _spec(name)
    officer = world.users["officer_a"]
    url = reverse(name, kwargs=spec.own(world))
    client = world.client("officer_a")
    action = ROUTES_BY_NAME[name].callback.required_action
    if spec.owners is not None:  # someone else's personal object
        assert _status(client, "post", url, spec.post) == 404, url
        return
    if spec.post_only:
        status = _status(client, "post", url, spec.post)
        if spec.creator_only:  # someone else's job: unknown
            assert status == 404, url
        elif action == "self" or scoping.has_action(officer, action):
            # Reaching the object may still be refused by the workflow (e.g. only a leader
            # of the superior unit decides), but never as an unknown object.
            assert status != 404, url
        else:
            assert status == _expected_refusal(officer, name), url
        return
    status = _status(client, "get", url)
    if spec.creator_only:  # e.g. job pages: only the creator (or an administrator) sees it
        assert status == 404, url
    elif action == "self" or scoping.has_action(officer, action):
        assert status == 200, url
    else:
        assert status == _expected_refusal(officer, name), url


def test_member_sees_their_own_record(world):
    client = world.client("member_a")
    mine = client.get(reverse("my_record"))
    assert mine.status_code == 200
    assert "Trần Thị Đảng Viên" in mine.content.decode()
    detail = client.get(reverse("person_detail", kwargs={"pk": world.member_a.pk}))
    assert detail.status_code == 200
    assert "Trần Thị Đảng Viên" in detail.content.decode()
    # …but not its edit or history pages, which need an officer's or leader's grant.
    assert client.get(reverse("person_edit", kwargs={"pk": world.member_a.pk})).status_code == 403
    history = client.get(reverse("person_history", kwargs={"pk": world.member_a.pk}))
    assert history.status_code == 403


def test_creator_sees_their_own_job(world):
    job = Job.objects.create(kind="roster_import", created_by=world.users["officer_a"])
    response = world.client("officer_a").get(reverse("job_status", kwargs={"pk": job.pk}))
    assert response.status_code == 200


def test_a_route_missing_from_the_matrix_fails_with_its_name(monkeypatch):
    monkeypatch.delitem(SCOPE_MATRIX, "person_edit")
    with pytest.raises(pytest.fail.Exception, match="'person_edit'.*not in SCOPE_MATRIX"):
        _spec("person_edit")
