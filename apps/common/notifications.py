"""Notifications: the one way to tell people that something needs them, and their own list.

`notify` is what every workflow step calls (inside its transaction): an in-app notification and,
after commit, an e-mail, at most once per (user, event key). The views are `login_only`: every
user sees and changes only their own notifications (others' → 404).
"""

from collections.abc import Iterable
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from apps.access.permissions import login_only
from apps.common.models import Notification

PAGE_SIZE = 30


class Recipient(Protocol):
    """Anything with a user id and an e-mail address (read-only: frozen dataclasses fit)."""

    @property
    def user_id(self) -> int: ...

    @property
    def email(self) -> str: ...


def _absolute(url: str) -> str:
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
) -> int:
    """Tells each recipient once about `event` (a stable key such as "plan:12:submitted:v2").

    Writes the in-app notification in the caller's transaction; the e-mail goes after commit.
    A recipient already told about this event is skipped. Returns how many were told.
    """
    outbox: list[EmailMessage] = []
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
            text = f"{body}\n\nXem chi tiết: {_absolute(url)}" if url else body
            outbox.append(EmailMessage(subject=title, body=text, to=[recipient.email]))
    if outbox:
        transaction.on_commit(lambda: get_connection(fail_silently=True).send_messages(outbox))
    return told


def notification_list(*, actor: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=actor).order_by("-created_at", "-pk")


def notification_unread_count(*, actor: Any) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).count()


def notification_get_for_actor(*, actor: Any, pk: int) -> Notification:
    """One of the actor's own notifications; 404 for anyone else's."""
    notification = Notification.objects.filter(user=actor, pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def notification_mark_read(*, actor: Any, pk: int | None = None) -> int:
    """Marks one of the actor's notifications (or all of them, `pk=None`) as read."""
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=notification_get_for_actor(actor=actor, pk=pk).pk)
    return qs.update(read_at=timezone.now())


@login_only
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        notification_mark_read(actor=request.user)
        return redirect("notifications")
    page = Paginator(notification_list(actor=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "unread": notification_unread_count(actor=request.user)}
    return render(request, "common/notifications.html", context)


@login_only
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: marks one notification read, then follows its link (a local one) or returns to
    the list. Someone else's notification is 404 whatever the method."""
    url = notification_get_for_actor(actor=request.user, pk=pk).url
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    notification_mark_read(actor=request.user, pk=pk)
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect(reverse("notifications"))


urlpatterns = [
    path("thong-bao/", notifications, name="notifications"),
    path("thong-bao/<int:pk>/da-doc/", notification_read, name="notification_read"),
]
