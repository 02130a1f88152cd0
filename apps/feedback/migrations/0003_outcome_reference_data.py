"""Feedback outcomes become reference data (wording and source), like the inspection kinds,
violation levels and discipline forms of apps.inspections; a follow-up links to the inspection
it opened.

Outcomes (the results a handler concludes with):
- phản ánh đúng / đúng một phần / không đúng: the three results of verifying a report of
  misconduct, as a denunciation's content is concluded "đúng, đúng một phần hoặc sai" (Luật Tố
  cáo 2018, Điều 35), with the handling of citizens' feedback by party committees under Quy định
  11-QĐi/TW ngày 18/02/2019 (trách nhiệm của người đứng đầu cấp ủy trong việc tiếp dân, đối
  thoại trực tiếp với dân và xử lý những phản ánh, kiến nghị của dân);
- không thuộc thẩm quyền (đã chuyển): feedback outside the handler's competence is transferred
  to the competent body (Luật Tiếp công dân 2013; Thông tư 05/2021/TT-TTCP on the handling of
  complaints, denunciations, petitions and feedback).
The wording has not been checked article by article against the original texts here; the codes
are those stored before this migration, so existing rows keep their outcome.

Three migrations (0003–0005) because PostgreSQL refuses to alter a table whose rows were
updated in the same transaction: 0003 creates and loads the table and makes the old column
nullable, 0004 turns "" into NULL, 0005 makes the column a foreign key to the code.
"""

import django.db.models.deletion
from django.db import migrations, models


TK11 = "Quy định 11-QĐi/TW ngày 18/02/2019 của Bộ Chính trị"
TC = "Luật Tố cáo 2018, Điều 35 (kết luận: đúng, đúng một phần hoặc sai)"
OUTCOMES = [
    # code, name, upheld, needs transfer, severity, order, source
    ("substantiated", "Phản ánh đúng", True, False, 2, 1, f"{TK11}; {TC}"),
    ("partly", "Phản ánh đúng một phần", True, False, 1, 2, f"{TK11}; {TC}"),
    ("not_substantiated", "Phản ánh không đúng", False, False, 0, 3, f"{TK11}; {TC}"),
    (
        "transferred",
        "Không thuộc thẩm quyền (đã chuyển)",
        False,
        True,
        0,
        4,
        "Luật Tiếp công dân 2013; Thông tư 05/2021/TT-TTCP (chuyển đơn đến cơ quan có thẩm quyền)",
    ),
]


def load(apps, schema_editor):
    FeedbackOutcome = apps.get_model("feedback", "FeedbackOutcome")
    for code, name, upheld, transfer, severity, order, source in OUTCOMES:
        FeedbackOutcome.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "upheld": upheld,
                "needs_transfer": transfer,
                "severity": severity,
                "order": order,
                "source": source,
            },
        )


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0002_cache_table_and_schedule'),
        ('inspections', '0003_origin_object'),
    ]

    operations = [
        migrations.CreateModel(
            name='FeedbackOutcome',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, unique=True, verbose_name='mã')),
                ('name', models.CharField(max_length=120, verbose_name='kết quả xử lý')),
                ('upheld', models.BooleanField(default=False, verbose_name='phản ánh có căn cứ')),
                ('needs_transfer', models.BooleanField(default=False, verbose_name='phải ghi nơi chuyển đến')),
                ('severity', models.PositiveSmallIntegerField(default=0, verbose_name='mức (cao hơn là nặng hơn)')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('source', models.CharField(max_length=300, verbose_name='căn cứ')),
            ],
            options={
                'verbose_name': 'kết quả xử lý phản ánh',
                'verbose_name_plural': 'kết quả xử lý phản ánh',
                'ordering': ['order'],
            },
        ),
        migrations.RemoveIndex(
            model_name='feedback',
            name='feedback_fe_outcome_fd67e9_idx',
        ),
        migrations.AddField(
            model_name='feedbackfollowup',
            name='inspection',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='inspections.inspection', verbose_name='cuộc kiểm tra'),
        ),
        migrations.AddField(
            model_name='historicalfeedbackfollowup',
            name='inspection',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspections.inspection', verbose_name='cuộc kiểm tra'),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='feedback',
            name='outcome',
            field=models.CharField(blank=True, null=True, max_length=40, verbose_name='kết quả'),
        ),
        migrations.AlterField(
            model_name='historicalfeedback',
            name='outcome',
            field=models.CharField(blank=True, null=True, max_length=40, verbose_name='kết quả'),
        ),
    ]
