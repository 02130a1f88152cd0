import datetime
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.common.models import Job
from apps.directives.enums import Polarity
from apps.directives.models import Directive, DirectiveAttachment, DirectiveKind
from apps.directives.services import directive_create
from tests.directives.test_directive_services import PDF, PNG, content
from tests.rollout.factories import make_directive, make_rollout

SAMPLE = Path("/work/shared/samples/chi-thi-34-lam-dong-2024.txt")
if not SAMPLE.exists():
    SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "chi-thi-34-lam-dong-2024.txt"


def region(html: str, element_id: str) -> str:
    """The <div id=element_id>…</div> of a page (balanced on div tags)."""
    start = html.index(f'<div id="{element_id}"')
    depth = 0
    for match in re.finditer(r"<div\b|</div>", html[start:]):
        depth += 1 if match.group(0) == "<div" else -1
        if depth == 0:
            return html[start : start + match.end()]
    raise AssertionError("unbalanced")


def normalise(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r"\s+", " ", html).strip()


@pytest.fixture
def xa_a_directive(world):
    return directive_create(actor=world.users["officer_a"], content=content(world.commune_a))


@pytest.fixture
def xa_b_directive(world):
    return directive_create(
        actor=world.users["officer_b"],
        content=content(world.commune_b, number="7", symbol="07-CT/ĐU", title="Bình Lợi"),
    )


def test_directive_list_renders_and_searches_without_diacritics(world, xa_a_directive):
    client = world.client("officer_a")
    page = client.get(reverse("directive_list")).content.decode()
    assert "Chỉ thị, nghị quyết" in page
    assert "34-CT/TU" in page
    found = client.get(reverse("directive_list"), {"q": "phat huy tinh than"}).content.decode()
    assert "34-CT/TU" in found
    none = client.get(reverse("directive_list"), {"q": "khong co van ban nay"}).content.decode()
    assert "Không có văn bản nào." in none
    kind = DirectiveKind.objects.get(code="nghi-quyet")
    other = client.get(reverse("directive_list"), {"kind": kind.pk}).content.decode()
    assert "34-CT/TU" not in other


