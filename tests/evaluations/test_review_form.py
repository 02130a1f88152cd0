"""The bản kiểm điểm .docx in the layout of Mẫu 2A/2B/2C (Hướng dẫn 43-HD/BTCTW): the form
chosen by who the person is, its fields and sections in order, read back with python-docx."""

import io

from django.urls import reverse
from docx import Document

from apps.evaluations import services
from apps.evaluations.documents import posts_of, split_summary
from tests.evaluations.factories import civil_servant, evaluation_of, fill, open_period


def _texts(content: bytes) -> list[str]:
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for cell in table._cells:
            texts += [p.text for p in cell.paragraphs]
    return [t for t in texts if t.strip()]


def _form(world, evaluation, role="member_a"):
    response = world.client(role).get(reverse("export_self_assessment", args=[evaluation.pk]))
    assert response.status_code == 200
    return _texts(response.content)


def _index(texts, start):
    return next(i for i, t in enumerate(texts) if t.startswith(start))


def test_a_civil_servant_gets_form_2a_with_its_fields_and_sections_in_order(world):
    civil_servant(world.member_a)
    period = open_period(world)
    evaluation = fill(evaluation_of(period, world.member_a), ("27", "60"))
    evaluation.summary = (
        "Ưu điểm: gương mẫu. Khuyết điểm: có lúc chậm nộp báo cáo. Nguyên nhân: chưa sắp xếp "
        "thời gian. Hướng khắc phục: lập lịch công việc hằng tuần."
    )
    evaluation.save(update_fields=["summary"])
    texts = _form(world, evaluation)
    joined = "\n".join(texts)
    assert texts[0] == "Mẫu 2A-HD KĐ.ĐG 2025"
    assert "BẢN KIỂM ĐIỂM CÁ NHÂN" in texts
    assert "Năm 2024\n(Cá nhân không giữ chức vụ lãnh đạo, quản lý)" in joined
    order = [
        "Họ và tên: Trần Thị Đảng Viên",
        "Chức vụ Đảng:",
        "Chức vụ chính quyền:",
        "Chức vụ đoàn thể:",
        "Đơn vị công tác:",
        "I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC",
        "1. Về tư tưởng chính trị",
        "2. Về kết quả thực hiện chức trách, nhiệm vụ được giao",
        "II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN",
        "1. Hạn chế, khuyết điểm",
        "có lúc chậm nộp báo cáo.",
        "2. Nguyên nhân của hạn chế, khuyết điểm",
        "chưa sắp xếp thời gian.",
        "III. KẾT QUẢ KHẮC PHỤC",
        "IV. GIẢI TRÌNH NHỮNG VẤN ĐỀ ĐƯỢC GỢI Ý KIỂM ĐIỂM",
        "V. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC",
        "lập lịch công việc hằng tuần.",
        "VI. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG",
        "- Xếp loại cán bộ, công chức, viên chức:",
        "- Xếp loại đảng viên: Hoàn thành tốt nhiệm vụ",
        "NGƯỜI TỰ KIỂM ĐIỂM",
    ]
    positions = [_index(texts, start) for start in order]
    assert positions == sorted(positions)
    assert "Chi bộ: Chi bộ thôn 1 An Bình" in joined and "Hệ thống ghi nhận trong kỳ:" in joined
    assert "87" in joined  # the self-scored total under the self-rating
    assert "Nơi nhận:" not in joined


def test_a_head_gets_form_2b_with_the_collective_responsibility_section(world):
    world.member_a.is_head = True
    world.member_a.position = "Bí thư chi bộ"
    world.member_a.save(update_fields=["is_head", "position"])
    period = open_period(world)
    evaluation = fill(evaluation_of(period, world.member_a), ("25", "50"))
    texts = _form(world, evaluation)
    assert texts[0] == "Mẫu 2B-HD KĐ.ĐG 2025"
    assert "Chức vụ Đảng: Bí thư chi bộ" in texts
    v = _index(texts, "V. LÀM RÕ TRÁCH NHIỆM CỦA CÁ NHÂN")
    assert v < _index(texts, "VI. PHƯƠNG HƯỚNG") < _index(texts, "VII. TỰ NHẬN MỨC XẾP LOẠI")


def test_a_party_member_outside_the_political_system_gets_form_2c_and_the_review_steps(world):
    period = open_period(world)
    evaluation = fill(evaluation_of(period, world.member_a), ("25", "50"))
    services.evaluation_transition(actor=None, evaluation=evaluation, to="submitted")
    services.evaluation_transition(
        actor=world.users["officer_a"], evaluation=evaluation, to="commented", comment="Nhất trí"
    )
    texts = _form(world, evaluation, role="officer_a")
    joined = "\n".join(texts)
    assert texts[0] == "Mẫu 2C-HD KĐ.ĐG 2025"
    assert "(Đảng viên không làm việc trong hệ thống chính trị)" in joined
    assert not any(t.startswith("Chức vụ chính quyền") for t in texts)
    assert not any(t.startswith("- Xếp loại cán bộ, công chức") for t in texts)
    steps = _index(texts, "NHẬN XÉT, ĐÁNH GIÁ CỦA TỔ CHỨC ĐẢNG")
    assert any("Góp ý của tập thể" in t and "Nhất trí" in t for t in texts[steps:])


def test_summary_and_posts_are_split_into_the_forms_fields():
    assert split_summary("Gương mẫu. Hạn chế: chậm. Biện pháp khắc phục: sửa") == {
        "strengths": "Gương mẫu.",
        "weaknesses": "chậm.",
        "remedies": "sửa.",
    }
    assert posts_of("Phó Bí thư chi bộ") == ("Phó Bí thư chi bộ", "", "")
    assert posts_of("Chủ tịch Hội Nông dân") == ("", "", "Chủ tịch Hội Nông dân")
    assert posts_of("Phó Chủ tịch UBND xã") == ("", "Phó Chủ tịch UBND xã", "")
    assert posts_of("Đảng viên") == ("", "", "")
