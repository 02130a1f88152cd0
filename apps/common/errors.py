"""Domain errors: raised by services, shown as form errors or JSON by callers."""

from typing import Any


class ApplicationError(Exception):
    """A rule of the domain was broken; `message` is Vietnamese and shown to the user."""

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
