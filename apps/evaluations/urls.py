from apps.evaluations.views import urlpatterns

__all__ = ["urlpatterns"]
