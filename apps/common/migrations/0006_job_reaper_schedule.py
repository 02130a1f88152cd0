"""Every minute the task scheduler looks for jobs whose worker died (apps.common.jobs)."""

from django.db import migrations
from django.utils import timezone

NAME = "Phát hiện tác vụ nền bị gián đoạn"
FUNC = "apps.common.jobs.jobs_reap"


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    if Schedule.objects.filter(name=NAME).exists():
        return
    Schedule.objects.create(
        name=NAME, func=FUNC, schedule_type="I", minutes=1, repeats=-1, next_run=timezone.now()
    )


def delete_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0005_job_liveness"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
