"""Declaring the permission rule of each view (deny by default).

Every view must be wrapped by `requires(action)` or `public(...)`; a test walks the
URL configuration and fails on any view carrying neither. The decision itself lives in
`apps.access.scoping` only.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from apps.access import scoping

F = TypeVar("F", bound=Callable[..., Any])


def requires(action: str) -> Callable[[F], F]:
    """Log-in required, and the actor must hold `action` somewhere (object checks in selectors)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            scoping.require_action(request.user, action)
            return view(request, *args, **kwargs)

        wrapped.required_action = action  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public(view: F) -> F:
    """Marks a view as reachable without a permission rule (login page, health check)."""
    view.required_action = "public"  # type: ignore[attr-defined]
    return view


def login_only(view: F) -> F:
    """Any logged-in user, acting on their own account only (password change, own record)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.required_action = "self"  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]
