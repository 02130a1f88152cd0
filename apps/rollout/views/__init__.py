"""Rollout views, one module per screen family; each module exports `urlpatterns`."""
