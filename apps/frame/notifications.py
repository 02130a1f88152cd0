"""The user's own notifications: list and mark as read.

`login_only`: every user sees and changes only their own notifications (others' → 404).
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from apps.access.permissions import login_only
from apps.common.notifications import (
    PAGE_SIZE,
    notification_get_for_actor,
    notification_list,
    notification_mark_read,
    notification_unread_count,
)


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
