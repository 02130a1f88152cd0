"""The actor of a service or selector: a user, an anonymous visitor (public pages), or None for
system jobs and citizens' submissions."""

from django.contrib.auth.models import AnonymousUser, User

Actor = User | AnonymousUser | None


def user_pk(actor: Actor) -> int | None:
    """The id of a signed-in user; None for an anonymous visitor or a system job. Filters on
    "my own" rows use it, and treat None as "nothing is mine" (never `user_id IS NULL`)."""
    if actor is None or not actor.is_authenticated:
        return None
    return int(actor.pk)
