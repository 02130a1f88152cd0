"""The directive text parser and file readers (no database)."""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import pytest

from apps.directives.ingest import DirectiveDraft, IngestError, parse_text, read_file
from apps.directives.ingest.evaluate import evaluate_dir
from apps.directives.ingest.parser import MAX_TEXT_BYTES, parse_date
from apps.directives.ingest.readers import decode_text

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"
SAMPLE = (DATA / "01.txt").read_text(encoding="utf-8")
KEYS = [
    "kind",
    "number",
    "symbol",
    "issuer",
    "issued_date",
    "dos",
    "donts",
    "key_tasks",
    "deadlines",
    "people",
]


@pytest.fixture(scope="module")
def sample() -> DirectiveDraft:
    return parse_text(SAMPLE)


# --------------------------------------------------------------------------- the sample


def test_parse_sample_finds_directive_34_of_lam_dong_standing_committee(
    sample: DirectiveDraft,
) -> None:
    assert sample.kind == "Chỉ thị"
    assert sample.number == "34"
    assert sample.symbol is None
    assert sample.issuer == "Ban Thường vụ Tỉnh ủy Lâm Đồng"
    assert sample.issued_date == date(2024, 4, 20)


def test_parse_sample_splits_three_dos_and_four_donts_as_written(sample: DirectiveDraft) -> None:
    assert sample.dos == [
        "nói đi đôi với làm, làm điều đúng vì lợi ích chung",
        "làm hết trách nhiệm, quyết tâm cao, tư duy đổi mới",
        "làm mang lại hiệu quả cao nhất, chất lượng tốt nhất",
    ]
    assert sample.donts == [
        "tránh làm sai, làm trái, tư lợi cá nhân",
        "tránh đùn đẩy, né tránh, sợ trách nhiệm",
        "tránh làm việc qua loa, đại khái, không mang lại hiệu quả",
        "tránh an phận thủ thường, dĩ hòa vi quý",
    ]


def test_parse_sample_finds_end_of_may_deadline_with_its_sentence(sample: DirectiveDraft) -> None:
    assert [(d.date, d.text) for d in sample.deadlines] == [
        (date(2024, 5, 31), "Thời gian hoàn thành việc quán triệt, học tập trong tháng 5.2024.")
    ]


def test_parse_sample_finds_people_with_positions(sample: DirectiveDraft) -> None:
    assert [(p.name, p.position) for p in sample.people] == [
        ("Nguyễn Thái Học", "Quyền Bí thư Tỉnh ủy"),
        (
            "Trần Đình Văn",
            "Phó Bí thư Thường trực Tỉnh ủy, Trưởng đoàn đại biểu Quốc hội tỉnh",
        ),
        ("Bùi Thắng", "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Tỉnh ủy"),
    ]


def test_parse_keeps_source_sentences_for_fields_and_items(sample: DirectiveDraft) -> None:
    assert "Chỉ thị số 34" in sample.sources["number"]
    assert "20.4.2024" in sample.sources["issued_date"]
    assert "Lâm Đồng" in sample.sources["issuer"] or "Tỉnh ủy" in sample.sources["issuer"]
    assert len(sample.item_sources["dos"]) == 3
    assert all(s.startswith("Cụ thể: 3 điều cần làm") for s in sample.item_sources["dos"])
    assert all(s.startswith("4 điều cần tránh") for s in sample.item_sources["donts"])
    assert sample.item_sources["deadlines"] == [sample.deadlines[0].text]


def test_draft_json_has_exactly_the_documented_keys(sample: DirectiveDraft) -> None:
    data = sample.to_json()
    assert list(data) == KEYS
    assert data["issued_date"] == "2024-04-20"
    assert data["deadlines"] == [
        {
            "date": "2024-05-31",
            "text": "Thời gian hoàn thành việc quán triệt, học tập trong tháng 5.2024.",
        }
    ]
    assert data["people"][0] == {"name": "Nguyễn Thái Học", "position": "Quyền Bí thư Tỉnh ủy"}
    json.dumps(data, ensure_ascii=False)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text",
    ["ngày 20.4.2024", "20/4/2024", "ngày 20 tháng 4 năm 2024", "20-4-2024", "20/04/2024"],
)
def test_parse_date_reads_each_vietnamese_form(text: str) -> None:
    assert parse_date(text) == date(2024, 4, 20)


