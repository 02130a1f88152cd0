"""Test settings: fast hashing, in-memory email, synchronous tasks."""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, Q_CLUSTER, VAR_DIR

SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
    # A file, not ":memory:": the live server for browser tests answers from other threads,
    # which must open their own connections to the same database.
    # One file per test process (parallel runs must not share it); removed when the session
    # ends (tests/conftest.py).
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_SQLITE_NAME", str(VAR_DIR / f"test-{os.getpid()}.sqlite3"))
    }
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Two-factor sign-in is required for administrators in production and in the demo; the suite's
# many administrator tests log in with force_login, so tests that are about it turn it on.
OTP_REQUIRED_FOR_ADMINS = False
