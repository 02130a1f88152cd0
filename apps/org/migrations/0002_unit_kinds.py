from django.db import migrations

KINDS = [
    ("dang-bo-tinh", "Đảng bộ tỉnh"),
    ("dang-bo-xa", "Đảng bộ xã"),
    ("dang-bo-phuong", "Đảng bộ phường"),
    ("dang-bo-dac-khu", "Đảng bộ đặc khu"),
    ("dang-bo-co-so", "Đảng bộ cơ sở"),
    ("chi-bo-co-so", "Chi bộ cơ sở"),
    ("dang-bo-bo-phan", "Đảng bộ bộ phận"),
    ("chi-bo", "Chi bộ trực thuộc"),
    ("to-dang", "Tổ đảng"),
    ("co-quan", "Cơ quan"),
    ("so-ban-nganh", "Sở, ban, ngành"),
    ("mat-tran-doan-the", "Mặt trận và đoàn thể"),
]


def add_kinds(apps, schema_editor):
    unit_kind = apps.get_model("org", "UnitKind")
    for order, (code, name) in enumerate(KINDS):
        unit_kind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
