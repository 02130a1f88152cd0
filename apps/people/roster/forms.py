from typing import Any

from django import forms

from apps.common.errors import ApplicationError
from apps.people.roster.reader import check_file


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách (.xlsx hoặc .csv)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # Cheap checks now (size, type, zip structure); rows are read by the background job.
        try:
            check_file(upload, upload.name)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from None
        upload.seek(0)
        return upload
