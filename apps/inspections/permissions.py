"""The view rule for confidential objects (inspections in progress, discipline cases).

`confidential(action)` is `requires(action)` except that a user holding the action nowhere gets
404 rather than 403: a commune officer opening a discipline case's address learns nothing, not
even that such pages exist for others. The object itself is then loaded by a selector that
applies the "strictly above" rule (404 outside it).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from apps.access import scoping

F = TypeVar("F", bound=Callable[..., Any])


def confidential(action: str) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not scoping.has_action(request.user, action):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.required_action = action  # type: ignore[attr-defined]
        wrapped.confidential = True  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator
