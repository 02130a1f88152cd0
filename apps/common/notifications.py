"""The user's own in-app notifications (reminders, escalations): list and mark as read.

`login_only`: every user sees and changes only their own notifications (others' → 404).
"""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from apps.common.models import Notification
from apps.common.permissions import login_only

PAGE_SIZE = 30


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
