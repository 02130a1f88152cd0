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


def test_items_under_an_upper_case_tasks_section_heading_are_tasks() -> None:
    d = parse_text(
        "Chủ tịch UBND tỉnh yêu cầu các sở xây dựng kế hoạch năm 2026 với nội dung chủ yếu sau:\n"
        "I. NỘI DUNG, NHIỆM VỤ CHỦ YẾU CỦA KẾ HOẠCH NĂM 2026\n"
        "1. Định hướng phát triển kinh tế của kế hoạch năm\n2026\n"
        "Năm 2026 là năm đầu của giai đoạn mới.\n"
    )
    assert d.key_tasks == ["Định hướng phát triển kinh tế của kế hoạch năm"]


def test_sections_after_the_contents_announced_are_tasks_but_purposes_are_not() -> None:
    d = parse_text(
        "Chủ tịch UBND tỉnh yêu cầu các sở triển khai việc lập kế hoạch với các nội dung sau:\n"
        "I. RÀ SOÁT\nCÁC DỰ ÁN CHUYỂN TIẾP\nCác sở rà soát dự án.\n"
        "II. LẬP DANH MỤC DỰ ÁN MỚI\nCác sở đề xuất dự án.\n"
    )
    assert d.key_tasks == ["RÀ SOÁT CÁC DỰ ÁN CHUYỂN TIẾP", "LẬP DANH MỤC DỰ ÁN MỚI"]
    purposes = parse_text(
        "Ban Thường vụ Huyện ủy ban hành Chương trình hành động như sau:\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Nâng cao nhận thức của cán bộ, đảng viên về chuyển đổi số.\n"
        "2. Cụ thể hóa các mục tiêu của nghị quyết phù hợp với địa phương.\n"
    )
    assert purposes.key_tasks == []


def test_the_rows_of_a_flattened_schedule_table_are_tasks() -> None:
    d = parse_text(
        "Kế hoạch tổ chức hội thi\n\nTT\n\nNội dung công việc\n\nThời gian hoàn thành\n\n"
        "1\n\nBan hành thể lệ hội thi\n\n10/3/2026\n\n"
        "2\n\nTổ chức vòng sơ khảo ở các xã\n\n20/4/2026\n"
    )
    assert d.key_tasks == ["Ban hành thể lệ hội thi", "Tổ chức vòng sơ khảo ở các xã"]


def test_the_articles_of_a_decision_are_not_tasks() -> None:
    d = parse_text(
        "QUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng chống thiên tai.\n\n"
        "Điều 2. Các cơ quan sau đây chịu trách nhiệm thực hiện Kế hoạch:\n\n"
        "1. Sở Nông nghiệp chủ trì tổ chức thực hiện Kế hoạch hằng năm.\n\n"
        "2. Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.\n"
    )
    assert d.key_tasks == []
