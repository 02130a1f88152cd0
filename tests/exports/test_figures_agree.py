"""The same figure has the same value on the page, in the .xlsx, the .docx and the PDF.

A commune where only one of its two cells has reported: the table sums the reports received
(7 people to disseminate would be wrong for the commune), so every output says so and shows
the system's own figure for the whole commune beside it — the same numbers everywhere, and the
same as section I of the document.
"""

import io
import re

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.dashboards.reports.builders import lower_keep_numerals
from apps.dashboards.reports.selectors import report_bundle
from apps.dashboards.reports.services import report_render
from apps.plans.services.reports import report_open, report_save
from tests.dashboards.progress_helpers import hold_session, mark_all_present
from tests.exports.test_exports import all_paragraph_texts
from tests.people.factories import PersonFactory
from tests.plans.factories import make_quarter
from tests.rollout.factories import make_rollout


@pytest.fixture
def period(world):
    for i in range(5):
        PersonFactory(full_name=f"Người thứ {i}", unit=world.cell_a2)
    rollout = make_rollout(world, requires_commitment=False)
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1])
    mark_all_present(world, session, world.cell_a1)
    period = make_quarter(rollout)
    report = report_open(actor=None, period=period, unit=world.cell_a1)
    report_save(actor=None, report=report, values={}, submit=True)
    return period


def _system(period, unit):
    c = report_bundle(period=period, unit=unit).consolidation
    return {i.code: v for i, v in zip(c.indicators, c.system_cells, strict=True)}


def test_system_figures_cover_the_whole_subtree_not_only_reports_received(world, period):
    c = report_bundle(period=period, unit=world.commune_a).consolidation
    system = _system(period, world.commune_a)
    codes = [i.code for i in c.indicators]
    reported_required = c.total.cells[codes.index("people_required")]
    # cell A1 (member_a, person_a) reported; the commune has 2 officials and 5 more in A2.
    assert reported_required == 2
    assert system["people_required"] == 9 and system["people_reached"] == 2
    # Connection points of sessions held in the period: the host commune and cell A1.
    assert system["sessions_held"] == 2 and system["violations_found"] is None
    assert c.system_differs


def test_the_same_figures_on_page_xlsx_docx_and_pdf(world, period):
    unit = world.commune_a
    system = _system(period, unit)
    expected = [system["people_required"], system["people_reached"]]

    page = world.client("officer_a").get(
        f"{reverse('report_consolidation', args=[period.pk])}?unit={unit.pk}"
    )
    row = re.search(r'<tr class="system-row">(.*?)</tr>', page.content.decode(), re.S)
    assert row is not None
    cells = re.findall(r'<td class="num system-cell">([^<]*)</td>', row.group(1))
    assert [cells[1], cells[2]] == [str(v) for v in expected]  # in indicator order

    bundle = report_bundle(period=period, unit=unit)
    xlsx = load_workbook(io.BytesIO(report_render(bundle=bundle, fmt="xlsx").content))
    ws = xlsx["Số liệu tổng hợp"]
    last = [c.value for c in ws[ws.max_row]]
    assert last[0].startswith("Số liệu hệ thống")
    assert [last[5], last[6]] == expected

    sentence = (
        f"số người phải quán triệt: {expected[0]}; số người đã được quán triệt: {expected[1]}"
    )
    docx = Document(io.BytesIO(report_render(bundle=bundle, fmt="docx").content))
    texts = all_paragraph_texts(docx)
    assert any(sentence in t for t in texts)
    # Section I says the same: people to disseminate and done in the whole commune.
    assert any(f"có {expected[0]} người phải quán triệt" in t for t in texts)
    assert any(f"đã hoàn thành {expected[1]} người" in t for t in texts)

    pdf = report_render(bundle=bundle, fmt="pdf").content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert sentence in flat
    assert "Bảng trên chỉ cộng số liệu của 1/" in flat


def test_period_names_keep_roman_numerals_upper_case():
    assert lower_keep_numerals("Quý IV năm 2026") == "quý IV năm 2026"
    assert lower_keep_numerals("6 tháng đầu năm") == "6 tháng đầu năm"
    assert lower_keep_numerals("Quý III/2024") == "quý III/2024"
