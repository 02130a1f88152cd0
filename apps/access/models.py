"""Role grants on unit subtrees.

The table kept its historical name (`people_assignment`) when the model moved here from `people`
(ADR 0003). `Unit` and `Person` are referenced by their model labels: `access` sits at the bottom of the
stack (just above `common`) and imports nothing above it.
"""

import simple_history
from django.contrib.auth import get_user_model
from django.db import models
from simple_history.models import HistoricalRecords

from apps.access.enums import Role


class Assignment(models.Model):
    """Grants a role on a unit's whole subtree."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)

    history = HistoricalRecords(table_name="people_historicalassignment")

    class Meta:
        db_table = "people_assignment"
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(fields=["person", "unit", "role"], name="assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.unit}"


# Privilege changes: every save of a user account (is_superuser, is_staff, is_active, names…)
# keeps a history row with the values after it, so the audit shows before and after. The
# password hash is left out; log-ins do not write history (access.apps quiets last_login).
simple_history.register(
    get_user_model(),
    app="apps.access",
    table_name="access_historicaluser",
    excluded_fields=["password", "last_login"],
)
