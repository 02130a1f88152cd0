"""The daily django-q2 schedule of the reminders (`send_reminders`), created idempotently."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import migrations

NAME = "Nhắc việc triển khai hằng ngày"
FUNC = "apps.rollout.services.reminders.reminders_run_daily"


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    if Schedule.objects.filter(name=NAME).exists():
        return
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    tomorrow = datetime.datetime.now(zone).date() + datetime.timedelta(days=1)
    Schedule.objects.create(
        name=NAME,
        func=FUNC,
        schedule_type="D",
        repeats=-1,
        next_run=datetime.datetime.combine(tomorrow, datetime.time(7, 0), tzinfo=zone),
    )


def delete_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rollout", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
