"""Reads that may be slightly stale go to a streaming replica; everything else to the primary.

Configured by `DATABASE_REPLICA_URL` (settings: the `replica` alias). Without it the router and
the middleware do nothing, so the embedded SQLite set-up and the test suite are unchanged.

Which reads may be stale is decided per route, not per query: `REPLICA_READ_ROUTES` names the
dashboards, lists and exports (URL names). During a GET or HEAD of one of them the middleware
turns the replica on for the current context, and `ReplicaRouter.db_for_read` sends reads there,
except:
- inside a transaction on the primary (what the request itself just wrote is read back there);
- for `REPLICA_PIN_SECONDS` after the same browser sent a POST (a cookie): read-your-writes,
  whatever the replica's lag;
- when the replica does not answer: it is probed before use (the persistent connection, one
  round trip), skipped for `REPLICA_RETRY_SECONDS` after a failure, and a view that fails on it
  mid-request is run again on the primary.
Writes always go to the primary (`db_for_write`), and migrations run on the primary only.
"""

import contextlib
import contextvars
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "tk_primary"

# While a stale-tolerant view runs: how many transactions were open on the primary when it began
# (None otherwise). A transaction opened since then reads on the primary what it wrote.
_use_replica: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "use_replica", default=None
)
_down_until = 0.0  # per process: the replica failed; use the primary until then (monotonic)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_mark_down() -> None:
    global _down_until
    _down_until = time.monotonic() + float(getattr(settings, "REPLICA_RETRY_SECONDS", 15))
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


def replica_available() -> bool:
    """Whether the replica answers now (probed on its persistent connection; a failure marks it
    down for REPLICA_RETRY_SECONDS so that later requests skip it without waiting)."""
    if not replica_configured() or time.monotonic() < _down_until:
        return False
    connection = connections[REPLICA]
    try:
        connection.ensure_connection()
        if connection.is_usable():
            return True
    except DatabaseError:
        pass
    logger.warning("database replica unavailable; reads go to the primary")
    replica_mark_down()
    return False


def _replica_still_usable() -> bool:
    connection = connections[REPLICA]
    try:
        return connection.connection is not None and connection.is_usable()
    except DatabaseError:
        return False


class ReplicaRouter:
    """Stale-tolerant reads to the replica while the middleware allows it; all else to the
    primary (None = Django's default alias)."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        depth = _use_replica.get()
        if depth is not None and len(connections[DEFAULT_DB_ALIAS].atomic_blocks) <= depth:
            return REPLICA
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA


def replica_reads_allowed(request: HttpRequest) -> bool:
    match = request.resolver_match
    return (
        replica_configured()
        and request.method in ("GET", "HEAD")
        and match is not None
        and match.url_name in getattr(settings, "REPLICA_READ_ROUTES", ())
        and PIN_COOKIE not in request.COOKIES
    )


class ReplicaMiddleware:
    """Runs a stale-tolerant view with replica reads on (falling back to the primary), and pins
    a browser to the primary for a few seconds after each write it sends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if replica_configured() and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=int(getattr(settings, "REPLICA_PIN_SECONDS", 10)),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not replica_reads_allowed(request) or not replica_available():
            return None  # Django runs the view as usual, on the primary
        token = _use_replica.set(len(connections[DEFAULT_DB_ALIAS].atomic_blocks))
        try:
            return view_func(request, *view_args, **view_kwargs)
        except DatabaseError:
            if _replica_still_usable():
                raise  # not the replica's failure
            logger.warning("view failed on the replica; run again on the primary", exc_info=True)
            replica_mark_down()
        finally:
            _use_replica.reset(token)
        return view_func(request, *view_args, **view_kwargs)
