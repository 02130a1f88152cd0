from apps.dashboards import views

urlpatterns = [*views.urlpatterns]
