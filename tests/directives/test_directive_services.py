import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from apps.common.errors import ApplicationError
from apps.directives.enums import Polarity
from apps.directives.models import Directive, DirectiveAttachment, DirectiveKind
from apps.directives.selectors import directive_detail, directive_list
from apps.directives.services import (
    ChoiceSpec,
    DeadlineSpec,
    DirectiveContent,
    QuestionSpec,
    directive_attachment_add,
    directive_create,
    directive_update,
)
from apps.rollout.models import Participant
from apps.rollout.services.study import commitment_sign
from tests.rollout.factories import DONTS, DOS, make_rollout

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Chỉ thị số 34-CT/TU")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def content(issuer, **overrides) -> DirectiveContent:
    values = {
        "kind": DirectiveKind.objects.get(code="chi-thi"),
        "number": "34",
        "symbol": "34-CT/TU",
        "issuer": issuer,
        "issuer_name": "Ban Thường vụ Tỉnh ủy",
        "issued_on": datetime.date(2024, 4, 20),
        "title": "Phát huy tinh thần trách nhiệm, dám nghĩ, dám làm",
        "body": "Toàn văn…",
        "key_tasks": ["Quán triệt đến mọi cán bộ", "Xây dựng chương trình thực hiện"],
        "dos": list(DOS),
        "donts": list(DONTS),
        "deadlines": [DeadlineSpec(name="Hoàn thành quán triệt", date=datetime.date(2024, 5, 31))],
        "questions": [
            QuestionSpec(
                text="Chỉ thị 34 nêu mấy điều cần làm?",
                choices=[ChoiceSpec("3", True), ChoiceSpec("4"), ChoiceSpec("5")],
            )
        ],
    }
    values.update(overrides)
    return DirectiveContent(**values)


def test_directive_create_keeps_order_of_tasks_and_criteria(world):
    directive = directive_create(actor=world.users["leader"], content=content(world.root))
    detail = directive_detail(directive=directive)
    assert [t.text for t in detail.key_tasks] == [
        "Quán triệt đến mọi cán bộ",
        "Xây dựng chương trình thực hiện",
    ]
    assert [c.text for c in detail.dos] == DOS
    assert [c.text for c in detail.donts] == DONTS
    assert [c.order for c in detail.donts] == [1, 2, 3, 4]
    assert detail.deadlines[0].date == datetime.date(2024, 5, 31)
    choices = list(detail.questions[0].choices.all())
    assert [c.is_correct for c in choices] == [True, False, False]
    assert directive.search_text == "34 34-ct/tu phat huy tinh than trach nhiem, dam nghi, dam lam"
    assert directive.history.latest().history_user == world.users["leader"]


def test_directive_update_reorders_and_keeps_criterion_ids(world):
    directive = directive_create(actor=world.users["leader"], content=content(world.root))
    first_do = directive.criteria.get(polarity=Polarity.DO, order=1)
    new_dos = ["Nói đi đôi với làm (sửa)", DOS[2], DOS[1], "Điều mới"]
    directive_update(
        actor=world.users["leader"],
        directive=directive,
        content=content(world.root, dos=new_dos, key_tasks=["Một nhiệm vụ"], title="Trích yếu mới"),
    )
    directive.refresh_from_db()
    dos = list(directive.criteria.filter(polarity=Polarity.DO).order_by("order"))
    assert [c.text for c in dos] == new_dos
    assert dos[0].pk == first_do.pk
    assert list(directive.key_tasks.values_list("text", flat=True)) == ["Một nhiệm vụ"]
    assert directive.title == "Trích yếu mới"
    assert directive.history.count() == 2
    assert directive.history.latest().history_user == world.users["leader"]


def test_directive_update_cannot_drop_criteria_someone_signed(world):
    rollout = make_rollout(world)
    directive = rollout.directive
    participant = Participant.objects.get(rollout=rollout, person=world.member_a)
    commitment_sign(
        actor=world.users["member_a"],
        participant=participant,
        confirmed=list(directive.criteria.values_list("pk", flat=True)),
    )
    with pytest.raises(ApplicationError, match="ký bản cam kết"):
        directive_update(
            actor=world.users["leader"],
            directive=directive,
            content=content(world.root, donts=DONTS[:2]),
        )
    assert directive.criteria.filter(polarity=Polarity.AVOID).count() == 4


