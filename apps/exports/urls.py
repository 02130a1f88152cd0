from apps.exports.inspections import urlpatterns as inspection_urls
from apps.exports.views import urlpatterns as report_urls

urlpatterns = [*report_urls, *inspection_urls]
