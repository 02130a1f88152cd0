from apps.exports import evaluation_docs
from apps.exports.views import urlpatterns as report_urls

urlpatterns = [*report_urls, *evaluation_docs.urlpatterns]
