from apps.inspections.discipline_views import urlpatterns as discipline_urls
from apps.inspections.documents import urlpatterns as document_urls
from apps.inspections.views import urlpatterns as inspection_urls

urlpatterns = [*inspection_urls, *discipline_urls, *document_urls]
