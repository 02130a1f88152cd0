from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.org.models import Unit, UnitEvent, UnitKind


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "depth", "valid_from", "valid_to"]
    search_fields = ["search_text", "code"]
    exclude = ["path", "depth", "numchild"]


@admin.register(UnitEvent)
class UnitEventAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "date", "actor"]
    raw_id_fields = ["unit", "old_parent", "new_parent", "target"]
