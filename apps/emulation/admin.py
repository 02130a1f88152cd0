from django.contrib import admin

from apps.emulation.models import CommendationKind, Criterion, Movement


@admin.register(CommendationKind)
class CommendationKindAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "subject", "decider", "min_rating", "source")


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "starts_on", "ends_on", "status")
    inlines = [CriterionInline]
