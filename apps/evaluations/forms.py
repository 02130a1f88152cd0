from typing import Any

from django import forms

from apps.directives.forms import date_field
from apps.evaluations.models import EvaluationPeriodKind, RuleSet
from apps.org.models import Unit


class PeriodForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label="Đơn vị mở kỳ đánh giá")
    kind = forms.ModelChoiceField(EvaluationPeriodKind.objects.all(), label="Kỳ đánh giá")
    rule_set = forms.ModelChoiceField(RuleSet.objects.all(), label="Quy định áp dụng")
    title = forms.CharField(label="Tên kỳ đánh giá", max_length=300)
    start = date_field("Từ ngày")
    end = date_field("Đến ngày")
    self_due = date_field("Hạn nộp bản tự đánh giá")

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
