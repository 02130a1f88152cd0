"""Production settings: `check --deploy` is clean, and missing secrets stop the start."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _env(**overrides: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL"}
        and not k.startswith(("SECURE_", "SESSION_", "CSRF_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.prod", **overrides)
    return env


def _secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#$%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    env = _env(
        SECRET_KEY=_secret_key(),
        ALLOWED_HOSTS="trienkhai.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
    )
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output
    assert "System check identified no issues" in output


def test_production_debug_is_off_by_default(tmp_path):
    env = _env(SECRET_KEY=_secret_key(), DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    result = _run("-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True"]


def test_production_settings_refuse_to_start_without_secret_key(tmp_path):
    env = _env(
        ALLOWED_HOSTS="trienkhai.example", DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}"
    )
    result = _run("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_an_empty_secret_key(tmp_path):
    env = _env(SECRET_KEY="", DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    result = _run("-c", "import django; django.setup()", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
