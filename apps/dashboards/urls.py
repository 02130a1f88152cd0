from apps.dashboards import effect_views, ratings, views
from apps.dashboards.reports import views as report_views

urlpatterns = [
    *views.urlpatterns,
    *report_views.urlpatterns,
    *effect_views.urlpatterns,
    *ratings.urlpatterns,
]
