from django import forms

from apps.inspections.enums import EvidenceKind, SubjectKind, TeamRole
from apps.inspections.models import AppealOutcome, DisciplineForm, InspectionKind, ViolationLevel


class DateInput(forms.DateInput):
    input_type = "date"


def _text(label: str, rows: int = 3, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class ProgrammeForm(forms.Form):
    unit = forms.TypedChoiceField(label="Đơn vị ban hành", coerce=int)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    title = forms.CharField(label="Tên chương trình", max_length=300)
    note = _text("Ghi chú", 2, required=False)


class InspectionForm(forms.Form):
    kind = forms.ModelChoiceField(label="Loại", queryset=InspectionKind.objects.all())
    inspecting_unit = forms.TypedChoiceField(label="Chủ thể kiểm tra, giám sát", coerce=int)
    programme = forms.TypedChoiceField(
        label="Thuộc chương trình", coerce=int, required=False, empty_value=None
    )
    subject_code = forms.CharField(label="Đối tượng (mã tổ chức đảng cấp dưới)", max_length=40)
    title = forms.CharField(label="Tên cuộc kiểm tra, giám sát", max_length=300)
    directive = forms.TypedChoiceField(
        label="Văn bản được kiểm tra", coerce=int, required=False, empty_value=None
    )
    criteria = forms.TypedMultipleChoiceField(
        label="Điều cần làm, cần tránh",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    key_tasks = forms.TypedMultipleChoiceField(
        label="Nhiệm vụ trọng tâm", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    target_codes = forms.CharField(
        label="Đảng viên được kiểm tra (mã cán bộ, cách nhau bởi dấu phẩy)",
        required=False,
        max_length=500,
    )
    content = _text("Nội dung", 3, required=False)
    period_start = forms.DateField(
        label="Mốc thời gian kiểm tra từ", widget=DateInput, required=False
    )
    period_end = forms.DateField(label="đến", widget=DateInput, required=False)
    starts_on = forms.DateField(label="Thời gian tiến hành từ", widget=DateInput)
    ends_on = forms.DateField(label="đến", widget=DateInput)
    origin_note = forms.CharField(
        label="Nguồn dấu hiệu vi phạm (khi kiểm tra có dấu hiệu vi phạm)",
        required=False,
        max_length=300,
    )


class TeamForm(forms.Form):
    person_code = forms.CharField(label="Mã cán bộ", max_length=40)
    role = forms.ChoiceField(label="Nhiệm vụ trong đoàn", choices=TeamRole.choices)


class DecideForm(forms.Form):
    number = forms.CharField(label="Số quyết định", max_length=40)
    date = forms.DateField(label="Ngày quyết định", widget=DateInput)


class SelfReportRequestForm(forms.Form):
    due = forms.DateField(label="Hạn gửi báo cáo tự kiểm tra", widget=DateInput)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=EvidenceKind.choices)
    title = forms.CharField(label="Tên", max_length=200)
    text = _text("Nội dung (ghi chép, biên bản)", 3, required=False)
    file = forms.FileField(label="Tệp (.pdf, .docx, .xlsx, ảnh)", required=False)


class DraftForm(forms.Form):
    text = _text("Dự thảo báo cáo kết quả kiểm tra", 6)
    response_due = forms.DateField(label="Hạn đối tượng cho ý kiến", widget=DateInput)


class FindingForm(forms.Form):
    target = forms.ChoiceField(label="Gắn với")
    unit = forms.TypedChoiceField(label="Đơn vị", coerce=int)
    level = forms.ModelChoiceField(
        label="Mức độ", queryset=ViolationLevel.objects.all(), empty_label=None
    )
    text = _text("Nội dung phát hiện", 3)
    people_codes = forms.CharField(
        label="Cá nhân liên quan (mã cán bộ, cách nhau bởi dấu phẩy)", required=False
    )


class RecommendationForm(forms.Form):
    text = _text("Nội dung kiến nghị, yêu cầu khắc phục", 3)
    unit = forms.TypedChoiceField(label="Đơn vị thực hiện", coerce=int)
    finding = forms.TypedChoiceField(
        label="Về phát hiện", coerce=int, required=False, empty_value=None
    )
    deadline = forms.DateField(label="Thời hạn khắc phục", widget=DateInput)


class ConclusionForm(forms.Form):
    strengths = _text("Ưu điểm", 3, required=False)
    shortcomings = _text("Hạn chế, khuyết điểm", 3, required=False)
    violations = _text("Vi phạm", 3, required=False)
    causes = _text("Nguyên nhân", 2, required=False)
    responsibility = _text("Trách nhiệm", 2, required=False)
    number = forms.CharField(label="Số thông báo kết luận", max_length=40, required=False)
    date = forms.DateField(label="Ngày kết luận", widget=DateInput)


class FollowUpDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Quyết định", choices=[("verify", "Xác nhận hoàn thành"), ("waive", "Miễn thực hiện")]
    )
    note = _text("Ý kiến / lý do miễn", 2, required=False)


class SelfReportForm(forms.Form):
    text = _text("Nội dung báo cáo tự kiểm tra", 6, required=False)
    file = forms.FileField(label="Hoặc tệp báo cáo (.pdf, .docx)", required=False)


class ResponseForm(forms.Form):
    text = _text("Ý kiến của đơn vị về dự thảo kết luận", 5)


# --- discipline ------------------------------------------------------------------------------


class CaseForm(forms.Form):
    handling_unit = forms.TypedChoiceField(label="Tổ chức đảng xem xét", coerce=int)
    subject_kind = forms.ChoiceField(label="Đối tượng", choices=SubjectKind.choices)
    subject_code = forms.CharField(
        label="Mã tổ chức đảng (đối tượng là tổ chức) hoặc mã đảng viên", max_length=40
    )
    subject_has_post = forms.BooleanField(label="Đảng viên có chức vụ", required=False)
    summary = _text("Nội dung vi phạm", 4)


class NoticeForm(forms.Form):
    text = _text("Nội dung thông báo cho đối tượng", 3)
    on = forms.DateField(label="Ngày thông báo", widget=DateInput)
    response_due = forms.DateField(label="Hạn kiểm điểm, giải trình", widget=DateInput)


class CaseResponseForm(forms.Form):
    text = _text("Bản kiểm điểm, giải trình của đối tượng", 4)
    on = forms.DateField(label="Ngày nhận", widget=DateInput)


class MeetingForm(forms.Form):
    on = forms.DateField(label="Ngày họp", widget=DateInput)
    members_total = forms.IntegerField(label="Số thành viên có quyền biểu quyết", min_value=1)
    votes_for = forms.IntegerField(label="Tán thành", min_value=0)
    votes_against = forms.IntegerField(label="Không tán thành", min_value=0)
    votes_abstain = forms.IntegerField(label="Không biểu quyết", min_value=0)
    proposed_form = forms.ModelChoiceField(
        label="Hình thức được biểu quyết", queryset=DisciplineForm.objects.all()
    )


class DecisionForm(forms.Form):
    form = forms.ModelChoiceField(label="Hình thức kỷ luật", queryset=DisciplineForm.objects.all())
    number = forms.CharField(label="Số quyết định", max_length=40)
    decided_on = forms.DateField(label="Ngày quyết định", widget=DateInput)
    effective_on = forms.DateField(label="Ngày có hiệu lực", widget=DateInput)
    deciding_body = forms.CharField(label="Tổ chức đảng ra quyết định", max_length=200)
    has_authority = forms.BooleanField(label="Đúng thẩm quyền", required=False)
    authority_basis = forms.CharField(label="Căn cứ thẩm quyền", max_length=300, required=False)


class AppealForm(forms.Form):
    text = _text("Nội dung khiếu nại", 3)
    on = forms.DateField(label="Ngày nhận khiếu nại", widget=DateInput)


class AppealDecisionForm(forms.Form):
    outcome = forms.ModelChoiceField(
        label="Kết quả",
        queryset=AppealOutcome.objects.order_by("order"),
        to_field_name="code",
        empty_label=None,
        error_messages={"required": "Kết quả giải quyết khiếu nại: cần chọn một kết quả."},
    )
    on = forms.DateField(label="Ngày giải quyết", widget=DateInput)
    new_form = forms.ModelChoiceField(
        label="Hình thức mới (nếu thay đổi)",
        queryset=DisciplineForm.objects.all(),
        required=False,
    )


class ExecuteForm(forms.Form):
    on = forms.DateField(label="Ngày thi hành", widget=DateInput)


class DismissForm(forms.Form):
    note = _text("Lý do kết thúc, không thi hành kỷ luật", 2)
