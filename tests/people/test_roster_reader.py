import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from apps.common.errors import ApplicationError
from apps.people.models import Person
from apps.people.roster.reader import PEOPLE, UNITS, is_mojibake, read_roster
from apps.people.roster.services import roster_import
from apps.people.roster.xlsx import people_xlsx, safe_cell, safe_text, template_xlsx
from tests.people.roster_files import PEOPLE_HEADER, csv_bytes, person, xlsx_bytes


def _refusal(data: bytes, filename: str) -> str:
    with pytest.raises(ApplicationError) as info:
        read_roster(io.BytesIO(data), filename)
    return info.value.message


ROWS = [person("N1", "Nguyễn Thị Đào", "XA-1"), person("N2", "Trần Văn Ẩn", "XA-2")]


# --- layout ---------------------------------------------------------------------------


def test_reader_reads_both_sheets_with_spreadsheet_row_numbers():
    data = xlsx_bytes(units=[["XA-3", "Chi bộ 3", "chi-bo", "XA"]], people=[ROWS[0], [], ROWS[1]])
    book = read_roster(io.BytesIO(data), "a.xlsx")
    assert book.units is not None and book.units.kind == UNITS
    assert book.units.rows == [(2, ("XA-3", "Chi bộ 3", "chi-bo", "XA"))]
    assert book.people is not None and book.people.kind == PEOPLE
    assert [number for number, _values in book.people.rows] == [2, 4]  # empty row 3 skipped
    assert book.people.rows[0][1][:4] == ("N1", "Nguyễn Thị Đào", "Nam", "1985")


