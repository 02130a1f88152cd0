"""Role grants on unit subtrees.

The table kept its historical name (`people_assignment`) when the model moved here from `people`
(ADR 0003). `Unit` and `Person` are referenced by their model labels: `access` sits at the bottom of the
stack (just above `common`) and imports nothing above it.
"""

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