def test_parse_date_rejects_impossible_dates() -> None:
    assert parse_date("ngày 31/2/2024") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Chỉ thị số 34-CT/TU ngày 20.4.2024 của Ban Thường vụ Tỉnh ủy Lâm Đồng.",
        "Chỉ thị số 34-CT/TU ngày 20/4/2024 của Ban Thường vụ Tỉnh ủy Lâm Đồng.",
        "Chỉ thị số 34-CT/TU ngày 20 tháng 4 năm 2024 của Ban Thường vụ Tỉnh ủy Lâm Đồng.",
        "Chỉ thị số 34-CT/TU ngày 20-4-2024 của Ban Thường vụ Tỉnh ủy Lâm Đồng.",
        "Ngày 20-4-2024, Ban Thường vụ Tỉnh ủy Lâm Đồng ban hành Chỉ thị số 34-CT/TU.",
    ],
)
def test_parse_reads_issue_date_in_every_form(sentence: str) -> None:
    draft = parse_text(sentence)
    assert (draft.kind, draft.number, draft.symbol) == ("Chỉ thị", "34", "34-CT/TU")
    assert draft.issuer == "Ban Thường vụ Tỉnh ủy Lâm Đồng"
    assert draft.issued_date == date(2024, 4, 20)


def test_parse_reads_dotted_issue_date() -> None:
    draft = parse_text("Quán triệt Chỉ thị số 34 ngày 20.4.2024 của Ban Thường vụ Tỉnh ủy.")
    assert draft.issued_date == date(2024, 4, 20)


def test_parse_reads_header_of_original_document() -> None:
    text = (
        "ĐẢNG BỘ TỈNH LÂM ĐỒNG\nTỈNH ỦY\n*\nSố 34-CT/TU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Lâm Đồng, ngày 20 tháng 4 năm 2024\n\nCHỈ THỊ\nCỦA BAN THƯỜNG VỤ TỈNH ỦY\n"
        "về phát huy tinh thần trách nhiệm\n\nThực hiện Kết luận số 21-KL/TW, Ban Thường vụ "
        "Tỉnh ủy yêu cầu …\n"
    )
    draft = parse_text(text)
    assert (draft.kind, draft.number, draft.symbol) == ("Chỉ thị", "34", "34-CT/TU")
    assert draft.issuer == "Ban Thường vụ Tỉnh ủy Lâm Đồng"
    assert draft.issued_date == date(2024, 4, 20)


# --------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Hoàn thành việc quán triệt trong tháng 5.2024.", date(2024, 5, 31)),
        ("Hoàn thành việc quán triệt trong tháng 2/2024.", date(2024, 2, 29)),
        ("Các đơn vị gửi báo cáo trước ngày 30/6/2024.", date(2024, 6, 30)),
        ("Xây dựng chương trình hành động, hoàn thành trong quý III/2024.", date(2024, 9, 30)),
        ("Thời gian hoàn thành: Quý II/2024.", date(2024, 6, 30)),
        ("Phấn đấu hoàn thành trong 6 tháng đầu năm 2025.", date(2025, 6, 30)),
        ("Sơ kết việc thực hiện vào cuối năm 2024.", date(2024, 12, 31)),
        ("Cấp tỉnh hoàn thành chậm nhất ngày 31/7/2024.", date(2024, 7, 31)),
    ],
)
def test_parse_reads_each_deadline_form(sentence: str, expected: date) -> None:
    draft = parse_text(f"Chỉ thị số 34-CT/TU của Ban Thường vụ Tỉnh ủy.\n{sentence}")
    assert [d.date for d in draft.deadlines] == [expected]
    assert draft.deadlines[0].text == sentence