def test_reader_matches_headers_without_case_or_diacritics_and_ignores_other_sheets():
    workbook = Workbook()
    workbook.active.title = "Hướng dẫn"
    workbook.active.append(["Điền danh sách vào trang sau"])
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(["MA CAN BO", "ho va ten", "GIOI TINH", "nam sinh", "Ma don vi", "Cột lạ"])
    sheet.append(["N1", "Lê Văn Tám", "Nam", 1980.0, "XA-1", "bỏ qua"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    book = read_roster(io.BytesIO(buffer.getvalue()), "a.xlsx")
    assert book.units is None
    assert book.people is not None
    assert set(book.people.columns) == {"code", "full_name", "gender", "birth_year", "unit"}
    assert book.people.rows == [
        (2, ("N1", "Lê Văn Tám", "Nam", "1980", "", "", "", "XA-1", "", ""))
    ]


def test_reader_keeps_formulas_as_literal_text():
    data = xlsx_bytes(people=[person("F1", '=HYPERLINK("http://evil.example","x")', "XA-1")])
    book = read_roster(io.BytesIO(data), "a.xlsx")
    assert book.people is not None
    assert book.people.rows[0][1][1] == '=HYPERLINK("http://evil.example","x")'


def test_reader_csv_with_and_without_bom():
    for bom in (True, False):
        book = read_roster(io.BytesIO(csv_bytes(PEOPLE_HEADER, ROWS, bom=bom)), "a.csv")
        assert book.people is not None
        assert book.people.columns["code"] == "Mã cán bộ"
        assert [values[1] for _n, values in book.people.rows] == ["Nguyễn Thị Đào", "Trần Văn Ẩn"]


def test_reader_csv_with_semicolons():
    text = ";".join(PEOPLE_HEADER) + "\n" + ";".join(str(v) for v in ROWS[0]) + "\n"
    book = read_roster(io.BytesIO(text.encode()), "a.csv")
    assert book.people is not None
    assert book.people.rows[0][1][1] == "Nguyễn Thị Đào"


# --- refusals -------------------------------------------------------------------------


def test_reader_refuses_mojibake_csv():
    good = csv_bytes(PEOPLE_HEADER, ROWS).decode("utf-8")
    broken = good.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    message = _refusal(broken, "a.csv")
    assert "lỗi phông chữ tiếng Việt" in message
    assert "CSV UTF-8" in message


def test_mojibake_detection_has_no_false_positives_on_real_vietnamese():
    assert is_mojibake("Nguyá»…n VÄƒn TrÃ¡º§n")
    assert is_mojibake("Tráº§n")
    for text in ("Nguyễn Văn Trần", "Đặng Thị Ánh Tuyết", "Hà Nội, Việt Nam", "café – naïve"):
        assert not is_mojibake(text)


def test_reader_refuses_csv_that_is_not_utf8():
    data = "Mã cán bộ,Họ và tên\nN1,Nguyễn Văn A\n".encode("cp1258", errors="replace")
    assert "CSV UTF-8" in _refusal(data, "a.csv")


def test_reader_refuses_xlsx_that_is_not_a_zip():
    message = _refusal(b"Ma can bo,Ho va ten\nN1,A\n", "danh-sach.xlsx")
    assert "không phải tệp nén zip" in message


def test_reader_refuses_files_whose_extension_lies():
    assert "nội dung là tệp Excel" in _refusal(xlsx_bytes(people=ROWS), "danh-sach.csv")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    assert ".xls (Excel 97-2003)" in _refusal(ole, "danh-sach.xlsx")
    assert "Chỉ nhận tệp .xlsx hoặc .csv" in _refusal(b"hello", "danh-sach.txt")


def test_reader_refuses_a_file_over_the_size_limit(settings):
    settings.IMPORT_MAX_BYTES = 1_000
    data = csv_bytes(PEOPLE_HEADER, ROWS * 20)
    assert len(data) > 1_000
    assert "Tệp quá lớn" in _refusal(data, "a.csv")


def _zip_bomb(megabytes: int) -> bytes:
    """A small .xlsx whose sheet inflates to `megabytes` MB of zeros (streamed, low memory)."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(megabytes):
                sheet.write(chunk)
    return buffer.getvalue()


def test_reader_refuses_a_zip_bomb_quickly_in_bounded_memory():
    data = _zip_bomb(110)
    assert len(data) < 2_000_000  # small on disk, 110 MB inflated
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = _refusal(data, "bom.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "bom zip" in message
    assert time.perf_counter() - started < 2
    assert peak < 20 * 1024 * 1024


def test_reader_refuses_a_workbook_inflating_past_the_limit(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 10_000
    data = xlsx_bytes(people=ROWS * 100)
    assert "quá lớn" in _refusal(data, "a.xlsx")


def test_reader_refuses_a_sheet_with_a_dtd():
    data = xlsx_bytes(people=ROWS)
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                content = (
                    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                    b'<!ENTITY b "&a;&a;&a;&a;&a;">]>' + content.split(b"?>", 1)[-1]
                )
            target.writestr(info.filename, content)
    assert "DTD" in _refusal(buffer.getvalue(), "a.xlsx")


def test_reader_refuses_a_corrupt_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not-xml")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "không đọc được" in _refusal(buffer.getvalue(), "a.xlsx")


# --- export escaping --------------------------------------------------------------------


def test_safe_text_prefixes_formula_like_strings():
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_text(value) == "'" + value
    assert safe_text("Nguyễn") == "Nguyễn"
    assert safe_text(1980) == 1980
    assert safe_cell("Nguyễn") == "Nguyễn"


def test_people_xlsx_writes_formulas_as_text_with_frozen_header():
    formula = '=HYPERLINK("http://evil.example","x")'
    buffer = io.BytesIO()
    rows = [
        {
            "code": "F1",
            "full_name": formula,
            "gender": "nu",
            "birth_year": 1990,
            "categories": ["Đảng viên", "Công chức"],
            "position": "@cmd",
            "is_head": True,
            "unit_code": "XA-1",
            "unit_name": "Chi bộ thôn 1",
            "phone": "0912",
            "email": "",
        }
    ]
    people_xlsx(rows, buffer)
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = workbook["Cán bộ"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Mã cán bộ"
    assert sheet["B2"].value == formula and sheet["B2"].data_type == "s"
    assert sheet["B2"].quotePrefix
    assert [c.value for c in sheet[2]][2:7] == ["Nữ", 1990, "Đảng viên, Công chức", "@cmd", "x"]


def test_template_has_two_sheets_frozen_headers_and_examples():
    buffer = io.BytesIO()
    template_xlsx(buffer)
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == ["Đơn vị", "Cán bộ"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == 3
    assert [c.value for c in workbook["Cán bộ"][1]] == PEOPLE_HEADER


def test_exported_formula_reimports_as_the_same_text(world):
    formula = '=HYPERLINK("http://evil.example","x")'
    buffer = io.BytesIO()
    template_xlsx(buffer, units=[], people=[person("F1", formula, "XA-1")])
    roster_import(
        actor=world.users["officer_a"],
        path_or_file=io.BytesIO(buffer.getvalue()),
        filename="a.xlsx",
    )
    assert Person.objects.get(code="F1").full_name == formula


# --- issue 16: UTF-16 message reachable, control characters and NUL bytes -------------


def test_reader_utf16_csv_gets_the_utf16_message_with_or_without_bom():
    text = ",".join(PEOPLE_HEADER) + "\r\nCB1,Nguyễn Văn A,Nam,1980,,,,XA-1,,\r\n"
    for data in (text.encode("utf-16"), text.encode("utf-16-le"), text.encode("utf-16-be")):
        assert "UTF-16" in _refusal(data, "can-bo.csv")


def test_reader_refuses_an_oversized_shared_string_table_before_parsing_it(settings):
    """Issue 16 defect 4: a small file whose shared strings expand past the cap is refused
    from the zip directory alone (the full-size 396 MB case runs in `make reliability`)."""
    settings.IMPORT_MAX_SHARED_STRINGS_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        strings = "".join(f"<si><t>Nguyễn Văn {i:07d}</t></si>" for i in range(60_000))
        archive.writestr("xl/sharedStrings.xml", f"<sst>{strings}</sst>")
    started = time.perf_counter()
    message = _refusal(buffer.getvalue(), "chuoi.xlsx")
    assert "bảng chuỗi dùng chung quá lớn" in message
    assert time.perf_counter() - started < 1


def test_reader_drops_the_cells_of_a_very_wide_row_while_parsing():
    """A row of 300,000 cells is read like a row of sixty (memory stays flat: cells past the
    last column read are dropped as the part streams in; measured in `make reliability`)."""
    cells = "".join(f'<c t="inlineStr"><is><t>{i}</t></is></c>' for i in range(300_000))
    header = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in PEOPLE_HEADER)
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1">{header}</row><row r="2">{cells}</row></sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.title = "Cán bộ"
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = sheet.encode() if item.filename.endswith("sheet1.xml") else source.read(item)
            archive.writestr(item.filename, data)
    started = time.perf_counter()
    book = read_roster(io.BytesIO(out.getvalue()), "rong.xlsx")
    assert book.people is not None and len(book.people.rows) == 1
    assert book.people.rows[0][1][0] == "0"
    assert time.perf_counter() - started < 30
