from apps.exports.views import urlpatterns

__all__ = ["urlpatterns"]
