from django.urls import path

from apps.people.roster import views

urlpatterns = [
    path("", views.roster_import, name="roster_import"),
]
