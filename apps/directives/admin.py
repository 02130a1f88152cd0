from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.directives.models import (
    ConductCriterion,
    Directive,
    DirectiveAttachment,
    DirectiveDeadline,
    DirectiveKind,
    KeyTask,
    QuizChoice,
    QuizQuestion,
)


@admin.register(DirectiveKind)
class DirectiveKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]


class KeyTaskInline(admin.TabularInline):
    model = KeyTask
    extra = 0


class ConductCriterionInline(admin.TabularInline):
    model = ConductCriterion
    extra = 0


class DirectiveDeadlineInline(admin.TabularInline):
    model = DirectiveDeadline
    extra = 0


class DirectiveAttachmentInline(admin.TabularInline):
    model = DirectiveAttachment
    extra = 0
    readonly_fields = ["file", "name", "uploaded_at"]


@admin.register(Directive)
class DirectiveAdmin(SimpleHistoryAdmin):
    list_display = ["symbol", "number", "kind", "issuer", "issued_on", "title"]
    list_filter = ["kind"]
    search_fields = ["search_text"]
    raw_id_fields = ["issuer", "created_by"]
    inlines = [
        KeyTaskInline,
        ConductCriterionInline,
        DirectiveDeadlineInline,
        DirectiveAttachmentInline,
    ]


class QuizChoiceInline(admin.TabularInline):
    model = QuizChoice
    extra = 0


@admin.register(QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin):
    list_display = ["directive", "order", "text"]
    raw_id_fields = ["directive"]
    inlines = [QuizChoiceInline]
