"""Forms of the session, attendance and member self-service screens (parsing only)."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from apps.common.dates import vn_datetime_field
from apps.common.text import find_control
from apps.directives.models import ConductCriterion, QuizQuestion
from apps.org.models import Unit
from apps.people.models import Person
from apps.rollout.enums import AttendanceStatus, SessionMode
from apps.rollout.services.sessions import PointSpec


class SessionForm(forms.Form):
    title = forms.CharField(label="Tên hội nghị", max_length=300)
    starts_at = vn_datetime_field("Bắt đầu")
    ends_at = vn_datetime_field("Kết thúc")
    place = forms.CharField(label="Địa điểm (điểm cầu chính)", max_length=300)
    mode = forms.ChoiceField(
        label="Hình thức", choices=SessionMode.choices, widget=forms.RadioSelect
    )
    chair = forms.ModelChoiceField(
        label="Chủ trì",
        queryset=Person.objects.none(),
        required=False,
        empty_label="— chưa chọn —",
    )

    def __init__(self, *args: Any, chairs: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs  # type: ignore[attr-defined]
        self.fields["chair"].label_from_instance = (  # type: ignore[attr-defined]
            lambda p: f"{p.full_name} — {p.position}" if p.position else p.full_name
        )


class PointForm(forms.Form):
    """One connection point: a unit (by its code, from a pick list) and its own place."""

    unit_code = forms.CharField(label="Mã đơn vị", max_length=40, required=False)
    place = forms.CharField(label="Địa điểm điểm cầu", max_length=300, required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = (data.get("unit_code") or "").strip()
        place = (data.get("place") or "").strip()
        data["spec"] = None
        if not code and not place:
            return data
        if not code:
            self.add_error("unit_code", "Hãy chọn đơn vị của điểm cầu.")
            return data
        # A code typed or picked as "CODE — name": the code is the first word.
        code = code.split(" — ")[0].strip()
        unit = self.units.filter(code__iexact=code).first() if self.units is not None else None
        if unit is None:
            self.add_error(
                "unit_code", f"Không tìm thấy đơn vị có mã “{code}” trong phạm vi của bạn."
            )
            return data
        if not place:
            self.add_error("place", f"Hãy ghi địa điểm của điểm cầu {unit.name}.")
            return data
        data["spec"] = PointSpec(unit=unit, place=place)
        return data


class BasePointFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        self.units = units
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "units": self.units}

    def specs(self) -> list[PointSpec]:
        return [f.cleaned_data["spec"] for f in self.forms if f.cleaned_data.get("spec")]


PointFormSet: type[BasePointFormSet] = forms.formset_factory(  # type: ignore[assignment]
    PointForm, formset=BasePointFormSet, extra=0, max_num=500, absolute_max=500
)


class CheckinForm(forms.Form):
    ma = forms.CharField(
        label="Mã điểm danh",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "class": "code-input"}
        ),
    )


def parse_marks(data: Any) -> tuple[dict[int, tuple[str, str]], list[str]]:
    """Reads the rows of the marking page: `s_<participant id>` status, `r_<id>` reason.

    Rows left "not marked" are skipped. Returns the marks and the malformed field names.
    """
    marks: dict[int, tuple[str, str]] = {}
    bad: list[str] = []
    for key in data:
        if not key.startswith("s_"):
            continue
        raw = key[2:]
        status = (data.get(key) or "").strip()
        if not raw.isdigit():
            bad.append(key)
            continue
        if not status:
            continue
        reason = (data.get(f"r_{raw}") or "").strip()[:300]
        if find_control(reason) is not None:  # the control-character rule (apps.common.text)
            bad.append(f"r_{raw}")
            continue
        marks[int(raw)] = (status, reason)
    return marks, bad


MARK_CHOICES = [("", "Chưa điểm danh"), *AttendanceStatus.choices]


class QuizForm(forms.Form):
    """One radio group per question of the directive's quiz."""

    def __init__(self, *args: Any, questions: list[QuizQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, question in enumerate(questions, start=1):
            self.fields[f"q_{question.pk}"] = forms.TypedChoiceField(
                label=f"Câu {number}. {question.text}",
                choices=[(c.pk, c.text) for c in question.choices.all()],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[int, int]:
        return {
            int(name[2:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_") and value not in (None, "")
        }


class CommitmentForm(forms.Form):
    confirmed = forms.TypedMultipleChoiceField(
        label="Tôi cam kết",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, criteria: list[ConductCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].choices = [(c.pk, c.text) for c in criteria]  # type: ignore[attr-defined]

    @property
    def checked(self) -> set[int]:
        """The criteria ticked in the submitted form (kept when it is shown again)."""
        if not self.is_bound:
            return set()
        values = self.data.getlist("confirmed") if hasattr(self.data, "getlist") else []
        return {int(v) for v in values if str(v).isdigit()}
