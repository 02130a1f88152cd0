"""Notifications: the one way to tell people that something needs them, and their own list.

`notify` is what every workflow step calls (inside its transaction): an in-app notification and,
after commit, an e-mail, at most once per (user, event key). Their list and
read pages are in `apps.frame.notifications`.
"""

from collections.abc import Iterable
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from apps.common.models import Notification
from apps.common.types import Actor

PAGE_SIZE = 30


class Recipient(Protocol):
    """Anything with a user id and an e-mail address (read-only: frozen dataclasses fit)."""

    @property
    def user_id(self) -> int: ...

    @property
    def email(self) -> str: ...


def absolute_url(url: str) -> str:
    """A site path made absolute with SITE_URL, for e-mailed links."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") and base else url


def notify(
    *,
    recipients: Iterable[Recipient],
    event: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    outbox: list[EmailMessage] | None = None,
) -> int:
    """Tells each recipient once about `event` (a stable key such as "plan:12:submitted:v2").

    Writes the in-app notification in the caller's transaction; the e-mail goes after commit.
    A recipient already told about this event is skipped. Returns how many were told.
    A batch sender (the daily reminders) passes its own `outbox` and sends the e-mails itself
    over one connection, instead of one connection per call.
    """
    batch = outbox is not None
    outbox = [] if outbox is None else outbox
    told = 0
    seen: set[int] = set()
    for recipient in recipients:
        if recipient.user_id in seen:
            continue
        seen.add(recipient.user_id)
        try:
            with transaction.atomic():
                Notification.objects.create(
                    user_id=recipient.user_id,
                    title=title[:300],
                    body=body,
                    url=url,
                    event_key=event[:200],
                )
        except IntegrityError:
            continue
        told += 1
        if email and recipient.email:
            text = f"{body}\n\nXem chi tiết: {absolute_url(url)}" if url else body
            outbox.append(EmailMessage(subject=title, body=text, to=[recipient.email]))
    if outbox and not batch:
        mails = list(outbox)
        transaction.on_commit(lambda: get_connection(fail_silently=True).send_messages(mails))
    return told


def _user_id(actor: Actor) -> int:
    """The actor's user id (0 — nobody — for anonymous visitors and system jobs)."""
    return int(actor.pk) if actor is not None and actor.is_authenticated else 0


def notification_list(*, actor: Actor) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=_user_id(actor)).order_by("-created_at", "-pk")


def notification_unread_count(*, actor: Actor) -> int:
    return Notification.objects.filter(user_id=_user_id(actor), read_at__isnull=True).count()


def notification_get_for_actor(*, actor: Actor, pk: int) -> Notification:
    """One of the actor's own notifications; 404 for anyone else's."""
    notification = Notification.objects.filter(user_id=_user_id(actor), pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def notification_mark_read(*, actor: Actor, pk: int | None = None) -> int:
    """Marks one of the actor's notifications (or all of them, `pk=None`) as read."""
    qs = Notification.objects.filter(user_id=_user_id(actor), read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=notification_get_for_actor(actor=actor, pk=pk).pk)
    return qs.update(read_at=timezone.now())
