from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.access.models import Assignment
from apps.people.models import Membership, Person, PersonCategory


@admin.register(PersonCategory)
class PersonCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "bit"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["code", "full_name", "unit", "position", "is_head"]
    search_fields = ["search_text", "code"]
    raw_id_fields = ["unit", "user"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "unit", "start", "end"]
    raw_id_fields = ["person", "unit"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "unit", "role"]
    raw_id_fields = ["person", "unit"]
