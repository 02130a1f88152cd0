"""Past periods and periods of application are not deadlines (texts written for these tests)."""

from __future__ import annotations

from datetime import date

from apps.directives.ingest.parser import parse_text


def _dates(text: str) -> list[date]:
    return [dl.date for dl in parse_text(text).deadlines]


def test_a_past_half_year_told_as_narrative_is_not_a_deadline() -> None:
    text = (
        "Chỉ thị số 11/CT-UBND ngày 20/8/2022 của UBND tỉnh.\n"
        "Nhờ các giải pháp đã triển khai, 6 tháng đầu năm 2022 sản xuất vẫn tăng khá.\n"
    )
    assert _dates(text) == []


def test_the_months_at_the_end_of_a_year_are_a_period_not_a_deadline() -> None:
    assert _dates("Khối lượng việc của những tháng cuối năm 2022 rất lớn.\n") == []


def test_a_month_named_in_a_forecast_is_not_a_deadline() -> None:
    assert _dates("Theo dự báo, mưa lớn kéo dài trong tháng 9 năm 2023 ở vùng núi.\n") == []


def test_a_deadline_before_the_issue_date_is_dropped() -> None:
    text = (
        "Chỉ thị số 12/CT-UBND ngày 10/10/2023 của UBND tỉnh.\n"
        "Các huyện báo cáo kết quả trước ngày 30/9/2023 và hoàn thành trước ngày 15/11/2023.\n"
    )
    assert _dates(text) == [date(2023, 11, 15)]


def test_an_application_period_until_a_day_is_not_a_deadline() -> None:
    text = "Thành phố tiếp tục áp dụng giãn cách từ ngày 1/9/2021 đến hết ngày 15/9/2021.\n"
    assert _dates(text) == []


def test_dates_under_a_completion_column_of_a_flattened_table_are_deadlines() -> None:
    text = (
        "Kế hoạch tổ chức hội thi\n\nTT\n\nNội dung\n\nNgày chậm nhất phải hoàn thành\n\n"
        "1\n\nBan hành thể lệ\n\n05/03/2024\n\n2\n\nTổ chức vòng loại\n\n20/04/2024 (thứ Bảy)\n"
    )
    assert _dates(text) == [date(2024, 3, 5), date(2024, 4, 20)]


def test_a_future_deadline_with_a_trigger_is_kept() -> None:
    text = "Chỉ thị số 3/CT-UBND ngày 2/1/2024.\nCác sở phải hoàn thành việc rà soát trong tháng 5/2024.\n"
    assert _dates(text) == [date(2024, 5, 31)]


def test_a_period_mostly_over_at_issue_is_past_even_across_wrapped_lines() -> None:
    d = parse_text(
        "CHỈ THỊ CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 20/2005/CT-TTG NGÀY 25 THÁNG 6 NĂM 2005\n"
        "Chính phủ đã ban hành nhiều giải pháp, nên 6 tháng đầu năm 2005 nền\n"
        "kinh tế vẫn tăng trưởng khá.\n"
    )
    assert d.issued_date is not None and d.issued_date.isoformat() == "2005-06-25"
    assert d.deadlines == []


def test_end_of_year_alone_resolves_to_the_issue_year_when_work_must_be_done() -> None:
    d = parse_text(
        "Ngày 02/11/2021, UBND tỉnh ban hành Công văn số 900/UBND-TH về giải ngân vốn. "
        "Các sở phấn đấu cuối năm giải ngân hết kế hoạch vốn.\n"
    )
    assert [x.date.isoformat() for x in d.deadlines] == ["2021-12-31"]


def test_the_year_an_activity_ran_in_is_not_a_deadline() -> None:
    d = parse_text(
        "Ngày 5/1/2024, Tỉnh ủy ban hành Kế hoạch số 12-KH/TU. Trong năm 2024, tỉnh tổ chức "
        "20 hội nghị tuyên truyền.\n"
    )
    assert d.deadlines == []
