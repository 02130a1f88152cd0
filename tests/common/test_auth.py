"""Accounts: log-in page, hashing, sessions, lock-out and CSRF."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import axes.utils
import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import config.settings.base as base_settings
from apps.common.client_ip import client_ip
from apps.people.services import user_deactivate

ROOT = Path(__file__).resolve().parent.parent.parent
NEW_PASSWORD = "Doi-mat-khau-moi-2026!"  # noqa: S105


@pytest.fixture(autouse=True)
def _reset_axes(db):
    axes.utils.reset()
    yield
    axes.utils.reset()


def _login(client: Client, username: str, password: str, addr: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=addr
    )


def _logged_in(client: Client) -> bool:
    response = client.get(reverse("my_record"))
    return not (response.status_code == 302 and response["Location"].startswith(reverse("login")))


# --- log-in page and hashing ------------------------------------------------------------


def test_login_page_is_vietnamese(db):
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body
    assert "Tên đăng nhập" in body
    assert "Mật khẩu" in body


def test_wrong_password_message_is_vietnamese(world):
    response = _login(Client(), "officer_a", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_login_with_right_password_succeeds(world, password):
    client = Client()
    response = _login(client, "officer_a", password)
    assert response.status_code == 302
    assert _logged_in(client)


def test_argon2_is_the_base_password_hasher():
    assert base_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_is_the_production_password_hasher():
    """Importing prod settings needs SECRET_KEY in the environment: read them in a subprocess."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(SECRET_KEY="x" * 50, DATABASE_URL="sqlite:////tmp/trienkhai-hasher.sqlite3")
    code = "import config.settings.prod as s; print(s.PASSWORD_HASHERS[0])"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_hasher_is_installed_and_works():
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("mat-khau-bat-ky", hasher.salt())
    assert encoded.startswith("argon2$")
    assert hasher.verify("mat-khau-bat-ky", encoded)


# --- sessions ---------------------------------------------------------------------------


def test_login_rotates_the_session_key(world, password):
    client = Client()
    session = client.session
    session["before_login"] = True
    session.save()
    old_key = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key

    _login(client, "officer_a", password)

    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert _logged_in(client)


def test_logout_ends_the_session(world, password):
    client = Client()
    _login(client, "officer_a", password)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert not _logged_in(client)


def test_logout_by_get_is_refused(world, password):
    client = Client()
    _login(client, "officer_a", password)
    assert client.get(reverse("logout")).status_code == 405
    assert _logged_in(client)


def test_sessions_expire_when_idle():
    assert base_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < base_settings.SESSION_COOKIE_AGE <= 60 * 60
    assert base_settings.SESSION_COOKIE_HTTPONLY is True
    assert base_settings.SESSION_COOKIE_SECURE is True


def test_each_request_extends_the_session_and_an_idle_one_is_refused(world, password):
    client = Client()
    _login(client, "officer_a", password)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=5)
    )
    assert _logged_in(client)
    extended = Session.objects.get(session_key=key).expire_date
    assert extended > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)

    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert not _logged_in(client)


def test_password_change_ends_the_users_other_sessions(world, password):
    first, second = Client(), Client()
    _login(first, "officer_a", password, addr="10.0.0.1")
    _login(second, "officer_a", password, addr="10.0.0.2")
    assert _logged_in(second)

    response = first.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert _logged_in(first)
    assert not _logged_in(second)
    world.users["officer_a"].refresh_from_db()
    assert world.users["officer_a"].check_password(NEW_PASSWORD)


def test_password_change_page_is_vietnamese_and_refuses_a_weak_password(world, password):
    client = world.client("officer_a")
    assert "Đổi mật khẩu" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    world.users["officer_a"].refresh_from_db()
    assert world.users["officer_a"].check_password(password)


