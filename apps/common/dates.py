"""Date and date-time form fields typed as the app shows them: dd/mm/yyyy (and hh:mm).

`<input type="date">` and `datetime-local` display and expect the BROWSER's locale (mm/dd/yyyy
on an English Chromium) while every page shows dd/mm/yyyy: the same day was written two ways
on one screen. These are plain text inputs with the Vietnamese format, a placeholder saying it,
and the ISO forms still accepted (links, scripts, older tests).
"""

from typing import Any

from django import forms

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %Hh%M",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
]
DATE_ERROR = "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/05/2024."
DATETIME_ERROR = "Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 31/05/2024 08:00."


class VnDateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class VnDateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y %H:%M")


def vn_date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=VnDateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_ERROR},
        **kwargs,
    )


def vn_datetime_field(label: str, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=VnDateTimeInput(),
        input_formats=DATETIME_INPUT_FORMATS,
        error_messages={"invalid": DATETIME_ERROR},
        **kwargs,
    )
