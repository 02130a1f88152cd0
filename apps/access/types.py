"""The actor of a service or selector: a user, an anonymous visitor, or None for system jobs."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

Actor = AbstractBaseUser | AnonymousUser | None
