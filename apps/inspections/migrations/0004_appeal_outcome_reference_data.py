"""Appeal outcomes of a discipline decision become reference data with their wording and source
(like the inspection kinds, violation levels and discipline forms of 0002).

When an appeal against a discipline decision is settled, the competent body keeps the form,
changes it, or annuls the decision (giữ nguyên, thay đổi hoặc xóa bỏ hình thức kỷ luật:
Quy định 296-QĐ/TW ngày 30/5/2025, on settling appeals against party discipline; Quy định
69-QĐ/TW ngày 06/7/2022). The wording has not been checked article by article against the
original texts here. The codes are those stored before, so existing cases keep their outcome.

Three migrations (0004–0006) because PostgreSQL refuses to alter a table whose rows were
updated in the same transaction: 0004 creates and loads the table and makes the old column
nullable, 0005 turns "" into NULL, 0006 makes the column a foreign key to the code.
"""

from django.db import migrations, models

QD296 = "Quy định 296-QĐ/TW ngày 30/5/2025 (giải quyết khiếu nại kỷ luật đảng)"
QD69 = "Quy định 69-QĐ/TW ngày 06/7/2022"
OUTCOMES = [
    # code, name, stands, changes form, order, source
    ("upheld", "Giữ nguyên hình thức kỷ luật", True, False, 1, f"{QD296}; {QD69}"),
    ("changed", "Thay đổi hình thức kỷ luật", True, True, 2, f"{QD296}; {QD69}"),
    ("annulled", "Xóa bỏ quyết định kỷ luật", False, False, 3, f"{QD296}; {QD69}"),
]


def load(apps, schema_editor):
    AppealOutcome = apps.get_model("inspections", "AppealOutcome")
    for code, name, stands, changes, order, source in OUTCOMES:
        AppealOutcome.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "stands": stands,
                "changes_form": changes,
                "order": order,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0003_origin_object")]

    operations = [
        migrations.CreateModel(
            name="AppealOutcome",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="mã")),
                (
                    "name",
                    models.CharField(max_length=120, verbose_name="kết quả giải quyết khiếu nại"),
                ),
                (
                    "stands",
                    models.BooleanField(default=True, verbose_name="kỷ luật vẫn được thi hành"),
                ),
                (
                    "changes_form",
                    models.BooleanField(default=False, verbose_name="thay đổi hình thức kỷ luật"),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
                ("source", models.CharField(max_length=300, verbose_name="căn cứ")),
            ],
            options={
                "verbose_name": "kết quả giải quyết khiếu nại kỷ luật",
                "verbose_name_plural": "kết quả giải quyết khiếu nại kỷ luật",
                "ordering": ["order"],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="disciplinecase",
            name="appeal_outcome",
            field=models.CharField(
                blank=True, null=True, max_length=40, verbose_name="kết quả giải quyết khiếu nại"
            ),
        ),
        migrations.AlterField(
            model_name="historicaldisciplinecase",
            name="appeal_outcome",
            field=models.CharField(
                blank=True, null=True, max_length=40, verbose_name="kết quả giải quyết khiếu nại"
            ),
        ),
    ]