def test_parse_ignores_goal_years_and_reporting_periods_as_deadlines() -> None:
    draft = parse_text(
        "Nghị quyết số 57-NQ/TW của Bộ Chính trị.\n"
        "Mục tiêu đến năm 2030, kinh tế số đạt 30% GDP.\n"
        "Báo cáo sơ kết 6 tháng đầu năm 2024 gửi trước ngày 15/7/2024."
    )
    assert [d.date for d in draft.deadlines] == [date(2024, 7, 15)]


# --------------------------------------------------------------------------- lists


def test_parse_reads_five_no_list_with_lettered_lines() -> None:
    text = (
        "Chỉ thị số 05/CT-BYT của Bộ Y tế.\n"
        "Cán bộ thực hiện “5 không” trong ứng xử, cụ thể là:\n"
        "a) Không gây phiền hà người bệnh;\nb) Không nhận phong bì;\n"
        "c) Không thờ ơ, vô cảm;\nd) Không để người bệnh chờ lâu;\n"
        "đ) Không sử dụng rượu, bia trong giờ làm việc.\n"
    )
    draft = parse_text(text)
    assert draft.dos == []
    assert draft.donts == [
        "Không gây phiền hà người bệnh",
        "Không nhận phong bì",
        "Không thờ ơ, vô cảm",
        "Không để người bệnh chờ lâu",
        "Không sử dụng rượu, bia trong giờ làm việc",
    ]
    assert draft.issuer == "Bộ Y tế"


def test_parse_reads_three_pioneers_and_comma_list_of_three_dares() -> None:
    draft = parse_text(
        "Chỉ thị 23-CT/TU yêu cầu thực hiện “3 tiên phong”, là: tiên phong đổi mới tư duy; "
        "tiên phong thực hiện nhiệm vụ; tiên phong xây dựng khối đoàn kết. Người đứng đầu "
        "thực hiện “3 dám”, đó là: dám nghĩ, dám làm, dám chịu trách nhiệm."
    )
    assert draft.dos == [
        "tiên phong đổi mới tư duy",
        "tiên phong thực hiện nhiệm vụ",
        "tiên phong xây dựng khối đoàn kết",
        "dám nghĩ",
        "dám làm",
        "dám chịu trách nhiệm",
    ]


def test_parse_reads_numbered_inline_donts() -> None:
    draft = parse_text(
        "Kết luận số 21-KL/TW nêu 4 điều không được làm, gồm: (1) không trục lợi; "
        "(2) không bao che sai phạm; (3) không nói trái; (4) không đùn đẩy trách nhiệm."
    )
    assert draft.donts == [
        "không trục lợi",
        "không bao che sai phạm",
        "không nói trái",
        "không đùn đẩy trách nhiệm",
    ]


def test_parse_reads_numbered_key_tasks_and_skips_sub_lists() -> None:
    draft = parse_text((DATA / "02.txt").read_text(encoding="utf-8"))
    assert len(draft.key_tasks) == 5
    assert draft.key_tasks[0].startswith("Tiếp tục triển khai thực hiện nghiêm Kết luận")
    assert len(draft.dos) == 3
    assert len(draft.donts) == 4
    assert [(p.name, p.position) for p in draft.people] == [("Nguyễn Thái Học", "Quyền Bí thư")]


def test_parse_reads_inline_key_tasks_after_la() -> None:
    draft = parse_text(
        "Chỉ thị số 20/CT-TTg yêu cầu tập trung thực hiện 3 nhiệm vụ trọng tâm là: rà soát "
        "quy định; đẩy mạnh phân cấp, phân quyền; tăng cường thanh tra, kiểm tra."
    )
    assert draft.key_tasks == [
        "rà soát quy định",
        "đẩy mạnh phân cấp, phân quyền",
        "tăng cường thanh tra, kiểm tra",
    ]


