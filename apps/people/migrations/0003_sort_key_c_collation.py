"""On PostgreSQL, compare sort keys byte by byte (collation "C"); see org 0003."""

from django.db import migrations


def to_c(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        'ALTER TABLE people_person ALTER COLUMN sort_key TYPE varchar(250) COLLATE "C"'
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_categories")]
    operations = [migrations.RunPython(to_c, migrations.RunPython.noop)]
