"""The report form keeps everything typed after an error and asks before sending empty
sections."""

import html

import pytest
from django.urls import reverse

from apps.plans.enums import ReportStatus
from apps.plans.models import Report
from tests.plans.factories import make_quarter
from tests.rollout.factories import make_rollout

TEXTS = [
    "Đã quán triệt đến 100% chi bộ; <b>không</b> bỏ sót ai.",
    "Một số đảng viên đi làm ăn xa\nchưa dự được hội nghị.",
    "Tổ chức học bù trong tháng 12.",
    "Đề nghị cấp trên gửi thêm tài liệu.",
]


@pytest.fixture
def period(world):
    return make_quarter(make_rollout(world))


def _url(period, unit):
    return reverse("report_edit", args=[period.pk, unit.pk])


def _fields(client, period, unit):
    client.get(_url(period, unit))
    report = Report.objects.get(period=period, unit=unit)
    values = {v.indicator.code: v.indicator_id for v in report.values.select_related("indicator")}
    sections = [s.section_id for s in report.sections.order_by("section__order")]
    return report, values, sections


def test_a_number_error_keeps_every_typed_section_and_figure(world, period):
    client = world.client("officer_a")
    report, values, sections = _fields(client, period, world.commune_a)
    data = {f"section_{pk}": text for pk, text in zip(sections, TEXTS, strict=True)}
    data[f"value_{values['violations_found']}"] = "hai"
    data[f"value_{values['people_commended']}"] = "1.200"
    data["submit"] = "1"
    response = client.post(_url(period, world.commune_a), data)
    assert response.status_code == 400
    page = response.content.decode()
    for text in TEXTS:
        assert html.escape(text) in page  # escaped, and all there
    assert 'value="hai"' in page and 'value="1.200"' in page
    assert "không phải là số nguyên" in page and 'role="alert"' in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert not any(s.text for s in report.sections.all())  # nothing half-saved


def test_sending_with_empty_sections_asks_first_and_keeps_the_rest(world, period):
    client = world.client("officer_a")
    report, values, sections = _fields(client, period, world.commune_a)
    data = {f"section_{sections[0]}": TEXTS[0], "submit": "1"}
    response = client.post(_url(period, world.commune_a), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Các phần sau còn trống" in page and "Kiến nghị, đề xuất" in page
    assert html.escape(TEXTS[0]) in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    response = client.post(_url(period, world.commune_a), {**data, "empty_ok": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_saving_a_draft_with_empty_sections_does_not_ask(world, period):
    client = world.client("officer_a")
    report, _, _ = _fields(client, period, world.commune_a)
    response = client.post(_url(period, world.commune_a), {"save": "1"})
    assert response.status_code == 302
