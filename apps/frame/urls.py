from django.urls import path

from apps.frame import audit, notifications, twofactor, views

urlpatterns = [
    path("suc-khoe/", views.health, name="health"),
    path("dang-nhap/", views.login, name="login"),
    path("dang-xuat/", views.logout, name="logout"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("doi-mat-khau/xong/", views.password_change_done, name="password_change_done"),
    path("ngon-ngu/", views.set_language, name="set_language"),
    path("tac-vu/<int:pk>/", views.job_status, name="job_status"),
    path("tac-vu/<int:pk>/tai-ve/", views.job_download, name="job_download"),
    path("tac-vu/<int:pk>/chay-lai/", views.job_retry_view, name="job_retry"),
    *notifications.urlpatterns,
    *twofactor.urlpatterns,
    *audit.urlpatterns,
]
