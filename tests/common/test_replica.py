"""The database router and its middleware (apps/common/replica.py).

The suite has no replica (SQLite or one PostgreSQL): there the router must change nothing. The
routing itself is checked with the replica's presence and health stubbed; `make load` runs it
against a real streaming replica."""

from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from apps.common import replica
from apps.common.models import Job
from apps.common.replica import PIN_COOKIE, REPLICA, ReplicaMiddleware, ReplicaRouter


def _request(path: str, method: str = "get", **cookies: str) -> HttpRequest:
    request = getattr(RequestFactory(), method)(path)
    request.COOKIES.update(cookies)
    request.resolver_match = resolve(path)
    return request


class _Recorder:
    """A view that notes where reads would go, failing first when told to."""

    def __init__(self, fail_on_replica: bool = False) -> None:
        self.fail_on_replica = fail_on_replica
        self.seen: list[str | None] = []

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        where = ReplicaRouter().db_for_read(Job)
        self.seen.append(where)
        if where == REPLICA and self.fail_on_replica:
            raise OperationalError("replica went away")
        return HttpResponse("ok")


def _run(request: HttpRequest, view: _Recorder) -> HttpResponse:
    middleware = ReplicaMiddleware(lambda r: HttpResponse("unused"))
    response = middleware.process_view(request, view, (), {})
    return response if response is not None else view(request)


@pytest.fixture
def with_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    monkeypatch.setattr(replica, "replica_available", lambda: True)
    monkeypatch.setattr(replica, "replica_mark_down", lambda: None)
    monkeypatch.setattr(replica, "_replica_still_usable", lambda: False)


@pytest.mark.django_db
def test_without_a_replica_the_router_sends_everything_to_the_primary():
    view = _Recorder()
    _run(_request("/can-bo/"), view)
    assert view.seen == [None]
    assert ReplicaRouter().db_for_write(Job) == DEFAULT_DB_ALIAS
    assert Job.objects.count() == 0  # the default alias answers


def test_without_a_replica_a_write_sets_no_pin_cookie():
    middleware = ReplicaMiddleware(lambda r: HttpResponse("ok"))
    response = middleware(_request("/can-bo/", "post"))
    assert PIN_COOKIE not in response.cookies


def test_lists_and_dashboards_read_from_the_replica(with_replica):
    for path in ("/can-bo/", "/don-vi/", "/"):
        view = _Recorder()
        _run(_request(path), view)
        assert view.seen == [REPLICA], path
    assert ReplicaRouter().db_for_read(Job) is None  # off again after the view


def test_other_pages_read_from_the_primary(with_replica):
    view = _Recorder()
    _run(_request("/ho-so/"), view)
    assert view.seen == [None]


def test_writes_go_to_the_primary_even_on_a_replica_route(with_replica):
    view = _Recorder()
    _run(_request("/can-bo/", "post"), view)
    assert view.seen == [None]
    token = replica._use_replica.set(0)
    try:
        assert ReplicaRouter().db_for_write(Job) == DEFAULT_DB_ALIAS
    finally:
        replica._use_replica.reset(token)


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(with_replica):
    token = replica._use_replica.set(len(connection.atomic_blocks))
    try:
        assert ReplicaRouter().db_for_read(Job) == REPLICA
        with transaction.atomic():
            assert connection.in_atomic_block
            assert ReplicaRouter().db_for_read(Job) is None
    finally:
        replica._use_replica.reset(token)


def test_a_browser_that_just_wrote_reads_its_writes_from_the_primary(with_replica):
    middleware = ReplicaMiddleware(lambda r: HttpResponse("ok"))
    response = middleware(_request("/can-bo/", "post"))
    assert PIN_COOKIE in response.cookies
    assert response.cookies[PIN_COOKIE]["max-age"] > 0
    view = _Recorder()
    _run(_request("/can-bo/", **{PIN_COOKIE: "1"}), view)
    assert view.seen == [None]


def test_a_replica_failing_mid_request_falls_back_to_the_primary(
    with_replica, monkeypatch: pytest.MonkeyPatch
):
    marked: list[bool] = []
    monkeypatch.setattr(replica, "replica_mark_down", lambda: marked.append(True))
    view = _Recorder(fail_on_replica=True)
    response = _run(_request("/can-bo/"), view)
    assert response.status_code == 200
    assert view.seen == [REPLICA, None]
    assert marked == [True]


def test_an_error_that_is_not_the_replica_is_not_hidden(
    with_replica, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(replica, "_replica_still_usable", lambda: True)
    view = _Recorder(fail_on_replica=True)
    with pytest.raises(OperationalError):
        _run(_request("/can-bo/"), view)
    assert view.seen == [REPLICA]


class _DeadConnection:
    closed = False

    def ensure_connection(self) -> None:
        raise OperationalError("connection refused")

    def close(self) -> None:
        self.closed = True


def test_a_replica_that_does_not_answer_is_skipped_for_a_while(
    monkeypatch: pytest.MonkeyPatch, settings
):
    settings.REPLICA_RETRY_SECONDS = 60
    dead = _DeadConnection()
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    monkeypatch.setattr(replica, "connections", {REPLICA: dead})
    monkeypatch.setattr(replica, "_down_until", 0.0)
    assert replica.replica_available() is False
    assert dead.closed
    dead.closed = False
    assert replica.replica_available() is False  # not probed again before the retry delay
    assert not dead.closed


def test_migrations_never_run_on_the_replica():
    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "common") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "common") is True


def _settings_in_subprocess(**env: str) -> list[str]:
    import os
    import subprocess
    import sys
    from pathlib import Path

    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_REPLICA_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(sorted(s.DATABASES), s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, "
        "'orm' in s.Q_CLUSTER, s.Q_CLUSTER.get('redis', '-'), s.DATABASE_ROUTERS)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_embedded_default_keeps_one_database_the_database_cache_and_the_orm_broker():
    out = _settings_in_subprocess()
    assert out[:2] == ["['default']", "apps.common.cache.AtomicDatabaseCache"]
    assert out[2:5] == ["django.contrib.sessions.backends.db", "True", "-"]


def test_the_cluster_environment_adds_the_replica_and_moves_cache_sessions_and_queue_to_redis():
    out = _settings_in_subprocess(
        DATABASE_URL="postgres://postgres@127.0.0.1:5440/trienkhai",
        DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:5441/trienkhai",
        REDIS_URL="redis://127.0.0.1:6390/0",
    )
    assert out[:3] == ["['default',", "'replica']", "django.core.cache.backends.redis.RedisCache"]
    assert out[3:6] == [
        "django.contrib.sessions.backends.cache",
        "False",
        "redis://127.0.0.1:6390/0",
    ]
