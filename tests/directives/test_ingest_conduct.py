"""Conduct rules in clause form (texts written for these tests)."""

from __future__ import annotations

from apps.directives.ingest.parser import parse_text


def test_clauses_addressed_to_officials_are_donts_split_at_semicolons_and_commas() -> None:
    d = parse_text(
        "Tin tức\n\n"
        "Theo đó, cán bộ, công chức trong xã không dùng điện thoại riêng trong cuộc họp; "
        "không đến cơ quan muộn, không rời trụ sở khi chưa hết giờ làm.\n"
    )
    assert d.donts == [
        "không dùng điện thoại riêng trong cuộc họp",
        "không đến cơ quan muộn",
        "không rời trụ sở khi chưa hết giờ làm",
    ]
    assert d.dos == []


def test_strong_prohibitions_open_the_rule_without_a_subject() -> None:
    d = parse_text(
        "Văn phòng nhắc lại hai yêu cầu.\n"
        "Nghiêm cấm việc dùng xe công đi lễ chùa; tuyệt đối không nhận quà của đối tác dịp lễ.\n"
    )
    assert d.donts == [
        "Nghiêm cấm việc dùng xe công đi lễ chùa",
        "tuyệt đối không nhận quà của đối tác dịp lễ",
    ]


def test_a_must_rule_is_a_do_only_beside_prohibitions() -> None:
    with_donts = parse_text(
        "Bản tin nội bộ.\n"
        "Đảng viên không bàn chuyện nội bộ trên mạng xã hội; không tham gia nhóm cờ bạc.\n"
        "Đảng viên phải sinh hoạt chi bộ đều đặn hằng tháng tại nơi cư trú.\n"
    )
    assert with_donts.dos == ["phải sinh hoạt chi bộ đều đặn hằng tháng tại nơi cư trú"]
    alone = parse_text("Bản tin.\nĐảng viên phải sinh hoạt chi bộ đều đặn hằng tháng tại nơi ở.\n")
    assert alone.dos == [] and alone.donts == []


def test_a_quoted_rule_inside_prose_is_a_dont() -> None:
    d = parse_text(
        "Giải đáp.\nĐiều mới được thêm vào với nội dung: “Không nhận tiền của người dự tuyển "
        "vào cơ quan; không hứa hẹn chức vụ”. Văn bản có hiệu lực ngay.\n"
    )
    assert d.donts == ["Không nhận tiền của người dự tuyển vào cơ quan"]


def test_numbered_items_under_a_rules_heading_are_donts() -> None:
    d = parse_text(
        "QUY ĐỊNH MẪU\n\nII- Những điều hội viên không được làm\n\n"
        "1- Tự ý dùng tên hội để quyên góp tiền của người dân.\n"
        "2- Đưa thông tin nội bộ của hội lên mạng xã hội khi chưa được phép.\n"
        "III- Tổ chức thực hiện\n"
    )
    assert d.donts == [
        "Tự ý dùng tên hội để quyên góp tiền của người dân",
        "Đưa thông tin nội bộ của hội lên mạng xã hội khi chưa được phép",
    ]


def test_a_numbered_k_message_keeps_its_polarity_per_item() -> None:
    d = parse_text(
        "Khuyến cáo mùa mưa.\nNgành y tế nhắc “Thông điệp 3K: Rửa tay – Không uống nước lã – "
        "Ngủ màn” tới từng hộ.\n"
    )
    assert d.dos == ["Rửa tay", "Ngủ màn"]
    assert d.donts == ["Không uống nước lã"]


def test_narrative_negations_and_task_phrases_are_not_rules() -> None:
    d = parse_text(
        "Báo cáo tình hình.\n"
        "Các sở tăng cường phòng dịch, không để lây lan ra cộng đồng; không được lơ là, chủ quan.\n"
        "Không chỉ vậy, huyện không những hoàn thành kế hoạch mà còn vượt chỉ tiêu.\n"
        "Không tổ chức tiệc cuối năm\n"
    )
    assert d.donts == [] and d.dos == []
