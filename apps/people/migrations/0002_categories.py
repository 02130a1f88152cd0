from django.db import migrations

CATEGORIES = [
    ("dang-vien", "Đảng viên"),
    ("cong-chuc", "Công chức"),
    ("vien-chuc", "Viên chức"),
    ("nguoi-lao-dong", "Người lao động"),
]


def add_categories(apps, schema_editor):
    category = apps.get_model("people", "PersonCategory")
    for bit, (code, name) in enumerate(CATEGORIES):
        category.objects.update_or_create(code=code, defaults={"name": name, "bit": bit})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
