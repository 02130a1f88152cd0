"""The Party-layout documents and the .xlsx table."""

import io

from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from apps.inspections.enums import InspectionStatus as S
from apps.inspections.models import DisciplineAccessLog
from tests.inspections.factories import make_case, make_inspection


def _texts(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def test_decision_and_conclusion_notice_in_the_party_layout(world):
    inspection = make_inspection(world, world.commune_a, status=S.CONCLUDED)
    client = world.client("inspector")
    decision = _texts(
        client.get(reverse("export_inspection_decision", args=[inspection.pk])).content
    )
    for part in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ỦY BAN KIỂM TRA",
        "QUYẾT ĐỊNH",
        "Quy định số 296-QĐ/TW",
        "Điều 1.",
        "Điều 2.",
        "Trưởng đoàn".lower(),
        "T/M ỦY BAN KIỂM TRA",
    ):
        assert part in decision, part
    notice = _texts(
        client.get(reverse("export_inspection_conclusion", args=[inspection.pk])).content
    )
    for part in (
        "THÔNG BÁO KẾT LUẬN",
        "Ưu điểm",
        "Hạn chế, khuyết điểm",
        "Kiến nghị",
        "Tổ chức kiểm điểm, rút kinh nghiệm",
    ):
        assert part in notice, part
    # The commune's leader reads the published notice too.
    assert (
        world.client("leader_a")
        .get(reverse("export_inspection_conclusion", args=[inspection.pk]))
        .status_code
        == 200
    )


def test_discipline_decision_document_and_its_read_is_logged(world):
    case = make_case(world, status="decided")
    response = world.client("inspector").get(reverse("export_discipline_decision", args=[case.pk]))
    text = _texts(response.content)
    for part in (
        "QUYẾT ĐỊNH",
        "KHIỂN TRÁCH",
        "Quy định số 69-QĐ/TW",
        "một tháng",
        "Nguyễn Thái Học",
    ):
        assert part in text, part
    assert DisciplineAccessLog.objects.filter(case=case, purpose="tải quyết định").count() == 1


def test_inspections_table_as_xlsx(world):
    make_inspection(world, world.commune_a, status=S.DECIDED)
    response = world.client("inspector").get(reverse("export_inspections_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Cuộc kiểm tra, giám sát"
    assert sheet["D3"].value == "Đảng bộ xã An Bình"
    assert sheet["F3"].number_format == "DD/MM/YYYY"
