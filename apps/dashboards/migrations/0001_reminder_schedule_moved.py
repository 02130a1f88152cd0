"""The daily reminders moved from rollout to dashboards: re-point the django-q2 schedule."""

from django.db import migrations

NAME = "Nhắc việc triển khai hằng ngày"
OLD = "apps.rollout.services.reminders.reminders_run_daily"
NEW = "apps.dashboards.reminders.reminders_run_daily"


def forwards(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=OLD).update(func=NEW)


def backwards(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=NEW).update(func=OLD)


class Migration(migrations.Migration):
    dependencies = [("rollout", "0002_reminder_schedule")]

    operations = [migrations.RunPython(forwards, backwards)]