def test_parse_prefers_the_issued_document_over_the_one_it_implements() -> None:
    draft = parse_text(
        "Ngày 15-3-2025, UBND tỉnh Đồng Nai ban hành Kế hoạch số 112/KH-UBND về thực hiện "
        "Nghị quyết số 57-NQ/TW ngày 22-12-2024 của Bộ Chính trị."
    )
    assert (draft.kind, draft.symbol) == ("Kế hoạch", "112/KH-UBND")
    assert draft.issuer == "Ủy ban nhân dân tỉnh Đồng Nai"
    assert draft.issued_date == date(2025, 3, 15)


# --------------------------------------------------------------------------- evaluation


def test_evaluation_meets_targets_on_the_cases() -> None:
    totals = evaluate_dir(DATA)
    for name in ("number", "issued_date", "dos_donts", "deadlines"):
        assert totals[name].f1 >= 0.9, (name, totals[name])


def test_every_case_has_expected_json_with_the_documented_keys() -> None:
    cases = sorted(DATA.glob("*.txt"))
    assert len(cases) >= 13
    for txt in cases:
        expected = json.loads(txt.with_name(txt.stem + ".expected.json").read_text("utf-8"))
        assert list(expected) == KEYS, txt.name


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_parse_refuses_empty_text(text: str) -> None:
    with pytest.raises(IngestError, match="trống"):
        parse_text(text)


def test_parse_returns_empty_draft_with_warning_for_text_without_directive() -> None:
    draft = parse_text((DATA / "13.txt").read_text(encoding="utf-8"))
    assert not draft.found
    assert draft.warnings
    data = draft.to_json()
    assert data["number"] is None and data["kind"] is None
    assert data["dos"] == [] and data["deadlines"] == []


def test_parse_refuses_five_megabytes_of_text_with_clear_message() -> None:
    text = "Chỉ thị số 34 của Ban Thường vụ Tỉnh ủy. " * (MAX_TEXT_BYTES // 40 + 10)
    with pytest.raises(IngestError, match="5 MB"):
        parse_text(text)


def test_read_file_refuses_five_megabyte_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (MAX_TEXT_BYTES + 1))
    with pytest.raises(IngestError, match="5 MB"):
        read_file(path)


