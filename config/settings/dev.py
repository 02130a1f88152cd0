"""Local development and the `make run` demo: HTTP on localhost, DEBUG off unless DEBUG=1.

The demo is what users see: with DEBUG off, errors show the Vietnamese error pages and static
files are served by whitenoise from STATIC_ROOT after `collectstatic` (which `make run` does).
`DEBUG=1 make run` brings back Django's debug pages for development.
"""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import VAR_DIR, env_bool

VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and uploads live here

SECRET_KEY = os.environ.get(
    "SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789"
)
DEBUG = env_bool("DEBUG", False)
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = True
