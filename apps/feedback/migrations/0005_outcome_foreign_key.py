"""Feedback.outcome: a foreign key to the outcome's code (the stored values stay the same)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("feedback", "0004_outcome_blank_to_null")]

    operations = [
        migrations.AlterField(
            model_name='feedback',
            name='outcome',
            field=models.ForeignKey(blank=True, db_column='outcome', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='feedback.feedbackoutcome', to_field='code', verbose_name='kết quả'),
        ),
        migrations.AlterField(
            model_name='historicalfeedback',
            name='outcome',
            field=models.ForeignKey(blank=True, db_column='outcome', db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='feedback.feedbackoutcome', to_field='code', verbose_name='kết quả'),
        ),
    ]
