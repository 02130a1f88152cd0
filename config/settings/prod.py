"""Production: PostgreSQL through DATABASE_URL, secrets from the environment."""

from config.settings.base import *  # noqa: F403
from config.settings.base import require_secret_key

require_secret_key()
