"""Settings shared by every environment. Everything is read from the environment.

See `.env.example` for the documented variables. Defaults are safe for production
(DEBUG off, secure cookies); `dev.py` and `test.py` relax what local work needs.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("TRIENKHAI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "treebeard",
    "axes",
    "simple_history",
    "django_q",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "apps.common",
    "apps.org",
    "apps.access",
    "apps.exports",
    "apps.people",
    "apps.frame",
    "apps.directives",
    "apps.rollout",
    "apps.plans",
    "apps.inspections",
    "apps.feedback",
    "apps.evaluations",
    "apps.emulation",
    "apps.dashboards",
    "apps.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.common.i18n.ChosenLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.frame.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: it runs the view itself (on the replica when the route allows, again on the primary
    # if the replica fails mid-request).
    "apps.common.replica.ReplicaMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.frame.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite file under var/ by default (WAL mode), PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'trienkhai.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            # WAL lets readers proceed while one writer (a background import) works.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )

# A streaming replica (optional, `make cluster`): reads that may be slightly stale (dashboards,
# lists, exports: REPLICA_READ_ROUTES) go there; writes, every other page, and a browser's
# reads for REPLICA_PIN_SECONDS after it changed something stay on the primary; a replica that
# does not answer is skipped for REPLICA_RETRY_SECONDS (apps/common/replica.py). Without
# DATABASE_REPLICA_URL the router and its middleware do nothing.
DATABASE_ROUTERS = ["apps.common.replica.ReplicaRouter"]
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))
REPLICA_RETRY_SECONDS = int(os.environ.get("REPLICA_RETRY_SECONDS", "15"))
REPLICA_READ_ROUTES = [
    # dashboards and home pages
    "home",
    "rollout_progress",
    "rollout_pending",
    "rollout_overdue",
    "directive_effect",
    "ratings_overview",
    # lists
    "unit_tree",
    "person_list",
    "directive_list",
    "rollout_list",
    "session_list",
    # exports
    "rollout_progress_xlsx",
    "person_export",
    "export_report",
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: end when idle, cookie only over HTTPS in production.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "apps.frame.views.csrf_failure"

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere. Templates keep
# scripts and styles in static files; htmx is told not to inject its indicator <style> and not
# to evaluate code (the htmx-config meta tag in base.html); charts are SVG without style
# attributes (apps.common.svg). tests/browser/test_csp.py fails on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (django-permissions-policy): no page needs any powerful browser feature.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

# Lock-out (django-axes): a username is locked after repeated failures whatever address they
# come from, and a (username, address) pair after failures on that pair. Never an address
# alone: behind a reverse proxy every user shares one address, and one person's typos there
# must not lock everyone out. The client address is REMOTE_ADDR unless the request comes from
# one of TRUSTED_PROXIES, whose X-Forwarded-For is then read from the right, skipping the
# trusted hops (apps.common.client_ip).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "apps.common.client_ip.client_ip"
AXES_VERBOSE = False
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")

# Two-factor sign-in (django-otp): TOTP apps and one-time recovery codes. Administrators must
# use it (they are sent to enrol at log-in); anyone else may enrol from their record page.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Trienkhai")
OTP_REQUIRED_FOR_ADMINS = env_bool("OTP_REQUIRED_FOR_ADMINS", True)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

# Uploads: imports are capped; larger files are refused before parsing.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Attendance of a whole connection point is saved in one form (status + reason per person).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Reminders: days before a deadline when units behind are reminded; how long after the last
# deadline reminders continue; the address used in e-mailed links.
REMINDER_DAYS_BEFORE = int(os.environ.get("REMINDER_DAYS_BEFORE", "3"))
REMINDER_OVERDUE_DAYS = int(os.environ.get("REMINDER_OVERDUE_DAYS", "30"))
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "250000"))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(400 * 1024 * 1024))
)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "trienkhai@localhost")

# Background tasks: django-q2 with the Django ORM as broker, so the embedded
# SQLite set-up needs no other service and PostgreSQL deployments reuse the DB.
# Recovery (apps.common.jobs): a job's worker stamps a heartbeat every JOB_HEARTBEAT_SECONDS;
# a running job whose process is gone, or silent for JOB_LEASE_SECONDS, is marked failed with a
# "Chạy lại" button, and a queued job whose task was lost is queued again (checked every
# minute, and whenever a job page polls). A job may run JOB_TIME_LIMIT_SECONDS at most (the
# worker is then restarted and the job marked failed). django-q redelivers an unacknowledged
# task after `retry` seconds; a job runs once whatever the deliveries (it is claimed first).
JOB_HEARTBEAT_SECONDS = int(os.environ.get("JOB_HEARTBEAT_SECONDS", "10"))
JOB_LEASE_SECONDS = int(os.environ.get("JOB_LEASE_SECONDS", "60"))
JOB_TIME_LIMIT_SECONDS = int(os.environ.get("JOB_TIME_LIMIT_SECONDS", "1800"))
Q_CLUSTER = {
    "name": "trienkhai",
    "orm": "default",
    "workers": int(os.environ.get("Q_WORKERS", "1")),
    "timeout": JOB_TIME_LIMIT_SECONDS,
    "retry": JOB_TIME_LIMIT_SECONDS + 60,
    "max_attempts": 1,
    "catch_up": False,
    "sync": env_bool("Q_SYNC", False),
}

# Redis (optional, `make cluster`): with REDIS_URL the cache (and so the rate limits), the
# sessions and the task queue's broker move there; without it they stay in the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = REDIS_URL

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Cache: in the database the site already uses (a table made by `createcachetable`, also run by
# a migration), shared by every process and host; its `incr` is atomic (apps/common/cache.py),
# which the rate limits of the public pages rely on.
CACHES = {
    "default": {
        "BACKEND": "apps.common.cache.AtomicDatabaseCache",
        "LOCATION": os.environ.get("CACHE_TABLE", "trienkhai_cache"),
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
if REDIS_URL:
    # Redis's INCR is atomic, which the rate limits rely on.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "trienkhai"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY", "REMOTE_ADDR")

# Citizen feedback (apps/feedback): rate limits ("count/period", period s, m, h or d) per
# address and per unit concerned; sends from one address before a challenge is asked; days to
# acknowledge, to ask the unit for an explanation and to answer; outcomes that count as evidence.
FEEDBACK_RATE_PER_ADDRESS = os.environ.get("FEEDBACK_RATE_PER_ADDRESS", "10/h")
FEEDBACK_RATE_PER_TARGET = os.environ.get("FEEDBACK_RATE_PER_TARGET", "20/h")
FEEDBACK_RATE_LOOKUP = os.environ.get("FEEDBACK_RATE_LOOKUP", "30/h")
FEEDBACK_CHALLENGE_AFTER = int(os.environ.get("FEEDBACK_CHALLENGE_AFTER", "2"))
FEEDBACK_ACK_DAYS = int(os.environ.get("FEEDBACK_ACK_DAYS", "3"))
FEEDBACK_EXPLAIN_DAYS = int(os.environ.get("FEEDBACK_EXPLAIN_DAYS", "7"))
FEEDBACK_ANSWER_DAYS = int(os.environ.get("FEEDBACK_ANSWER_DAYS", "30"))
FEEDBACK_MAX_FILES = int(os.environ.get("FEEDBACK_MAX_FILES", "5"))
FEEDBACK_MAX_FILE_BYTES = int(os.environ.get("FEEDBACK_MAX_FILE_BYTES", str(5 * 1024 * 1024)))
# Empty: the outcomes marked "upheld" in the reference data (feedback.FeedbackOutcome).
FEEDBACK_EVIDENCE_OUTCOMES = env_list("FEEDBACK_EVIDENCE_OUTCOMES", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


def require_secret_key() -> None:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")
