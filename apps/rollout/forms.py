"""Forms of the rollout set-up pages: launch, "thời hạn của cấp", exemptions."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from apps.directives.forms import UnitChoiceField, date_field
from apps.directives.models import Directive
from apps.org.models import Unit
from apps.people.models import PersonCategory

AUDIENCE_ALL = "all"
AUDIENCE_HEADS = "heads"


def audience_choices() -> list[tuple[str, str]]:
    return [
        (AUDIENCE_ALL, "Toàn bộ cán bộ, đảng viên, người lao động"),
        *[(c.code, c.name) for c in PersonCategory.objects.order_by("bit")],
        (AUDIENCE_HEADS, "Người đứng đầu"),
    ]


def audience_label(*, audience_all: bool, audience_mask: int, audience_heads: bool) -> str:
    if audience_all:
        return "Toàn bộ cán bộ, đảng viên, người lao động"
    names = [c.name for c in PersonCategory.objects.order_by("bit") if audience_mask & c.mask]
    if audience_heads:
        names.append("người đứng đầu")
    return ", ".join(names) or "—"


def _set_units(field: Any, queryset: QuerySet[Unit]) -> None:
    field.queryset = queryset
    first = queryset.first()
    field.base_depth = first.depth if first else 1


class RolloutForm(forms.Form):
    directive = forms.ModelChoiceField(
        label="Chỉ thị, nghị quyết", queryset=Directive.objects.none()
    )
    unit = UnitChoiceField(
        label="Phạm vi triển khai (đơn vị và toàn bộ đơn vị trực thuộc)",
        queryset=Unit.objects.none(),
    )
    title = forms.CharField(
        label="Tên đợt triển khai",
        max_length=300,
        required=False,
        help_text="Để trống: “Quán triệt <tên chỉ thị>”.",
    )
    audience = forms.MultipleChoiceField(
        label="Đối tượng phải quán triệt",
        widget=forms.CheckboxSelectMultiple,
        initial=[AUDIENCE_ALL],
    )
    starts_on = date_field("Ngày bắt đầu")
    dissemination_due = date_field("Hạn hoàn thành quán triệt, học tập")
    plan_due = date_field("Hạn nộp kế hoạch thực hiện")
    requires_commitment = forms.BooleanField(
        label="Yêu cầu ký bản cam kết", required=False, initial=True
    )
    quiz_pass_percent = forms.IntegerField(
        label="Điểm đạt bài kiểm tra học bù (%)", min_value=1, max_value=100, initial=70
    )
    quiz_max_attempts = forms.IntegerField(
        label="Số lần làm bài tối đa", min_value=1, max_value=20, initial=3
    )

    def __init__(
        self,
        *args: Any,
        directives: QuerySet[Directive],
        units: QuerySet[Unit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        directive_field: Any = self.fields["directive"]
        directive_field.queryset = directives
        _set_units(self.fields["unit"], units)
        audience: Any = self.fields["audience"]
        audience.choices = audience_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title") and data.get("directive"):
            data["title"] = f"Quán triệt {data['directive']}"[:300]
        return data

    def launch_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = set(data["audience"])
        masks = {c.code: c.mask for c in PersonCategory.objects.all()}
        return {
            "directive": data["directive"],
            "unit": data["unit"],
            "title": data["title"],
            "starts_on": data["starts_on"],
            "dissemination_due": data["dissemination_due"],
            "plan_due": data["plan_due"],
            "audience_all": AUDIENCE_ALL in chosen,
            "audience_mask": sum(m for code, m in masks.items() if code in chosen),
            "audience_heads": AUDIENCE_HEADS in chosen,
            "requires_commitment": data["requires_commitment"],
            "quiz_pass_percent": data["quiz_pass_percent"],
            "quiz_max_attempts": data["quiz_max_attempts"],
        }


class UnitDeadlineForm(forms.Form):
    unit = UnitChoiceField(label="Cấp, đơn vị", queryset=Unit.objects.none())
    dissemination_due = date_field("Hạn hoàn thành quán triệt")
    plan_due = date_field("Hạn nộp kế hoạch")

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_units(self.fields["unit"], units)


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(label="Tìm người theo họ tên", required=False, max_length=120)


class ExemptForm(forms.Form):
    participant = forms.IntegerField(widget=forms.HiddenInput)
    exempt = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label="Lý do miễn", required=False, max_length=300)
    q = forms.CharField(required=False, widget=forms.HiddenInput)
