from apps.feedback.views import dashboard, handling, public

urlpatterns = [*public.urlpatterns, *dashboard.urlpatterns, *handling.urlpatterns]
