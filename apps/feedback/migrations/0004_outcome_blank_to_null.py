"""Outcomes: "" (not concluded) becomes NULL before the column turns into a foreign key."""

from django.db import migrations


def blank_to_null(apps, schema_editor):
    for name in ("Feedback", "HistoricalFeedback"):
        apps.get_model("feedback", name).objects.filter(outcome="").update(outcome=None)


def null_to_blank(apps, schema_editor):
    for name in ("Feedback", "HistoricalFeedback"):
        apps.get_model("feedback", name).objects.filter(outcome__isnull=True).update(outcome="")


class Migration(migrations.Migration):

    dependencies = [("feedback", "0003_outcome_reference_data")]

    operations = [migrations.RunPython(blank_to_null, null_to_blank)]
