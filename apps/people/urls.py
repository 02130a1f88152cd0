from django.urls import include, path

from apps.people import views

urlpatterns = [
    path("can-bo/", views.person_list, name="person_list"),
    path("can-bo/xuat.xlsx", views.person_export, name="person_export"),
    path("can-bo/<int:pk>/", views.person_detail, name="person_detail"),
    path("can-bo/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("can-bo/<int:pk>/lich-su/", views.person_history, name="person_history"),
    path("ho-so/", views.my_record, name="my_record"),
    path("nhap-danh-sach/", include("apps.people.roster.urls")),
]
