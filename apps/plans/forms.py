from django import forms

from apps.plans.enums import PlanStatus, RollupRule, TaskStatus
from apps.plans.models import ReportPeriodKind


class DateInput(forms.DateInput):
    input_type = "date"


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
    start = forms.DateField(label="Ngày bắt đầu", widget=DateInput)
    deadline = forms.DateField(label="Thời hạn", widget=DateInput)
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
    deadline = forms.DateField(label="Thời hạn cho cấp dưới", required=False, widget=DateInput)


class TaskEvidenceForm(forms.Form):
    name = forms.CharField(label="Tên minh chứng", max_length=200, required=False)
    file = forms.FileField(label="Tệp (.pdf, .docx, .xlsx, .png, .jpg)", required=False)
    link = forms.CharField(label="Hoặc đường dẫn", max_length=500, required=False)


class TaskCommentForm(forms.Form):
    text = forms.CharField(label="Ý kiến", widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(forms.Form):
    kind = forms.ModelChoiceField(label="Loại kỳ", queryset=ReportPeriodKind.objects.all())
    name = forms.CharField(label="Tên kỳ báo cáo", max_length=100)
    starts_on = forms.DateField(label="Từ ngày", widget=DateInput)
    ends_on = forms.DateField(label="Đến ngày", widget=DateInput)
    due_on = forms.DateField(label="Hạn gửi báo cáo", widget=DateInput)


class ReturnForm(forms.Form):
    comment = forms.CharField(label="Ý kiến trả lại", widget=forms.Textarea(attrs={"rows": 3}))
