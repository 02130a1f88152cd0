from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.frame.urls")),
    path("", include("apps.org.urls")),
    path("", include("apps.people.urls")),
    path("", include("apps.directives.urls")),
    path("", include("apps.rollout.urls")),
    path("", include("apps.plans.urls")),
    path("", include("apps.inspections.urls")),
    path("", include("apps.feedback.urls")),
    path("", include("apps.evaluations.urls")),
    path("", include("apps.emulation.urls")),
    path("", include("apps.dashboards.urls")),
    path("quan-tri/", admin.site.urls),
]
