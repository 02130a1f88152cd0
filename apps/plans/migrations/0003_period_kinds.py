"""Report period kinds as reference data, with the wording used in the texts (tháng, quý,
6 tháng, năm; đột xuất for ad hoc reports)."""

from django.db import migrations

KINDS = [
    ("thang", "Tháng", 1),
    ("quy", "Quý", 2),
    ("6-thang", "6 tháng", 3),
    ("nam", "Năm", 4),
    ("dot-xuat", "Đột xuất", 5),
]


def forwards(apps, schema_editor):
    kind = apps.get_model("plans", "ReportPeriodKind")
    for code, name, order in KINDS:
        kind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


def backwards(apps, schema_editor):
    apps.get_model("plans", "ReportPeriodKind").objects.filter(
        code__in=[c for c, _, _ in KINDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_tasks_reports")]

    operations = [migrations.RunPython(forwards, backwards)]
