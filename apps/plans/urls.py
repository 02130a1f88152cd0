from apps.plans.views import plans, reports, tasks

urlpatterns = [*plans.urlpatterns, *tasks.urlpatterns, *reports.urlpatterns]
