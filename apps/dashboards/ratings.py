"""Leaders' view of ratings: the distribution of decided levels by child unit, and outliers —
units rating everyone "tốt" or better while their rollout is behind, people rated "xuất sắc"
with an open finding naming them."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from apps.access.permissions import requires
from apps.evaluations import selectors as sel


@requires("evaluation.view")
def ratings_overview(request: HttpRequest, pk: int) -> HttpResponse:
    period = sel.period_get_for_actor(actor=request.user, pk=pk)
    raw = request.GET.get("unit")
    unit = sel.period_unit_for_actor(
        actor=request.user, period=period, unit_pk=int(raw) if raw and raw.isdigit() else None
    )
    levels, rows, total = sel.level_distribution(period=period, unit=unit)
    context = {
        "period": period,
        "unit": unit,
        "levels": levels,
        "rows": rows,
        "total": total,
        "flagged": [r for r in rows if r.flags],
        "excellent_open": sel.excellent_with_open_findings(period=period, unit=unit),
        "preview": sel.period_rating_preview(period=period, unit=unit),
    }
    return render(request, "dashboards/ratings.html", context)


urlpatterns = [
    path("bang-dieu-khien/xep-loai/<int:pk>/", ratings_overview, name="ratings_overview"),
]
