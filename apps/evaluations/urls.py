from apps.evaluations import documents, views

urlpatterns = [*views.urlpatterns, *documents.urlpatterns]
