from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.common.permissions import requires


@requires("roster.import")
def roster_import(request: HttpRequest) -> HttpResponse:
    return render(request, "people/roster_import.html", {})