def test_directive_list_htmx_partial_equals_region_of_full_page(world, xa_a_directive):
    client = world.client("officer_a")
    params = {"q": "34"}
    full = client.get(reverse("directive_list"), params).content.decode()
    partial = client.get(reverse("directive_list"), params, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert normalise(partial) == normalise(region(full, "directive-table"))


def test_directive_list_hides_sibling_commune_directives(world, xa_a_directive, xa_b_directive):
    page = world.client("officer_a").get(reverse("directive_list"), {"q": "binh loi"})
    assert "07-CT/ĐU" not in page.content.decode()


def test_directive_detail_groups_criteria_and_shows_rollouts(world):
    rollout = make_rollout(world)
    page = world.client("officer_a").get(reverse("directive_detail", args=[rollout.directive.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Điều cần làm (3)" in html
    assert "Điều cần tránh (4)" in html
    assert html.index("Nói đi đôi với làm") < html.index("Làm hết trách nhiệm")
    assert rollout.title in html
    assert reverse("directive_edit", args=[rollout.directive.pk]) not in html  # province's


def test_sibling_officer_gets_404_on_commune_a_directive(world, xa_a_directive, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = world.client("officer_b")
    pk = xa_a_directive.pk
    for name in ("directive_detail", "directive_edit", "directive_attachment_add"):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    response = client.post(
        reverse("directive_attachment_add", args=[pk]), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 404
    assert not DirectiveAttachment.objects.exists()


def test_commune_officer_cannot_edit_province_directive_rolled_out_to_them(world):
    rollout = make_rollout(world)
    client = world.client("officer_a")
    assert client.get(reverse("directive_detail", args=[rollout.directive.pk])).status_code == 200
    assert client.get(reverse("directive_edit", args=[rollout.directive.pk])).status_code == 404


def test_member_is_refused_directive_pages(world, xa_a_directive):
    client = world.client("member_a")
    for name, args in (
        ("directive_list", []),
        ("directive_create", []),
        ("directive_ingest", []),
        ("directive_detail", [xa_a_directive.pk]),
        ("directive_edit", [xa_a_directive.pk]),
        ("directive_attachment_add", [xa_a_directive.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code in {403, 404}, name


def test_directive_posts_require_csrf(world, xa_a_directive):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["officer_a"])
    for name, args in (
        ("directive_create", []),
        ("directive_ingest", []),
        ("directive_edit", [xa_a_directive.pk]),
        ("directive_attachment_add", [xa_a_directive.pk]),
    ):
        assert client.post(reverse(name, args=args), {}).status_code == 403, name


def _form_data(world, **overrides):
    data = {
        "kind": DirectiveKind.objects.get(code="ke-hoach").pk,
        "number": "12",
        "symbol": "12-KH/ĐU",
        "issuer": world.commune_a.pk,
        "issuer_name": "Ban Thường vụ Đảng ủy xã",
        "issued_on": "15/05/2024",
        "title": "Kế hoạch thực hiện Chỉ thị 34",
        "body": "Toàn văn kế hoạch",
        "key_tasks": "Quán triệt đến chi bộ\n\nTổ chức hội nghị",
        "dos": "Làm gương\nNói đi đôi với làm",
        "donts": "Tránh đùn đẩy",
        "deadlines": "31/05/2024 — Hoàn thành quán triệt\n30/06/2024: Nộp kế hoạch",
        "questions": "Có mấy điều cần làm?\n* 3\n- 4\n\nCó mấy điều cần tránh?\n- 3\n* 4",
    }
    data.update(overrides)
    return data


def test_create_directive_from_form_lines_keeps_order(world):
    client = world.client("officer_a")
    page = client.get(reverse("directive_create")).content.decode()
    assert "Thêm chỉ thị, nghị quyết" in page
    assert "Đảng bộ xã Bình Lợi" not in page  # not an issuer officer_a may pick
    response = client.post(reverse("directive_create"), _form_data(world))
    directive = Directive.objects.get(symbol="12-KH/ĐU")
    assert response.status_code == 302
    assert response.url == reverse("directive_detail", args=[directive.pk])
    assert list(directive.key_tasks.values_list("text", flat=True)) == [
        "Quán triệt đến chi bộ",
        "Tổ chức hội nghị",
    ]
    assert list(directive.criteria.filter(polarity=Polarity.DO).values_list("text", flat=True)) == [
        "Làm gương",
        "Nói đi đôi với làm",
    ]
    assert [(d.date, d.name) for d in directive.deadlines.all()] == [
        (datetime.date(2024, 5, 31), "Hoàn thành quán triệt"),
        (datetime.date(2024, 6, 30), "Nộp kế hoạch"),
    ]
    assert directive.questions.count() == 2
    assert directive.questions.get(order=2).choices.get(is_correct=True).text == "4"
    assert directive.created_by == world.users["officer_a"]


def test_create_directive_bad_lines_get_clear_messages_and_save_nothing(world):
    client = world.client("officer_a")
    response = client.post(
        reverse("directive_create"),
        _form_data(world, deadlines="cuối tháng 5 — Quán triệt", questions="Câu hỏi?\n* A\n* B"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dòng 1: “cuối tháng 5 — Quán triệt”" in html
    assert "Câu hỏi 1: phải đánh dấu “*” đúng một phương án đúng." in html
    assert not Directive.objects.filter(symbol="12-KH/ĐU").exists()


def test_create_directive_for_sibling_unit_is_refused(world):
    response = world.client("officer_a").post(
        reverse("directive_create"), _form_data(world, issuer=world.commune_b.pk)
    )
    assert response.status_code == 200
    assert not Directive.objects.filter(symbol="12-KH/ĐU").exists()


def test_edit_directive_round_trips_its_lines(world, xa_a_directive):
    client = world.client("officer_a")
    url = reverse("directive_edit", args=[xa_a_directive.pk])
    page = client.get(url).content.decode()
    assert "* 3\n- 4\n- 5" in page
    data = _form_data(world, dos="Điều mới một\nNói đi đôi với làm, làm điều đúng vì lợi ích chung")
    assert client.post(url, data).status_code == 302
    xa_a_directive.refresh_from_db()
    assert xa_a_directive.number == "12"
    dos = xa_a_directive.criteria.filter(polarity=Polarity.DO).order_by("order")
    assert [c.text for c in dos][0] == "Điều mới một"


def test_attachment_upload_view_refuses_a_png_named_pdf(world, xa_a_directive, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = world.client("officer_a")
    url = reverse("directive_attachment_add", args=[xa_a_directive.pk])
    response = client.post(url, {"file": SimpleUploadedFile("quyet-dinh.pdf", PNG)})
    assert response.status_code == 200
    assert "Tệp “quyet-dinh.pdf” không phải là tệp PDF thật" in response.content.decode()
    ok = client.post(url, {"file": SimpleUploadedFile("quyet-dinh.pdf", PDF)})
    assert ok.status_code == 302
    attachment = DirectiveAttachment.objects.get()
    download = client.get(
        reverse("directive_attachment_file", args=[xa_a_directive.pk, attachment.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    other = world.client("officer_b").get(
        reverse("directive_attachment_file", args=[xa_a_directive.pk, attachment.pk])
    )
    assert other.status_code == 404


# --- "Tạo từ văn bản" -------------------------------------------------------------------


def _parse(client, data, capture):
    """POST the text: the parse runs as a background job (inline on commit in tests), then
    the job page sends the officer on to the reviewed draft."""
    with capture(execute=True):
        response = client.post(reverse("directive_ingest"), data)
    if response.status_code != 302:
        return response
    followed = client.get(response["Location"], follow=True)
    followed.redirect_chain.insert(0, (response["Location"], 302))
    return followed


def test_ingest_runs_as_a_job_and_shows_prefilled_draft_with_sources_and_saves_nothing(
    world, django_capture_on_commit_callbacks
):
    client = world.client("leader")
    text = SAMPLE.read_text(encoding="utf-8")
    before = Directive.objects.count()
    response = _parse(client, {"step": "parse", "text": text}, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="directive_ingest")
    assert job.status == Job.Status.DONE and job.created_by == world.users["leader"]
    assert [r[0] for r in response.redirect_chain] == [
        reverse("directive_ingest_job", args=[job.pk]),
        reverse("directive_ingest_result", args=[job.pk]),
    ]
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kiểm tra bản nháp trước khi lưu" in html
    assert Directive.objects.count() == before
    assert 'value="34"' in html
    assert 'value="20/04/2024"' in html  # dd/mm/yyyy, whatever the browser's locale
    assert "<mark>ngày 20.4.2024</mark>" in html
    assert "Nói đi đôi với làm, làm điều đúng vì lợi ích chung" in html
    assert "Tránh an phận thủ thường, dĩ hòa vi quý" in html
    assert "31/05/2024 — " in html
    assert "<mark>Thời gian hoàn thành việc quán triệt, học tập trong tháng 5.2024.</mark>" in html
    assert "<mark>nói đi đôi với làm, làm điều đúng vì lợi ích chung</mark>" in html
    assert "Nguyễn Thái Học" in html


def test_ingest_confirm_creates_the_corrected_directive(world, django_capture_on_commit_callbacks):
    client = world.client("leader")
    text = SAMPLE.read_text(encoding="utf-8")
    review = _parse(client, {"step": "parse", "text": text}, django_capture_on_commit_callbacks)
    form = review.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["issued_on"] = "2024-04-20"
    data["symbol"] = "34-CT/TU"  # the officer corrects a field the news report lacked
    data["step"] = "confirm"
    response = client.post(reverse("directive_ingest"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    directive = Directive.objects.get(symbol="34-CT/TU")
    assert directive.issued_on == datetime.date(2024, 4, 20)
    assert directive.criteria.filter(polarity=Polarity.DO).count() == 3
    assert directive.criteria.filter(polarity=Polarity.AVOID).count() == 4
    assert directive.deadlines.get().date == datetime.date(2024, 5, 31)
    assert directive.issuer == world.root


def test_ingest_unreadable_input_gets_a_clear_message(world, django_capture_on_commit_callbacks):
    client = world.client("officer_a")
    bad_docx = SimpleUploadedFile("chi-thi.docx", b"this is not a zip file")
    response = _parse(
        client, {"step": "parse", "file": bad_docx}, django_capture_on_commit_callbacks
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="ingest-error"' in html
    assert "không hợp lệ" in html
    nothing = _parse(
        client,
        {"step": "parse", "text": "Hôm nay trời đẹp, đi chơi."},
        django_capture_on_commit_callbacks,
    )
    assert "Không tìm thấy chỉ thị, nghị quyết nào" in nothing.content.decode()
    empty = client.post(reverse("directive_ingest"), {"step": "parse", "text": "  "})
    assert "Hãy dán nội dung văn bản hoặc chọn một tệp." in empty.content.decode()


def test_ingest_accepts_an_uploaded_txt(world, django_capture_on_commit_callbacks):
    client = world.client("leader")
    upload = SimpleUploadedFile("chi-thi-34.txt", SAMPLE.read_bytes())
    response = _parse(client, {"step": "parse", "file": upload}, django_capture_on_commit_callbacks)
    assert "Kiểm tra bản nháp trước khi lưu" in response.content.decode()


def test_ingest_marks_fields_the_parser_is_unsure_of(world, django_capture_on_commit_callbacks):
    client = world.client("leader")
    text = SAMPLE.read_text(encoding="utf-8")
    response = _parse(client, {"step": "parse", "text": text}, django_capture_on_commit_callbacks)
    html = response.content.decode()
    # a news report (no header): the number and date come from prose that cites other documents
    assert 'class="form-row ingest-unsure" id="row-number"' in html
    assert 'class="form-row ingest-unsure" id="row-issued_on"' in html
    # the 3 + 4 criteria were announced with their counts and all found: not marked
    assert 'class="form-row" id="row-dos"' in html


def test_ingest_job_pages_are_the_creators_only(world, django_capture_on_commit_callbacks):
    text = SAMPLE.read_text(encoding="utf-8")
    _parse(
        world.client("leader"), {"step": "parse", "text": text}, django_capture_on_commit_callbacks
    )
    job = Job.objects.get(kind="directive_ingest")
    other = world.client("officer_a")
    assert other.get(reverse("directive_ingest_result", args=[job.pk])).status_code == 404
    assert other.get(reverse("directive_ingest_job", args=[job.pk])).status_code == 404


def test_a_running_ingest_job_shows_its_progress(world):
    job = Job.objects.create(
        kind="directive_ingest",
        created_by=world.users["leader"],
        status=Job.Status.RUNNING,
        progress=1,
        total=3,
        message="Đã nhận dạng 1/2 trang",
    )
    html = (
        world.client("leader").get(reverse("directive_ingest_job", args=[job.pk])).content.decode()
    )
    assert "Đã nhận dạng 1/2 trang" in html
    assert "hx-trigger" in html  # the page polls until the job ends


def test_directive_detail_for_rollout_directive_made_by_factory(world):
    directive = make_directive(world.commune_a)
    page = world.client("leader_a").get(reverse("directive_detail", args=[directive.pk]))
    assert "Câu hỏi 1?" in page.content.decode()


def test_ingest_confirm_warns_before_saving_a_second_directive_34(
    world, django_capture_on_commit_callbacks
):
    client = world.client("leader")
    text = SAMPLE.read_text(encoding="utf-8")
    review = _parse(client, {"step": "parse", "text": text}, django_capture_on_commit_callbacks)
    form = review.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["issued_on"] = "20/04/2024"  # typed as the app shows dates
    data["symbol"] = "34-CT/TU"
    data["step"] = "confirm"
    assert client.post(reverse("directive_ingest"), data).status_code == 302
    again = client.post(reverse("directive_ingest"), data)
    html = again.content.decode()
    assert again.status_code == 200
    assert "Văn bản có thể đã có trong hệ thống" in html and 'name="duplicate_ok"' in html
    assert 'value="34-CT/TU"' in html  # everything typed is kept
    assert Directive.objects.filter(symbol="34-CT/TU").count() == 1
    confirmed = client.post(reverse("directive_ingest"), {**data, "duplicate_ok": "1"})
    assert confirmed.status_code == 302
    assert Directive.objects.filter(symbol="34-CT/TU").count() == 2


def test_dates_are_typed_and_shown_dd_mm_yyyy():
    from apps.common.dates import vn_date_field, vn_datetime_field

    field = vn_date_field("Ngày")
    assert field.clean("31/05/2024") == datetime.date(2024, 5, 31)
    assert field.clean("2024-05-31") == datetime.date(2024, 5, 31)
    assert 'type="text"' in field.widget.render("d", datetime.date(2024, 5, 31))
    assert 'value="31/05/2024"' in field.widget.render("d", datetime.date(2024, 5, 31))
    assert 'placeholder="dd/mm/yyyy"' in field.widget.render("d", None)
    moment = vn_datetime_field("Lúc").clean("31/05/2024 08:30")
    assert (moment.day, moment.month, moment.hour, moment.minute) == (31, 5, 8, 30)
