"""The site's URLs plus one view that fails, to see the 500 page."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from apps.access.permissions import public
from config.urls import urlpatterns as site_urlpatterns


@public
def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [path("__boom__/", boom), *site_urlpatterns]
