"""Counting: feedback by unit, criterion, outcome and month, within the actor's view."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from apps.access.permissions import requires
from apps.feedback.selectors import feedback_counts


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


@requires("feedback.view")
def feedback_dashboard(request: HttpRequest) -> HttpResponse:
    start = _date(request.GET.get("tu_ngay"))
    end = _date(request.GET.get("den_ngay"))
    counts = feedback_counts(actor=request.user, start=start, end=end)
    peak = max((n for _, n in counts.by_month), default=0)
    context = {"counts": counts, "start": start, "end": end, "peak": peak}
    return render(request, "feedback/dashboard.html", context)


urlpatterns = [
    path("phan-anh-kien-nghi/thong-ke/", feedback_dashboard, name="feedback_dashboard"),
]
