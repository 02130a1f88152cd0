from apps.dashboards import views
from apps.dashboards.reports import views as report_views

urlpatterns = [*views.urlpatterns, *report_views.urlpatterns]
