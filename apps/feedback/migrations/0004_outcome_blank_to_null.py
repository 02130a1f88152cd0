"""Outcomes: "" (not concluded) becomes NULL before the column turns into a foreign key.

Only the feedback table: the history table is append-only (a trigger refuses UPDATE on
PostgreSQL) and its column has no database constraint, so its "" values stay as recorded."""

from django.db import migrations


def blank_to_null(apps, schema_editor):
    apps.get_model("feedback", "Feedback").objects.filter(outcome="").update(outcome=None)


def null_to_blank(apps, schema_editor):
    model = apps.get_model("feedback", "Feedback")
    model.objects.filter(outcome__isnull=True).update(outcome="")


class Migration(migrations.Migration):

    dependencies = [("feedback", "0003_outcome_reference_data")]

    operations = [migrations.RunPython(blank_to_null, null_to_blank)]
