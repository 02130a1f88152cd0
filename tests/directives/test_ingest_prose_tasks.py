"""Key tasks without a tasks heading: news prose and dispatches (texts written for these tests)."""

from __future__ import annotations

from apps.directives.ingest.parser import parse_text


def test_paragraphs_after_a_request_that_open_with_an_action_verb_are_tasks() -> None:
    d = parse_text(
        "Huyện chấn chỉnh công tác thu gom rác\n\n"
        "Theo đó, UBND huyện yêu cầu các xã thực hiện các nội dung sau:\n\n"
        "Tăng cường kiểm tra các điểm tập kết rác tự phát ven đường liên xã.\n\n"
        "Rà soát hợp đồng thu gom với các tổ dịch vụ vệ sinh môi trường.\n\n"
        "Ông Nguyễn Văn Tư cho biết huyện sẽ đánh giá vào cuối tháng.\n"
    )
    assert d.key_tasks == [
        "Tăng cường kiểm tra các điểm tập kết rác tự phát ven đường liên xã",
        "Rà soát hợp đồng thu gom với các tổ dịch vụ vệ sinh môi trường",
    ]


def test_lines_naming_the_agency_charged_after_an_instruction_are_tasks() -> None:
    d = parse_text(
        "Chủ tịch UBND tỉnh yêu cầu các ngành khẩn trương triển khai phòng chống lũ.\n"
        "Sở Xây dựng kiểm tra an toàn các hồ chứa nước trước mùa mưa.\n"
        "Công an tỉnh bố trí lực lượng ứng trực tại các điểm ngập sâu.\n"
    )
    assert d.key_tasks == [
        "Sở Xây dựng kiểm tra an toàn các hồ chứa nước trước mùa mưa",
        "Công an tỉnh bố trí lực lượng ứng trực tại các điểm ngập sâu",
    ]


def test_a_bulleted_run_after_the_issue_sentence_gives_the_tasks() -> None:
    d = parse_text(
        "Ngày 2/3/2022, UBND thành phố ban hành Chỉ thị số 07/CT-UBND về phòng cháy.\n\n"
        "- Tăng cường tuyên truyền phòng cháy tại khu dân cư đông đúc\n\n"
        "- Kiểm tra thiết bị chữa cháy ở chợ và trung tâm thương mại\n"
    )
    assert d.key_tasks == [
        "Tăng cường tuyên truyền phòng cháy tại khu dân cư đông đúc",
        "Kiểm tra thiết bị chữa cháy ở chợ và trung tâm thương mại",
    ]


def test_an_interviews_questions_are_not_tasks() -> None:
    d = parse_text(
        "Phóng viên trao đổi với lãnh đạo Sở về nhiệm vụ năm nay.\n"
        "Tổ chức tập huấn cho giáo viên sẽ diễn ra vào thời gian nào?\n"
        "Triển khai phần mềm quản lý mới có gặp khó khăn gì không?\n"
    )
    assert d.key_tasks == []


def test_metadata_lines_of_a_legal_library_page_are_not_tasks() -> None:
    d = parse_text(
        "Quyết định này được ban hành kèm thông tin sau:\n"
        "- Số hiệu văn bản: 12/2010/QĐ-UBND\n"
        "- Ngày ban hành: 01-02-2010\n"
        "- Tình trạng hiệu lực: Hết hiệu lực\n"
    )
    assert d.key_tasks == []
