"""Appeal outcomes: "" (no appeal settled) becomes NULL before the column turns into a foreign
key.

Only the cases table: the history table is append-only (a trigger refuses UPDATE on
PostgreSQL) and its column has no database constraint, so its "" values stay as recorded."""

from django.db import migrations


def blank_to_null(apps, schema_editor):
    model = apps.get_model("inspections", "DisciplineCase")
    model.objects.filter(appeal_outcome="").update(appeal_outcome=None)


def null_to_blank(apps, schema_editor):
    model = apps.get_model("inspections", "DisciplineCase")
    model.objects.filter(appeal_outcome__isnull=True).update(appeal_outcome="")


class Migration(migrations.Migration):
    dependencies = [("inspections", "0004_appeal_outcome_reference_data")]

    operations = [migrations.RunPython(blank_to_null, null_to_blank)]
