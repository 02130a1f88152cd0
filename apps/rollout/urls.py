from apps.rollout.views import member, rollouts, sessions

urlpatterns = [
    *rollouts.urlpatterns,
    *sessions.urlpatterns,
    *member.urlpatterns,
]
