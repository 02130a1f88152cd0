from django.contrib import admin

from apps.emulation.models import CommendationKind, Criterion, Movement


@admin.register(CommendationKind)
class CommendationKindAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "category", "subject", "decider", "min_rating", "source")


class CriterionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Criterion
    extra = 0


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "unit", "starts_on", "ends_on", "status")
    inlines = [CriterionInline]
