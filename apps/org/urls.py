from django.urls import path

from apps.org import views

urlpatterns = [
    path("don-vi/", views.unit_tree, name="unit_tree"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/lich-su/", views.unit_history, name="unit_history"),
    path("don-vi/<int:pk>/chuyen/", views.unit_move, name="unit_move"),
    path("don-vi/<int:pk>/hop-nhat/", views.unit_merge, name="unit_merge"),
    path("don-vi/<int:pk>/giai-the/", views.unit_close, name="unit_close"),
]
