"""The parser's work is bounded: 5 MB of hostile text of each kind parses, still reads the
header and keeps every list bounded.

Before: 30,000 blank lines took 24 s and 100,000 ran past 300 s (quadratic patterns and
per-mention scans). Each case below is just under the 5 MB input limit. The time of each case is
measured by ``benchmarks/ingest_bounds.py`` (figures against the 5 s bound), not asserted here:
on a shared, loaded machine a timed assertion fails for reasons that are not the parser's.
"""

import pytest

from apps.directives.ingest.parser import MAX_TEXT_BYTES, parse_text

HEAD = "TỈNH ỦY LÂM ĐỒNG\nSố: 34-CT/TU\nLâm Đồng, ngày 20 tháng 4 năm 2024\nCHỈ THỊ\n"


def _fill(unit: str) -> str:
    room = MAX_TEXT_BYTES - 4096 - len(HEAD.encode())
    return HEAD + unit * (room // len(unit.encode()))


def _nested() -> str:
    lines = []
    size = len(HEAD.encode())
    i = 0
    while size < MAX_TEXT_BYTES - 4096:
        line = f"{'1.' * (i % 40 + 1)} Tăng cường kiểm tra, giám sát nội dung {i}\n"
        size += len(line.encode())
        lines.append(line)
        i += 1
    return HEAD + "".join(lines[:-1])


CASES = {
    "blank lines": lambda: _fill("\n"),
    "blank lines with spaces": lambda: _fill(" \t \n"),
    "one giant line": lambda: _fill("Tổ chức quán triệt chỉ thị, hoàn thành trước ngày 31/5/2024 "),
    "deeply nested numbering": _nested,
    "repeated dates": lambda: _fill("ngày 20/4/2024, trong tháng 5/2024, quý II/2024; "),
    "repeated mentions and lists": lambda: _fill(
        "Chỉ thị số 34-CT/TU ngày 20/4/2024 của Ban Thường vụ Tỉnh ủy; 3 điều cần làm: a; b; c. "
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_five_megabytes_of_pathological_text_parse_with_bounded_results(name: str) -> None:
    text = CASES[name]()
    assert 4.5 * 1024 * 1024 < len(text.encode()) <= MAX_TEXT_BYTES
    draft = parse_text(text)
    assert draft.number == "34"  # the header is still read
    # every list is bounded too
    assert len(draft.deadlines) <= 5 * 300 and len(draft.dos) + len(draft.donts) <= 3000


def test_a_very_long_text_says_only_its_beginning_was_analysed() -> None:
    draft = parse_text(_fill("Tổ chức quán triệt chỉ thị. "))
    assert any("600.000 ký tự đầu" in w for w in draft.warnings)


def test_blank_line_runs_do_not_change_what_is_found() -> None:
    text = "Chỉ thị số 12-CT/TU ngày 3/5/2023 của Ban Thường vụ Tỉnh ủy Lâm Đồng" + "\n" * 5000
    draft = parse_text(text + "Hoàn thành trước ngày 30/6/2023.")
    assert draft.number == "12"
    assert [d.date.isoformat() for d in draft.deadlines] == ["2023-06-30"]


def test_news_page_chrome_is_removed_before_parsing() -> None:
    from apps.directives.ingest.reading import remove_chrome

    page = (
        "Ban Thường vụ ban hành Chỉ thị số 5-CT/TU ngày 2/3/2024.\nQuảng cáo\n"
        "Nội dung chính của chỉ thị.\nThích và chia sẻ bài viết qua\nLượt xem: 157\n"
        "Nhập bình luận của bạn:\nTin liên quan\nChỉ thị số 9-CT/TU ngày 1/1/2020 về việc khác\n"
    )
    kept = remove_chrome(page)
    assert "Quảng cáo" not in kept and "chia sẻ" not in kept and "Lượt xem" not in kept
    assert "Chỉ thị số 9" not in kept  # the related-articles list is cut
    assert "Nội dung chính của chỉ thị." in kept
    assert parse_text(page).number == "5"
