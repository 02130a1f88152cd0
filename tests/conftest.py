"""Root fixture: a three-level tree with one user per role.

    Tỉnh (root)
    ├── Xã A  ── Chi bộ A1, Chi bộ A2
    └── Xã B  ── Chi bộ B1

Users: admin (superuser), leader / inspector / emulation at the root, officer_a at Xã A,
officer_b at Xã B, leader_a at Xã A, member_a (a party member of Chi bộ A1 with no grant).
`person_b` is a person of Chi bộ B1, outside officer_a's scope.
"""

from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.test import Client

from apps.org.models import Unit
from apps.people.models import Person
from tests.org.factories import UnitFactory, kind
from tests.people.factories import PASSWORD, AssignmentFactory, PersonFactory, UserFactory


@dataclass
class World:
    root: Unit
    commune_a: Unit
    commune_b: Unit
    cell_a1: Unit
    cell_a2: Unit
    cell_b1: Unit
    person_a: Person
    person_b: Person
    member_a: Person
    users: dict[str, Any]

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client

    def refresh(self) -> None:
        for name in ("root", "commune_a", "commune_b", "cell_a1", "cell_a2", "cell_b1"):
            getattr(self, name).refresh_from_db()


def _unit(**kwargs: Any) -> Unit:
    return cast(Unit, UnitFactory(**kwargs))


def _person(**kwargs: Any) -> Person:
    return cast(Person, PersonFactory(**kwargs))


def _grant(username: str, unit: Unit, role: str) -> Any:
    user = UserFactory(username=username)
    person = _person(full_name=f"Cán bộ {username}", unit=unit, user=user)
    AssignmentFactory(person=person, unit=unit, role=role)
    return user


@pytest.fixture
def world(db: Any) -> World:
    root = _unit(code="T", name="Đảng bộ tỉnh Thử nghiệm", kind=kind("dang-bo-tinh"))
    commune_a = _unit(code="XA", name="Đảng bộ xã An Bình", kind=kind("dang-bo-xa"), parent=root)
    commune_b = _unit(code="XB", name="Đảng bộ xã Bình Lợi", kind=kind("dang-bo-xa"), parent=root)
    cell_a1 = _unit(code="XA-1", name="Chi bộ thôn 1 An Bình", parent=commune_a)
    cell_a2 = _unit(code="XA-2", name="Chi bộ thôn 2 An Bình", parent=commune_a)
    cell_b1 = _unit(code="XB-1", name="Chi bộ thôn 1 Bình Lợi", parent=commune_b)
    users = {
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
        "leader": _grant("leader", root, "leader"),
        "inspector": _grant("inspector", root, "inspector"),
        "emulation": _grant("emulation", root, "emulation"),
        "officer_a": _grant("officer_a", commune_a, "officer"),
        "leader_a": _grant("leader_a", commune_a, "leader"),
        "officer_b": _grant("officer_b", commune_b, "officer"),
    }
    member_user = UserFactory(username="member_a")
    member_a = _person(full_name="Trần Thị Đảng Viên", unit=cell_a1, user=member_user)
    users["member_a"] = member_user
    person_a = _person(code="PA", full_name="Nguyễn Thái Học", unit=cell_a1)
    person_b = _person(code="PB", full_name="Lê Văn Bên Kia", unit=cell_b1)
    for unit in (root, commune_a, commune_b, cell_a1, cell_a2, cell_b1):
        unit.refresh_from_db()
    return World(
        root=root,
        commune_a=commune_a,
        commune_b=commune_b,
        cell_a1=cell_a1,
        cell_a2=cell_a2,
        cell_b1=cell_b1,
        person_a=person_a,
        person_b=person_b,
        member_a=member_a,
        users=users,
    )


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """After a transactional test's flush (all its fixtures are torn down by then), reload the
    content serialized after migrations. Django itself reloads it only at the start of the next
    transactional test, which would leave a reused test database empty for the next run."""
    result = yield
    if item.stash.get(_TRANSACTIONAL, False):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all():
                content = getattr(connection, "_test_serialized_contents", None)
                if content:
                    connection.creation.deserialize_db_from_string(content)
    return result


_TRANSACTIONAL = pytest.StashKey[bool]()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Removes this process's SQLite test database file (see config/settings/test.py)."""
    import os
    from pathlib import Path

    from django.conf import settings

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME") or ""
    if name.endswith(f"test-{os.getpid()}.sqlite3"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Transactional tests (live server, threads) flush the database when they end, which would
    wipe the reference data written by data migrations (unit kinds, categories, directive
    kinds…) for every later test. Give them serialized rollback, and restore the serialized
    content right after their flush."""
    for item in items:
        names = cast(Any, item).fixturenames
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or (
            "live_server" in names or "transactional_db" in names
        )
        if transactional:
            item.stash[_TRANSACTIONAL] = True
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            if not marker.kwargs.get("serialized_rollback"):
                item.add_marker(
                    pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}),
                    append=False,
                )
        elif (
            marker is None
            and ("live_server" in names or "transactional_db" in names)
            and "django_db_serialized_rollback" not in names
        ):
            names.insert(0, "django_db_serialized_rollback")
