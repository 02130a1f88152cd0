from django.urls import path

from apps.people.roster import views

urlpatterns = [
    path("", views.roster_import, name="roster_import"),
    path("mau.xlsx", views.roster_template, name="roster_template"),
    path("<int:pk>/", views.roster_import_job, name="roster_import_job"),
]
