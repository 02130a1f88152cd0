from django import forms

from apps.common.dates import vn_date_field
from apps.org.models import Unit, UnitKind


class UnitFilterForm(forms.Form):
    q = forms.CharField(label="Tìm đơn vị", required=False)
    kind = forms.ModelChoiceField(
        label="Loại", queryset=UnitKind.objects.all(), required=False, empty_label="Tất cả"
    )


class UnitPickField(forms.CharField):
    """A unit chosen by its code (scope is checked by the service caller)."""

    def clean(self, value: str) -> Unit:
        code = super().clean(value)
        unit = Unit.objects.filter(code=code.strip()).first()
        if unit is None:
            raise forms.ValidationError(f"Không có đơn vị mã “{code}”.")
        return unit


class UnitMoveForm(forms.Form):
    new_parent = UnitPickField(label="Mã đơn vị cấp trên mới")
    date = vn_date_field("Ngày hiệu lực")
    note = forms.CharField(label="Ghi chú", required=False)


class UnitMergeForm(forms.Form):
    target = UnitPickField(label="Mã đơn vị nhận hợp nhất")
    date = vn_date_field("Ngày hiệu lực")
    note = forms.CharField(label="Ghi chú", required=False)


class UnitCloseForm(forms.Form):
    date = vn_date_field("Ngày hiệu lực")
    note = forms.CharField(label="Ghi chú", required=False)


class MembersOnForm(forms.Form):
    """Who belonged to the unit on a given day (from the membership history)."""

    ngay = vn_date_field("Thành viên tại ngày", required=False)
    cap_duoi = forms.BooleanField(label="Gồm cả đơn vị trực thuộc", required=False)
