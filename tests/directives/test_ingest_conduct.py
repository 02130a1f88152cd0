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


def test_the_clauses_after_the_people_asked_are_their_rules() -> None:
    d = parse_text(
        "Bản tin.\n"
        "UBND huyện yêu cầu thủ trưởng, lãnh đạo các cấp gương mẫu chấp hành giờ làm việc; "
        "không sử dụng xe công vào việc riêng; các trường hợp vi phạm phải bị kiểm điểm.\n"
    )
    assert d.dos == ["gương mẫu chấp hành giờ làm việc"]
    assert d.donts == ["không sử dụng xe công vào việc riêng"]


def test_a_must_clause_and_a_short_subject_clause_in_a_list_of_rules() -> None:
    d = parse_text(
        "Bản tin.\n"
        "Công chức không đi muộn, không về sớm; phải đeo thẻ khi tiếp công dân; "
        "các phòng không tổ chức liên hoan trong giờ hành chính.\n"
    )
    assert d.dos == ["phải đeo thẻ khi tiếp công dân"]
    assert d.donts == [
        "không đi muộn",
        "không về sớm",
        "các phòng không tổ chức liên hoan trong giờ hành chính",
    ]


def test_a_rule_restated_by_the_lead_and_then_quoted_is_kept_once_as_quoted() -> None:
    d = parse_text(
        "Cấm uống rượu bia trong giờ làm việc\n\n"
        "Cán bộ, công chức không được uống rượu, bia trước và trong giờ làm việc.\n\n"
        "Theo đó, cán bộ, công chức “Không được sử dụng rượu, bia ngay trước và trong giờ làm "
        "việc”; các cơ quan đưa quy định này vào quy chế.\n"
    )
    assert d.donts == ["Không được sử dụng rượu, bia ngay trước và trong giờ làm việc"]


def test_a_run_of_lines_each_opening_with_a_rule_is_a_conduct_list() -> None:
    d = parse_text(
        "Quy định văn hóa công sở của huyện.\n"
        "Cán bộ, công chức khi làm việc:\n"
        "- Không hút thuốc lá trong phòng làm việc;\n"
        "- Không uống rượu bia trong giờ hành chính;\n\n"
        "- Chỉ sử dụng xe công khi đi công tác;\n"
        "- Phải đeo thẻ công chức khi tiếp dân.\n"
    )
    assert d.donts == [
        "Không hút thuốc lá trong phòng làm việc",
        "Không uống rượu bia trong giờ hành chính",
        "Chỉ sử dụng xe công khi đi công tác",
    ]
    assert d.dos == ["Phải đeo thẻ công chức khi tiếp dân"]
    one = parse_text("Tin vắn.\nKhông có gì thay đổi trong lịch tiếp dân tuần này.\n")
    assert one.donts == []
