from apps.exports import emulation_views, views

urlpatterns = views.urlpatterns + emulation_views.urlpatterns

__all__ = ["urlpatterns"]
