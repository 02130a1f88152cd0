"""Log-ins update `last_login` without writing a history row of the user account: the account's
history (apps.access.models) is for privilege and identity changes, not for every log-in."""

from typing import Any

from django.contrib.auth.models import update_last_login


def update_last_login_quietly(sender: Any, user: Any, **kwargs: Any) -> None:
    user.skip_history_when_saving = True
    try:
        update_last_login(sender, user, **kwargs)
    finally:
        del user.skip_history_when_saving
