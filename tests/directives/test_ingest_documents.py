"""The subject document versus the documents it cites (texts written for these tests)."""

from __future__ import annotations

from apps.directives.ingest.parser import parse_text


def test_a_dispatch_issued_by_the_province_is_the_subject_not_the_directive_it_follows() -> None:
    d = parse_text(
        "Phòng chống hạn hán\n\n"
        "Ngày 3/4/2023, UBND tỉnh đã có văn bản số 812/UBND-NN gửi các sở về việc chống hạn. "
        "Văn bản nêu rõ cần thực hiện nghiêm Chỉ thị số 09/CT-TTg ngày 1/3/2023 của Thủ tướng "
        "Chính phủ và Chỉ thị số 09/CT-TTg về tiết kiệm nước.\n"
    )
    assert (d.kind, d.number, d.symbol) == (None, "812", "812/UBND-NN")


def test_an_earlier_directive_in_a_closing_paragraph_is_not_the_subject() -> None:
    d = parse_text(
        "Tỉnh Hòa Bình siết kỷ luật giờ giấc\n\n"
        "Chủ tịch UBND tỉnh vừa ký ban hành Chỉ thị 07/CT-UBND về chấn chỉnh giờ giấc làm việc.\n\n"
        "Trước đó, Ban Thường vụ Tỉnh ủy Sơn La cũng ban hành Chỉ thị 21-CT/TU về việc này; "
        "Chỉ thị 21-CT/TU được dư luận đồng tình, Chỉ thị 21-CT/TU áp dụng toàn tỉnh.\n"
    )
    assert (d.kind, d.number) == ("Chỉ thị", "07")


def test_a_programme_without_a_number_gets_none_from_the_resolution_it_implements() -> None:
    d = parse_text(
        "Ban Thường vụ Huyện ủy vừa ban hành Chương trình hành động thực hiện Nghị quyết số "
        "21-NQ/TU ngày 5/6/2023 của Tỉnh ủy. Thực hiện Nghị quyết số 21-NQ/TU, huyện đặt mục tiêu "
        "tăng thu ngân sách.\n"
    )
    assert (d.kind, d.number, d.symbol, d.issued_date) == (None, None, None, None)


def test_a_text_that_only_cites_documents_has_no_number() -> None:
    d = parse_text(
        "Căn cứ Quyết định số 300/QĐ-UBND, huyện tổ chức hội thi. Theo Kế hoạch số 41/KH-UBND, "
        "hội thi kéo dài hai ngày.\n"
    )
    assert d.number is None and d.kind is None


def test_an_upper_case_title_line_gives_number_symbol_and_usual_spelling() -> None:
    d = parse_text(
        "CHỈ THỊ CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 08/2019/CT-TTG NGÀY 02 THÁNG 3 NĂM 2019 VỀ PHÒNG "
        "CHỐNG CHÁY RỪNG\n\nCác bộ, ngành thực hiện các việc sau.\n"
    )
    assert (d.kind, d.number, d.symbol) == ("Chỉ thị", "08", "08/2019/CT-TTg")
    assert d.issued_date is not None and d.issued_date.isoformat() == "2019-03-02"


def test_a_symbol_written_with_tu_keeps_its_letters() -> None:
    d = parse_text("Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 05-CT/TƯ về công tác dân vận.\n")
    assert d.symbol == "05-CT/TƯ"


def test_a_conference_that_reviews_the_implementation_of_a_resolution_is_about_it() -> None:
    d = parse_text(
        "Sáng 5-1, Huyện ủy tổ chức hội nghị sơ kết việc thực hiện Nghị quyết số 12 ngày "
        "3-3-2021 của Ban Chấp hành Đảng bộ tỉnh về phát triển du lịch.\n"
    )
    assert (d.kind, d.number) == ("Nghị quyết", "12")


def test_a_news_item_that_gives_the_contents_of_a_directive_keeps_it() -> None:
    d = parse_text(
        "Công chức phải tắt máy lạnh khi rời phòng. Đó là nội dung của Chỉ thị 09/CT-UBND vừa "
        "được Chủ tịch UBND tỉnh ký.\n"
    )
    assert (d.kind, d.symbol) == ("Chỉ thị", "09/CT-UBND")


def test_the_body_that_has_sent_a_dispatch_is_its_issuer() -> None:
    d = parse_text(
        "Ngày 4/6/2021, UBND tỉnh đã có văn bản số 1520/UBND-VX gửi các sở về phòng dịch.\n"
    )
    assert (d.number, d.issuer) == ("1520", "Ủy ban nhân dân tỉnh")


def test_the_chairman_of_the_provincial_committee_is_named_as_issuer() -> None:
    d = parse_text("Chủ tịch UBND tỉnh Gia Lai vừa ký ban hành Chỉ thị số 06/CT-UBND về mùa khô.\n")
    assert d.issuer == "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai"