def test_directive_create_refuses_question_without_exactly_one_correct_choice(world):
    bad = [QuestionSpec(text="Câu hỏi?", choices=[ChoiceSpec("A", True), ChoiceSpec("B", True)])]
    with pytest.raises(ApplicationError, match="đúng một phương án đúng"):
        directive_create(actor=world.users["leader"], content=content(world.root, questions=bad))
    assert not Directive.objects.exists()


def test_directive_create_outside_scope_is_refused(world):
    with pytest.raises(Http404):
        directive_create(actor=world.users["officer_b"], content=content(world.commune_a))
    assert not Directive.objects.exists()


def test_commune_officer_sees_province_directive_only_once_rolled_out_to_them(world):
    directive = directive_create(actor=world.users["leader"], content=content(world.root))
    assert not directive_list(actor=world.users["officer_a"]).filter(pk=directive.pk).exists()
    make_rollout(world, directive=directive)
    assert directive_list(actor=world.users["officer_a"]).filter(pk=directive.pk).exists()
    own = directive_create(actor=world.users["officer_a"], content=content(world.commune_a))
    assert not directive_list(actor=world.users["officer_b"]).filter(pk=own.pk).exists()
    assert directive_list(actor=world.users["officer_a"], query="34-ct/tu").count() == 2
    assert directive_list(actor=world.users["officer_a"], query="trach nhiem").count() == 2


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_attachment_accepts_real_pdf_and_docx(world, media):
    directive = directive_create(actor=world.users["leader"], content=content(world.root))
    pdf = directive_attachment_add(
        actor=world.users["leader"],
        directive=directive,
        file=SimpleUploadedFile("chi-thi-34.pdf", PDF, "application/pdf"),
    )
    doc = directive_attachment_add(
        actor=world.users["leader"],
        directive=directive,
        file=SimpleUploadedFile("Chỉ thị 34.docx", docx_bytes()),
    )
    assert pdf.name == "chi-thi-34.pdf"
    assert doc.name == "Chỉ thị 34.docx"
    assert directive.attachments.count() == 2
    assert directive.history.latest().history_change_reason == "Đính kèm tệp “Chỉ thị 34.docx”"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ban-chup.pdf", PNG),
        ("gia-mao.docx", PNG),
        ("khong-phai-word.docx", b"PK\x03\x04 not really a zip"),
        ("pdf-doi-ten.docx", PDF),
    ],
)
def test_attachment_that_lies_about_its_type_is_refused(world, media, name, data):
    directive = directive_create(actor=world.users["leader"], content=content(world.root))
    with pytest.raises(ApplicationError) as exc:
        directive_attachment_add(
            actor=world.users["leader"], directive=directive, file=SimpleUploadedFile(name, data)
        )
    assert f"“{name}”" in exc.value.message
    assert "không phải là tệp" in exc.value.message
    assert not DirectiveAttachment.objects.exists()
    assert not list(media.rglob("*.*"))


def test_attachment_of_other_type_or_too_big_is_refused(world, media):
    directive = directive_create(actor=world.users["leader"], content=content(world.root))
    with pytest.raises(ApplicationError, match="“anh.png”: chỉ nhận tệp PDF"):
        directive_attachment_add(
            actor=world.users["leader"],
            directive=directive,
            file=SimpleUploadedFile("anh.png", PNG),
        )
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ApplicationError, match="vượt giới hạn 20 MB"):
        directive_attachment_add(actor=world.users["leader"], directive=directive, file=big)
    assert not DirectiveAttachment.objects.exists()


def test_attachment_outside_scope_is_refused(world, media):
    directive = directive_create(actor=world.users["officer_a"], content=content(world.commune_a))
    with pytest.raises(Http404):
        directive_attachment_add(
            actor=world.users["officer_b"],
            directive=directive,
            file=SimpleUploadedFile("a.pdf", PDF),
        )
