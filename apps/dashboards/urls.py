from django.urls import URLPattern, URLResolver

from apps.dashboards import ratings

urlpatterns: list[URLPattern | URLResolver] = [*ratings.urlpatterns]
