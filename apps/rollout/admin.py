from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from apps.rollout.models import Rollout, UnitDeadline


class UnitDeadlineInline(admin.TabularInline):
    """Read-only: "thời hạn của cấp" go through the cascade check of the deadline service."""

    model = UnitDeadline
    extra = 0
    can_delete = False
    fields = ["unit", "dissemination_due", "plan_due", "set_by", "set_at"]
    readonly_fields = ["unit", "dissemination_due", "plan_due", "set_by", "set_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Rollout)
class RolloutAdmin(SimpleHistoryAdmin):
    """Launching creates the participant list and counters: it is done on the rollout page
    (service `rollout_launch`), never here; scope, audience and dates are read-only."""

    list_display = ["title", "directive", "unit", "starts_on", "dissemination_due", "plan_due"]
    search_fields = ["title"]
    readonly_fields = [
        "directive",
        "unit",
        "audience_all",
        "audience_mask",
        "audience_heads",
        "starts_on",
        "dissemination_due",
        "plan_due",
        "created_by",
    ]
    inlines = [UnitDeadlineInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
