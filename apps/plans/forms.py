from typing import Any

from django import forms

from apps.common.dates import vn_date_field
from apps.common.errors import ApplicationError
from apps.plans.enums import PlanStatus, RollupRule, TaskStatus
from apps.plans.models import ReportPeriodKind
from apps.plans.services.reports import parse_figure


class PlanCreateForm(forms.Form):
    title = forms.CharField(label="Tên kế hoạch", max_length=300)


class PlanSubmitForm(forms.Form):
    document = forms.FileField(label="Tệp kế hoạch (.docx hoặc .pdf)", required=False)
    note = forms.CharField(
        label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Quyết định",
        choices=[
            (PlanStatus.APPROVED, "Phê duyệt"),
            (PlanStatus.RETURNED, "Trả lại để hoàn thiện"),
        ],
    )
    comment = forms.CharField(
        label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TaskForm(forms.Form):
    title = forms.CharField(label="Tên nhiệm vụ", max_length=300)
    description = forms.CharField(
        label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    start = vn_date_field("Ngày bắt đầu")
    deadline = vn_date_field("Thời hạn")
    owner = forms.TypedChoiceField(
        label="Người phụ trách", required=False, coerce=int, empty_value=None
    )
    weight = forms.IntegerField(label="Trọng số", min_value=1, initial=1)


class TaskProgressForm(forms.Form):
    progress = forms.IntegerField(label="Tiến độ (%)", min_value=0, max_value=100)
    status = forms.ChoiceField(
        label="Trạng thái",
        choices=[("", "Tự xác định theo tiến độ"), *TaskStatus.choices],
        required=False,
    )


class TaskDelegateForm(forms.Form):
    units = forms.TypedMultipleChoiceField(
        label="Giao cho đơn vị", coerce=int, widget=forms.CheckboxSelectMultiple
    )
    rule = forms.ChoiceField(
        label="Cách tính tiến độ",
        choices=[
            (RollupRule.AVERAGE, RollupRule.AVERAGE.label),
            (RollupRule.WEIGHTED, RollupRule.WEIGHTED.label),
        ],
    )
    deadline = vn_date_field("Thời hạn cho cấp dưới", required=False)


class TaskEvidenceForm(forms.Form):
    name = forms.CharField(label="Tên minh chứng", max_length=200, required=False)
    file = forms.FileField(label="Tệp (.pdf, .docx, .xlsx, .png, .jpg)", required=False)
    link = forms.CharField(label="Hoặc đường dẫn", max_length=500, required=False)


class TaskCommentForm(forms.Form):
    text = forms.CharField(label="Ý kiến", widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(forms.Form):
    kind = forms.ModelChoiceField(label="Loại kỳ", queryset=ReportPeriodKind.objects.all())
    name = forms.CharField(label="Tên kỳ báo cáo", max_length=100)
    starts_on = vn_date_field("Từ ngày")
    ends_on = vn_date_field("Đến ngày")
    due_on = vn_date_field("Hạn gửi báo cáo")


class ReturnForm(forms.Form):
    comment = forms.CharField(label="Ý kiến trả lại", widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    """A unit's report: one text field per figure (`value_<indicator>`) and one text area per
    narrative section (`section_<section>`).

    A bound Django form, so that after ANY error (a figure that is not a number, a closed
    period, a refused submission) the page shows back everything the person typed. The report
    form used to be hand-written HTML filled from the database: on an error the transaction was
    rolled back and the page re-read the sections from the database, so the four narrative
    sections came back empty while the figures (re-filled from the request) survived.
    """

    def __init__(
        self,
        data: Any = None,
        *,
        values: list[Any],
        sections: list[Any],
    ) -> None:
        super().__init__(data, auto_id="%s")  # ids value_<pk> / section_<pk>, as before
        self.values = values
        self.sections = sections
        for v in values:
            self.fields[f"value_{v.indicator_id}"] = forms.CharField(
                label=v.indicator.name,
                required=False,
                initial="" if v.value is None else v.value,
                # Read-only, not disabled: automatic figures are recomputed by the service.
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", **({"readonly": True} if v.auto else {})}
                ),
            )
        for s in sections:
            self.fields[f"section_{s.section_id}"] = forms.CharField(
                label=s.section.title,
                required=False,
                initial=s.text,
                widget=forms.Textarea(attrs={"rows": 5}),
                strip=False,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for v in self.values:
            name = f"value_{v.indicator_id}"
            if v.auto or name not in cleaned:
                continue
            try:
                parse_figure(cleaned[name], v.indicator.name)
            except ApplicationError as exc:
                self.add_error(name, exc.message)
        return cleaned

    def value_fields(self) -> list[tuple[Any, forms.BoundField]]:
        return [(v, self[f"value_{v.indicator_id}"]) for v in self.values]

    def section_fields(self) -> list[tuple[Any, forms.BoundField]]:
        return [(s, self[f"section_{s.section_id}"]) for s in self.sections]

    def figures(self) -> dict[int, Any]:
        return {
            v.indicator_id: self.cleaned_data.get(f"value_{v.indicator_id}", "")
            for v in self.values
            if not v.auto
        }

    def texts(self) -> dict[int, str]:
        return {
            s.section_id: self.cleaned_data.get(f"section_{s.section_id}", "")
            for s in self.sections
        }

    def empty_sections(self) -> list[str]:
        """Titles of the narrative sections left blank (asked to confirm before sending)."""
        texts = self.texts()
        return [s.section.title for s in self.sections if not texts[s.section_id].strip()]