def test_deactivating_a_user_ends_their_sessions(world, password):
    client = Client()
    _login(client, "officer_a", password)
    assert _logged_in(client)

    user_deactivate(actor=world.users["admin"], user=world.users["officer_a"])

    response = client.get(reverse("person_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert _login(Client(), "officer_a", password).status_code == 200  # cannot log in again


# --- lock-out (django-axes) -------------------------------------------------------------


def _locked(response) -> bool:
    return response.status_code == 429 and "Tạm khóa đăng nhập" in response.content.decode()


def test_username_is_locked_after_failures_from_different_addresses(world, password):
    limit = settings.AXES_FAILURE_LIMIT
    for i in range(limit):
        response = _login(Client(), "officer_a", "sai-mat-khau", addr=f"10.1.0.{i + 1}")
        assert not _locked(response) or i == limit - 1

    client = Client()
    response = _login(client, "officer_a", password, addr="10.1.1.1")

    assert _locked(response)
    assert not _logged_in(client)
    # Another user from a fresh address is unaffected.
    assert _login(Client(), "officer_b", password, addr="10.1.1.2").status_code == 302


def test_failures_from_one_address_on_many_usernames_do_not_lock_the_address(world, password):
    """Behind a reverse proxy every user shares one address: failures there must not lock
    everyone out (issue 16, defect 8)."""
    limit = settings.AXES_FAILURE_LIMIT
    names = ["officer_b", "leader", "khong-ton-tai", "leader_a", "inspector", "nobody"]
    for i in range(limit * 2):
        _login(Client(), names[i % len(names)], "sai-mat-khau", addr="10.2.0.9")

    client = Client()
    response = _login(client, "emulation", password, addr="10.2.0.9")

    assert response.status_code == 302
    assert _logged_in(client)


def test_username_and_address_pair_is_locked(world, password):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit):
        _login(Client(), "leader_a", "sai-mat-khau", addr="10.2.1.9")
    assert _locked(_login(Client(), "leader_a", password, addr="10.2.1.9"))
    # The same address still serves everyone else.
    assert _login(Client(), "officer_b", password, addr="10.2.1.9").status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_used(world, password, settings):
    settings.TRUSTED_PROXIES = ["10.9.0.0/24"]
    settings.AXES_LOCKOUT_PARAMETERS = [["ip_address"]]  # to observe the resolved address
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit):
        Client().post(
            reverse("login"),
            {"username": "officer_a", "password": "x"},
            REMOTE_ADDR="10.9.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7, 10.9.0.2",
        )
    locked = Client().post(
        reverse("login"),
        {"username": "officer_b", "password": password},
        REMOTE_ADDR="10.9.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    other = Client().post(
        reverse("login"),
        {"username": "officer_b", "password": password},
        REMOTE_ADDR="10.9.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert _locked(locked)
    assert other.status_code == 302


def test_forwarded_header_from_an_untrusted_client_is_ignored(rf, settings):
    settings.TRUSTED_PROXIES = ["10.9.0.1"]
    spoofed = rf.get("/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.7")
    proxied = rf.get(
        "/", REMOTE_ADDR="10.9.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7, 10.9.0.1"
    )
    all_trusted = rf.get("/", REMOTE_ADDR="10.9.0.1", HTTP_X_FORWARDED_FOR="10.9.0.1")
    garbage = rf.get("/", REMOTE_ADDR="10.9.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_ip(spoofed) == "198.51.100.4"
    assert client_ip(proxied) == "203.0.113.7"
    assert client_ip(all_trusted) == "10.9.0.1"
    assert client_ip(garbage) == "10.9.0.1"
    settings.TRUSTED_PROXIES = []
    assert client_ip(proxied) == "10.9.0.1"


def test_failures_below_the_limit_do_not_lock(world, password):
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(Client(), "officer_a", "sai-mat-khau", addr=f"10.3.0.{i + 1}")
    assert _login(Client(), "officer_a", password, addr="10.3.1.1").status_code == 302


def test_lockout_is_configured_on_username_and_on_the_pair_never_the_address_alone():
    assert base_settings.AXES_LOCKOUT_PARAMETERS == ["username", ["username", "ip_address"]]
    assert base_settings.AXES_FAILURE_LIMIT <= 10
    assert base_settings.AXES_COOLOFF_TIME
    assert base_settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "axes.middleware.AxesMiddleware" in base_settings.MIDDLEWARE


# --- CSRF -------------------------------------------------------------------------------


def _csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _state_changing_urls(world) -> list[tuple[str, dict[str, str]]]:
    return [
        (reverse("person_edit", args=[world.person_a.pk]), {"full_name": "Bị Sửa Lén"}),
        (reverse("unit_move", args=[world.cell_a2.pk]), {"new_parent": "XB", "date": "2025-08-01"}),
        (reverse("unit_merge", args=[world.cell_a2.pk]), {"target": "XA-1", "date": "2025-08-01"}),
        (reverse("unit_close", args=[world.cell_a2.pk]), {"date": "2025-08-01"}),
        (reverse("logout"), {}),
        (
            reverse("password_change"),
            {"old_password": "x", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        ),
        (reverse("roster_import"), {}),
    ]


@pytest.mark.parametrize("role", ["admin", "officer_a"])
def test_state_changing_post_without_csrf_token_is_refused(world, role):
    client = _csrf_client(world.users[role])
    for url, data in _state_changing_urls(world):
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert "CSRF" in response.content.decode(), url
    world.refresh()
    world.person_a.refresh_from_db()
    assert world.person_a.full_name == "Nguyễn Thái Học"
    assert world.cell_a2.is_active
    assert world.cell_a2.path.startswith(world.commune_a.path)
    assert _logged_in(client)


def test_login_post_without_csrf_token_is_refused(world, password):
    client = Client(enforce_csrf_checks=True)
    response = _login(client, "officer_a", password)
    assert response.status_code == 403
    assert not _logged_in(client)


def test_post_with_csrf_token_is_accepted(world):
    client = _csrf_client(world.users["officer_a"])
    url = reverse("person_edit", args=[world.person_a.pk])
    client.get(url)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        url,
        {"full_name": "Nguyễn Thái Học", "gender": "nam", "birth_year": "1981"},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 302
    world.person_a.refresh_from_db()
    assert world.person_a.birth_year == 1981


def test_no_view_is_csrf_exempt():
    from tests.test_routes import ROUTES

    exempt = [r.name for r in ROUTES if getattr(r.callback, "csrf_exempt", False)]
    assert not exempt
