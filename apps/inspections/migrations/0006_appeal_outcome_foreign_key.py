"""DisciplineCase.appeal_outcome: a foreign key to the outcome's code (stored values unchanged)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0005_appeal_outcome_blank_to_null'),
    ]

    operations = [
        migrations.AlterField(
            model_name='disciplinecase',
            name='appeal_outcome',
            field=models.ForeignKey(blank=True, db_column='appeal_outcome', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='inspections.appealoutcome', to_field='code', verbose_name='kết quả giải quyết khiếu nại'),
        ),
        migrations.AlterField(
            model_name='historicaldisciplinecase',
            name='appeal_outcome',
            field=models.ForeignKey(blank=True, db_column='appeal_outcome', db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspections.appealoutcome', to_field='code', verbose_name='kết quả giải quyết khiếu nại'),
        ),
    ]
