from apps.dashboards import ratings, views
from apps.dashboards.reports import views as report_views

urlpatterns = [*views.urlpatterns, *report_views.urlpatterns, *ratings.urlpatterns]
