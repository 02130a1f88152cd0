"""The actor of a service or selector: a user, an anonymous visitor (public pages), or None for
system jobs and citizens' submissions."""

from django.contrib.auth.models import AnonymousUser, User

Actor = User | AnonymousUser | None
