from typing import Any

from django.http import HttpRequest

from apps.access import scoping
from apps.common.models import Notification
from apps.common.plugins import menu_entries


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "nav": {
            "is_admin": scoping.is_admin(user),
            "org": scoping.has_action(user, "org.view"),
            "people": scoping.has_action(user, "person.view"),
            "import": scoping.has_action(user, "roster.import"),
            "directives": scoping.has_action(user, "directive.view"),
            "rollouts": scoping.has_action(user, "rollout.view"),
            "roles": sorted({g.role for g in scoping.grants(user)}),
            "items": [
                e for e in menu_entries() if e.action is None or scoping.has_action(user, e.action)
            ],
            "unread": Notification.objects.filter(user=user, read_at__isnull=True).count(),
        }
    }
