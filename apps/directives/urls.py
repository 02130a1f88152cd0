from django.urls import path

from apps.directives import views

urlpatterns = [
    path("chi-thi/", views.directive_list, name="directive_list"),
    path("chi-thi/them/", views.directive_create, name="directive_create"),
    path("chi-thi/tao-tu-van-ban/", views.directive_ingest, name="directive_ingest"),
    path(
        "chi-thi/tao-tu-van-ban/tac-vu/<int:pk>/",
        views.directive_ingest_job,
        name="directive_ingest_job",
    ),
    path(
        "chi-thi/tao-tu-van-ban/ket-qua/<int:pk>/",
        views.directive_ingest_result,
        name="directive_ingest_result",
    ),
    path("chi-thi/<int:pk>/", views.directive_detail, name="directive_detail"),
    path("chi-thi/<int:pk>/sua/", views.directive_edit, name="directive_edit"),
    path(
        "chi-thi/<int:pk>/dinh-kem/",
        views.directive_attachment_add,
        name="directive_attachment_add",
    ),
    path(
        "chi-thi/<int:pk>/dinh-kem/<int:attachment_pk>/",
        views.directive_attachment_file,
        name="directive_attachment_file",
    ),
]
