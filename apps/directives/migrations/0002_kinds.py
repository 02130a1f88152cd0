from django.db import migrations

KINDS = [
    ("chi-thi", "Chỉ thị"),
    ("nghi-quyet", "Nghị quyết"),
    ("ket-luan", "Kết luận"),
    ("quy-dinh", "Quy định"),
    ("ke-hoach", "Kế hoạch"),
    ("huong-dan", "Hướng dẫn"),
    ("quyet-dinh", "Quyết định"),
]


def add_kinds(apps, schema_editor):
    kind = apps.get_model("directives", "DirectiveKind")
    for order, (code, name) in enumerate(KINDS):
        kind.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
