"""Views of plans, tasks and reports; each module has its urlpatterns."""