def test_a_title_line_that_opens_with_a_kind_gives_the_kind_without_a_number() -> None:
    d = parse_text("Kế hoạch tổ chức hội khỏe Phù Đổng cấp huyện\n\nNội dung chính gồm ba phần.\n")
    assert (d.kind, d.number) == ("Kế hoạch", None)
    news = parse_text("Kế hoạch 15 năm đã hoàn thành\n\nBáo cáo nêu kết quả.\n")
    assert news.kind is None


def test_every_mention_in_a_closing_earlier_paragraph_is_background() -> None:
    d = parse_text(
        "Điện Biên cấm hút thuốc trong phòng họp\n\n"
        "Đó là nội dung của Chỉ thị 03/CT-UBND của Chủ tịch UBND tỉnh Điện Biên.\n\n"
        "Trước đó, Ban Thường vụ Tỉnh ủy Lai Châu cũng ban hành Chỉ thị 09 về việc này. "
        "Sau khi ban hành Chỉ thị 09, Lai Châu đã kiểm điểm nhiều cán bộ.\n"
    )
    assert (d.kind, d.number, d.symbol) == ("Chỉ thị", "03", "03/CT-UBND")


def test_a_document_named_in_the_subject_documents_description_is_cited() -> None:
    d = parse_text(
        "Thực hiện kết luận của Thường trực Tỉnh ủy tại Thông báo số 12-TB/TU\n"
        "Ngày 05/3/2021, UBND tỉnh ban hành Công văn số 701/UBND-TH về việc thực hiện kết luận "
        "của Thường trực Tỉnh ủy tại Thông báo số 12-TB/TU ngày 01/3/2021.\n"
    )
    assert (d.number, d.symbol) == ("701", "701/UBND-TH")
    assert d.issued_date is not None and d.issued_date.isoformat() == "2021-03-05"


def test_of_several_documents_issued_in_turn_the_latest_is_the_subject() -> None:
    d = parse_text(
        "Ngày 2 tháng 4 năm 2022 Ủy ban nhân dân tỉnh đã ban hành Chỉ thị số 05/CT-UBND về "
        "phòng cháy rừng.\n\nĐể tiếp tục thực hiện, ngày 20 tháng 4 năm 2022 Chủ tịch Ủy ban "
        "nhân dân tỉnh đã có Công văn số 1402 /UBND-NN về các biện pháp cấp bách.\n"
    )
    assert (d.number, d.symbol) == ("1402", "1402/UBND-NN")
    assert d.issued_date is not None and d.issued_date.isoformat() == "2022-04-20"


def test_a_list_of_documents_studied_together_has_no_subject() -> None:
    d = parse_text(
        "Hội nghị quán triệt các chỉ thị của Ban Bí thư gồm: Chỉ thị số 21-CT/TW về thanh niên; "
        "Chỉ thị số 22-CT/TW về báo chí; Chỉ thị số 23-CT/TW về xuất bản.\n"
    )
    assert (d.kind, d.number) == (None, None)


def test_a_symbol_with_a_stray_space_and_a_header_symbol_without_hyphen() -> None:
    d = parse_text(
        "Ngay khi Chỉ thị số 18- CT/TW của Ban Bí thư được ban hành, tỉnh đã làm ngay.\n"
    )
    assert d.symbol == "18-CT/TW"
    header = parse_text(
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\n\nSố: 402/QĐUBND\n\nAn Giang, ngày 3 tháng 5 năm 2020\n\n"
        "QUYẾT ĐỊNH\nVề việc ban hành quy chế làm việc\n"
    )
    assert (header.number, header.symbol) == ("402", "402/QĐUBND")
    assert header.issuer == "Ủy ban nhân dân tỉnh An Giang"
    assert header.issued_date is not None and header.issued_date.isoformat() == "2020-05-03"


def test_a_date_in_brackets_after_a_headline_is_the_posting_date_not_the_issue_date() -> None:
    d = parse_text(
        "Hà Nam: chuyển biến sau 5 năm triển khai Chỉ thị số 31 của Ban Bí thư (12/03/2023)\n\n"
        "Ngay khi Chỉ thị số 31-CT/TW được ban hành, tỉnh đã quán triệt Chỉ thị số 31.\n"
    )
    assert d.number == "31" and d.issued_date is None


def test_a_day_and_month_in_the_lead_take_the_year_of_the_posting_date() -> None:
    d = parse_text(
        "Bảo đảm an toàn giao thông\nĐăng ngày 30-09-2022 15:43\n\n"
        "Ngày 29-9, UBND thành phố ban hành Công văn số 5344/UBND-ĐTĐT về an toàn giao thông.\n"
    )
    assert d.issued_date is not None and d.issued_date.isoformat() == "2022-09-29"
