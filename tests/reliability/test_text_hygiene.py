"""The control-character rule on input (issue 16, "text hygiene at the edge"): every form's
text field refuses control characters with a message beside the field; services that read
text outside a form (report narrative, attendance reasons) apply the same rule."""

import pytest
from django import forms
from django.urls import reverse

from apps.common.errors import ApplicationError
from apps.common.text import clean_deep, find_control, strip_control
from apps.people.models import PersonCategory
from apps.plans.services.reports import report_open, report_save
from tests.plans.factories import make_quarter
from tests.rollout.factories import make_rollout


def test_strip_control_keeps_tabs_line_breaks_and_vietnamese():
    assert strip_control("Nguyễn\x07 Văn\tA\r\nB\x00\x1b\x7f\x85") == "Nguyễn Văn\tA\r\nB"
    assert find_control("Đảng bộ xã\n") is None
    assert find_control("a\x0cb") == "\x0c"
    assert clean_deep({"a": ["x\x01", ("y\x02",)]}) == {"a": ["x", ("y",)]}


def test_every_form_text_field_refuses_control_characters():
    class Any(forms.Form):
        name = forms.CharField()
        body = forms.CharField(widget=forms.Textarea)

    form = Any({"name": "Trần\x07 Văn", "body": "dòng 1\r\ndòng 2\tcột"})
    assert not form.is_valid()
    assert "U+0007" in form.errors["name"][0] and "ký tự điều khiển" in form.errors["name"][0]
    assert "body" not in form.errors


def test_person_edit_with_a_control_character_shows_the_field_error_and_saves_nothing(world):
    client = world.client("officer_a")
    response = client.post(
        reverse("person_edit", args=[world.person_a.pk]),
        {
            "full_name": "Nguyễn\x1b Thái Học",
            "gender": "nam",
            "birth_year": "1980",
            "position": "Bí thư",
            "categories": [PersonCategory.objects.get(code="cong-chuc").pk],
        },
    )
    assert response.status_code == 200
    assert "U+001B" in response.content.decode()
    world.person_a.refresh_from_db()
    assert world.person_a.full_name == "Nguyễn Thái Học"


def test_report_narrative_with_a_control_character_is_refused_naming_the_section(world):
    period = make_quarter(make_rollout(world))
    report = report_open(actor=world.users["officer_a"], period=period, unit=world.cell_a1)
    section = report.sections.select_related("section").first()
    with pytest.raises(ApplicationError) as info:
        report_save(
            actor=world.users["officer_a"],
            report=report,
            values={},
            sections={section.section_id: "Kết quả\x07 tốt"},
        )
    assert section.section.title in info.value.message and "U+0007" in info.value.message
    section.refresh_from_db()
    assert section.text == ""
