from django import forms

from apps.people.enums import Gender
from apps.people.models import PersonCategory


class PersonFilterForm(forms.Form):
    q = forms.CharField(label="Họ tên hoặc mã", required=False)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    category = forms.ModelChoiceField(
        label="Đối tượng",
        queryset=PersonCategory.objects.all(),
        required=False,
        empty_label="Tất cả",
    )
    head = forms.ChoiceField(
        label="Người đứng đầu",
        required=False,
        choices=[("", "Tất cả"), ("1", "Chỉ người đứng đầu"), ("0", "Không phải")],
    )


class PersonForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices)
    birth_year = forms.IntegerField(label="Năm sinh", min_value=1900, max_value=2100)
    categories = forms.ModelMultipleChoiceField(
        label="Đối tượng",
        queryset=PersonCategory.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    position = forms.CharField(label="Chức vụ", max_length=200, required=False)
    is_head = forms.BooleanField(label="Người đứng đầu", required=False)
    phone = forms.CharField(label="Điện thoại", max_length=20, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
