"""On PostgreSQL, compare sort keys byte by byte (collation "C").

`sort_key` holds a computed Vietnamese collation key whose order is its byte order; a database
created with a locale collation (en_US.UTF-8…) would ignore its punctuation and mis-sort. SQLite
compares bytes already (BINARY), so nothing is done there.
"""

from django.db import migrations

TABLES = [("org_unit", 600)]


def to_c(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, length in TABLES:
        schema_editor.execute(
            f'ALTER TABLE {table} ALTER COLUMN sort_key TYPE varchar({length}) COLLATE "C"'
        )


class Migration(migrations.Migration):
    dependencies = [("org", "0002_unit_kinds")]
    operations = [migrations.RunPython(to_c, migrations.RunPython.noop)]
