from apps.emulation.views import urlpatterns

__all__ = ["urlpatterns"]
