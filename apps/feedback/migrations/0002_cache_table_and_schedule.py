"""The shared cache table (rate limits; `createcachetable` is idempotent) and the daily
django-q2 schedule of the feedback escalations, created idempotently."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.management import call_command
from django.db import migrations

NAME = "Báo quá hạn phản ánh hằng ngày"
FUNC = "apps.feedback.escalation.feedback_escalate_daily"


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


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
        next_run=datetime.datetime.combine(tomorrow, datetime.time(7, 15), tzinfo=zone),
    )


def delete_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
        migrations.RunPython(create_schedule, delete_schedule),
    ]
