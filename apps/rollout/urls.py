from apps.rollout.views import member, progress, rollouts, sessions

urlpatterns = [
    *rollouts.urlpatterns,
    *progress.urlpatterns,
    *sessions.urlpatterns,
    *member.urlpatterns,
]
