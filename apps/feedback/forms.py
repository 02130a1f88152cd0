"""Forms of the public pages and of the handler's actions (they only parse; services decide)."""

from typing import Any

from django import forms

from apps.common.dates import vn_date_field
from apps.directives.models import ConductCriterion
from apps.feedback.enums import FollowUpKind
from apps.feedback.models import FeedbackOutcome
from apps.people.models import Person
from apps.rollout.models import Rollout

OTHER = "khac"


class SearchForm(forms.Form):
    q = forms.CharField(label="Tên đơn vị, xã, phường", max_length=100, required=False)


class FeedbackForm(forms.Form):
    official_name = forms.CharField(
        label="Họ tên cán bộ (nếu biết)", max_length=200, required=False
    )
    official_position = forms.CharField(label="Chức vụ (nếu biết)", max_length=200, required=False)
    criterion = forms.ChoiceField(label="Nội dung phản ánh", widget=forms.RadioSelect)
    description = forms.CharField(
        label="Mô tả sự việc", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    anonymous = forms.BooleanField(label="Gửi ẩn danh (không ghi họ tên, liên hệ)", required=False)
    sender_name = forms.CharField(label="Họ tên của bạn", max_length=200, required=False)
    sender_contact = forms.CharField(
        label="Số điện thoại hoặc địa chỉ liên hệ", max_length=200, required=False
    )
    sender_email = forms.EmailField(label="E-mail nhận mã theo dõi và kết quả", required=False)
    consent = forms.BooleanField(
        label=(
            "Tôi đồng ý để cơ quan xử lý phản ánh thu thập và xử lý dữ liệu cá nhân tôi cung cấp "
            "trong phản ánh này, chỉ cho mục đích xử lý và trả lời phản ánh, theo Nghị định "
            "13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân."
        ),
        required=True,
        error_messages={"required": "Cần đánh dấu đồng ý thì phản ánh mới được gửi."},
    )
    challenge_token = forms.CharField(widget=forms.HiddenInput, required=False)
    challenge_answer = forms.CharField(label="Trả lời câu hỏi", max_length=20, required=False)

    def __init__(self, *args: Any, criteria: list[ConductCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = {str(c.pk): c for c in criteria}
        choices = [(str(c.pk), f"{c.get_polarity_display()}: {c.text}") for c in criteria]
        self.fields["criterion"].choices = [*choices, (OTHER, "Khác")]  # type: ignore[attr-defined]
        self.fields["criterion"].error_messages["required"] = "Cần chọn nội dung phản ánh."
        self.fields["description"].error_messages["required"] = "Cần mô tả sự việc."

    def criterion_object(self) -> ConductCriterion | None:
        return self.criteria.get(self.cleaned_data["criterion"])


class StatusForm(forms.Form):
    code = forms.CharField(label="Mã theo dõi", max_length=30)


class AcceptForm(forms.Form):
    pass


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Lý do không thụ lý (trả lời công khai)", widget=forms.Textarea(attrs={"rows": 3})
    )


class ModerateForm(forms.Form):
    description_moderated = forms.CharField(
        label="Nội dung đã biên tập (đơn vị và lãnh đạo chỉ thấy bản này)",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ExplainForm(forms.Form):
    text = forms.CharField(
        label="Nội dung yêu cầu giải trình", widget=forms.Textarea(attrs={"rows": 3})
    )
    due = forms.DateField(
        label="Hạn giải trình", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ConcludeForm(forms.Form):
    outcome = forms.ModelChoiceField(
        label="Kết quả",
        queryset=FeedbackOutcome.objects.order_by("order"),
        to_field_name="code",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Kết quả xử lý: cần chọn một kết quả.",
            "invalid_choice": "Kết quả xử lý: cần chọn một kết quả trong danh sách.",
        },
    )
    conclusion = forms.CharField(
        label="Kết luận (nội bộ)", widget=forms.Textarea(attrs={"rows": 4})
    )
    transferred_to = forms.CharField(
        label="Chuyển đến (khi không thuộc thẩm quyền)", max_length=255, required=False
    )


class PublishForm(forms.Form):
    answer = forms.CharField(
        label="Trả lời người phản ánh", widget=forms.Textarea(attrs={"rows": 4})
    )
    answer_public = forms.CharField(
        label="Bản công khai (để trống: tự ẩn thông tin cá nhân, từ ngữ xúc phạm)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class IdentifyForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Cán bộ được phản ánh", queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class TaskForm(forms.Form):
    rollout = forms.ModelChoiceField(label="Đợt triển khai", queryset=Rollout.objects.none())
    title = forms.CharField(label="Nhiệm vụ giao đơn vị", max_length=300)
    deadline = forms.DateField(label="Thời hạn", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, rollouts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rollout"].queryset = rollouts  # type: ignore[attr-defined]


class InspectionOpenForm(forms.Form):
    title = forms.CharField(label="Tên cuộc kiểm tra", max_length=300)
    starts_on = vn_date_field("Thời gian tiến hành từ")
    ends_on = vn_date_field("Thời gian tiến hành đến")
    note = forms.CharField(
        label="Nội dung kiểm tra", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class RecordForm(forms.Form):
    kind = forms.ChoiceField(
        label="Đề xuất",
        choices=[(FollowUpKind.DISCIPLINE.value, FollowUpKind.DISCIPLINE.label)],
    )
    note = forms.CharField(
        label="Ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ExplanationAnswerForm(forms.Form):
    text = forms.CharField(label="Nội dung giải trình", widget=forms.Textarea(attrs={"rows": 6}))