def test_read_file_reads_utf8_with_and_without_bom_and_utf16(tmp_path: Path) -> None:
    text = "Chỉ thị số 34 ngày 20.4.2024 của Ban Thường vụ Tỉnh ủy Lâm Đồng"
    for i, data in enumerate(
        [text.encode(), b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")]
    ):
        path = tmp_path / f"{i}.txt"
        path.write_bytes(data)
        assert read_file(path) == text
    assert read_file(text.encode(), "x.txt") == text


def test_read_file_accepts_decomposed_unicode() -> None:
    text = unicodedata.normalize("NFD", "Chỉ thị số 34 của Tỉnh ủy Lâm Đồng")
    assert read_file(text.encode(), "a.txt") == unicodedata.normalize("NFC", text)


_TCVN3 = {"Đ": 0xA7, "ả": 0xB6, "ộ": 0xE9, "ệ": 0xD6, "ỉ": 0xD8, "ị": 0xDE, "ố": 0xE8}
_TCVN3 |= {"ủ": 0xF1, "ư": 0xAD, "ờ": 0xEA, "ụ": 0xF4, "â": 0xA9, "ồ": 0xE5}


def _tcvn3(text: str) -> bytes:
    return b"".join(bytes([_TCVN3[c]]) if c in _TCVN3 else c.encode("ascii") for c in text)


def test_read_file_refuses_tcvn3_file_in_vietnamese() -> None:
    data = _tcvn3("Đảng Cộng sản Việt Nam. Chỉ thị số 34 của Ban Thường vụ Tỉnh ủy Lâm Đồng")
    with pytest.raises(IngestError, match="TCVN3/VNI"):
        read_file(data, "chi-thi.txt")


def test_read_file_refuses_vni_file_in_vietnamese() -> None:
    vni = "Ñaûng Coäng saûn Vieät Nam. Chæ thò soá 34 cuûa Ban Thöôøng vuï Tænh uûy Laâm Ñoàng"
    with pytest.raises(IngestError, match="TCVN3/VNI"):
        read_file(vni.encode("cp1252"), "chi-thi.txt")
    with pytest.raises(IngestError, match="TCVN3/VNI"):
        read_file(vni.encode("utf-8"), "chi-thi.txt")


def test_read_file_refuses_unrepairable_mojibake() -> None:
    text = "Chỉ thị số 34 của Ban Thường vụ Tỉnh ủy Lâm Đồng về phát huy tinh thần"
    garbled = text.encode("utf-8").decode("cp1252", errors="replace")
    with pytest.raises(IngestError, match="bảng mã"):
        read_file(garbled.encode("utf-8"), "a.txt")


def test_read_file_repairs_lossless_mojibake() -> None:
    text = "Chỉ thị số 34 của Ban Thường vụ Tỉnh ủy Lâm Đồng về phát huy tinh thần"
    garbled = text.encode("utf-8").decode("latin-1")
    assert decode_text(garbled.encode("utf-8")) == text


def test_read_file_decodes_windows_1258() -> None:
    # "Chỉ thị" in Windows-1258: base letters followed by combining tone marks
    data = "Chi\u0309 thi\u0323 sô\u0301 34".encode("cp1258")
    assert decode_text(data) == "Chỉ thị số 34"


def test_read_file_refuses_docx_that_is_not_a_zip() -> None:
    with pytest.raises(IngestError, match=r"không phải tệp Word"):
        read_file(b"this is not a word file", "chi-thi.docx")


def test_read_file_refuses_docx_zip_bomb() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(IngestError, match="giải nén"):
        read_file(buf.getvalue(), "bomb.docx")


def test_read_file_reads_docx_paragraphs_and_header_table(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "TỈNH ỦY LÂM ĐỒNG"
    table.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    table.cell(1, 0).text = "Số 34-CT/TU"
    table.cell(1, 1).text = "Lâm Đồng, ngày 20 tháng 4 năm 2024"
    document.add_paragraph("CHỈ THỊ")
    document.add_paragraph("CỦA BAN THƯỜNG VỤ TỈNH ỦY")
    document.add_paragraph(
        "3 điều cần làm, là nói đi đôi với làm; làm hết trách nhiệm; làm hiệu quả."
    )
    path = tmp_path / "ct34.docx"
    document.save(str(path))
    draft = parse_text(read_file(path))
    assert (draft.symbol, draft.issued_date) == ("34-CT/TU", date(2024, 4, 20))
    assert draft.issuer == "Ban Thường vụ Tỉnh ủy Lâm Đồng"
    assert draft.dos == ["nói đi đôi với làm", "làm hết trách nhiệm", "làm hiệu quả"]


def test_read_file_refuses_pdf_without_text_layer() -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(IngestError, match="OCR"):
        read_file(buf.getvalue(), "scan.pdf")


def test_read_file_refuses_broken_pdf() -> None:
    with pytest.raises(IngestError, match="PDF"):
        read_file(b"%PDF-1.4 broken", "x.pdf")


def test_read_file_refuses_unknown_extension() -> None:
    with pytest.raises(IngestError, match=r"\.txt, \.docx"):
        read_file(b"abc", "x.odt")


# --------------------------------------------------------------------------- command


def test_ingest_directive_command_prints_one_json_object(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from django.core.management import call_command

    call_command("ingest_directive", str(DATA / "01.txt"))
    data = json.loads(capsys.readouterr().out)
    assert list(data) == KEYS
    assert (data["number"], data["issued_date"]) == ("34", "2024-04-20")


def test_ingest_directive_command_exits_1_on_unreadable_input(tmp_path: Path) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "x.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="không phải tệp Word") as info:
        call_command("ingest_directive", str(path))
    assert info.value.returncode == 1
