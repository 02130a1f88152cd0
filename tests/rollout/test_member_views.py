"""Member self-service: "Việc của tôi", the text, the quiz, the commitment and history."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.rollout.enums import AttendanceStatus, StudyKind
from apps.rollout.models import Participant, StudyRecord
from apps.rollout.services.deadlines import unit_deadline_set
from apps.rollout.services.sessions import attendance_mark
from tests.rollout.test_session_views import assert_region
from tests.rollout.test_sessions import current_rollout, schedule


@pytest.fixture
def mine(world):
    rollout = current_rollout(world)
    member = Participant.objects.get(rollout=rollout, person=world.member_a)
    return rollout, member


def answers(rollout, correct=True):
    return {
        f"q_{q.pk}": str(q.choices.get(is_correct=correct).pk)
        for q in rollout.directive.questions.all()
    }


def criteria(rollout):
    return [str(pk) for pk in rollout.directive.criteria.values_list("pk", flat=True)]


def test_my_tasks_lists_what_i_still_owe_and_my_units_deadline(world, mine):
    rollout, member = mine
    today = timezone.localdate()
    earlier = today + datetime.timedelta(days=7)
    unit_deadline_set(
        actor=world.users["officer_a"],
        rollout=rollout,
        unit=world.commune_a,
        dissemination_due=earlier,
        plan_due=earlier,
    )
    session = schedule(world, rollout)
    client = world.client("member_a")
    full = client.get(reverse("my_tasks"))
    body = full.content.decode()
    assert "Chỉ thị số 34-CT/TU" in body
    assert f"{earlier:%d/%m/%Y}" in body  # the commune's earlier deadline, not the province's
    assert "Chưa hoàn thành" in body
    assert "Ký bản cam kết" in body and "học bù" in body
    assert session.title in body and reverse("session_checkin", args=[session.pk]) in body
    assert reverse("my_participation", args=[member.pk]) in body
    assert_region(full, client.get(reverse("my_tasks"), HTTP_HX_REQUEST="true"))


def test_my_tasks_without_a_person_record(world):
    body = world.client("admin").get(reverse("my_tasks")).content.decode()
    assert "chưa gắn với hồ sơ" in body


def test_badge_counts_what_is_pending(world, mine):
    rollout, member = mine
    client = world.client("member_a")
    body = client.get(reverse("my_tasks_badge")).content.decode()
    assert re.search(r'count-badge"[^>]*>1<', body)
    Participant.objects.filter(pk=member.pk).update(done=True)
    assert client.get(reverse("my_tasks_badge")).content.decode().strip() == ""


def test_nav_partial_loads_the_badge(world):
    from django.template.loader import render_to_string

    html = render_to_string("rollout/partials/_member_nav.html")
    assert reverse("my_tasks") in html and reverse("my_tasks_badge") in html


def test_participation_page_shows_text_link_tasks_quiz_and_commitment(world, mine):
    rollout, member = mine
    body = (
        world.client("member_a").get(reverse("my_participation", args=[member.pk])).content.decode()
    )
    assert "Quán triệt đến mọi cán bộ" in body  # key task
    assert reverse("my_reading", args=[member.pk]) in body
    assert "Hãy đọc toàn văn trước khi làm bài kiểm tra." in body
    assert f"Điểm đạt: {rollout.quiz_pass_percent}%" in body
    assert "còn 3 lần" in body
    for text in rollout.directive.criteria.values_list("text", flat=True):
        assert text in body
    assert "Tôi cam kết" in body
    member.refresh_from_db()
    assert member.read_at is None  # only opening the text counts as reading


def test_opening_the_text_records_reading_then_the_quiz_appears(world, mine):
    rollout, member = mine
    client = world.client("member_a")
    text = client.get(reverse("my_reading", args=[member.pk]))
    assert "Toàn văn chỉ thị…" in text.content.decode()
    assert "Tôi đã đọc xong" in text.content.decode()
    member.refresh_from_db()
    assert member.read_at is None  # a GET changes nothing (issue 16 defect 7)
    done = client.post(reverse("my_reading", args=[member.pk]))
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.read_at is not None
    body = client.get(reverse("my_participation", args=[member.pk])).content.decode()
    assert "Câu 1. Câu hỏi 1?" in body and "Nộp bài" in body


def test_quiz_result_is_shown_after_submit_htmx(world, mine):
    rollout, member = mine
    client = world.client("member_a")
    client.post(reverse("my_reading", args=[member.pk]))
    url = reverse("my_quiz", args=[member.pk])
    failed = client.post(url, answers(rollout, correct=False), HTTP_HX_REQUEST="true")
    body = failed.content.decode()
    assert body.startswith('<div id="member-quiz"')
    assert "Kết quả: 0% — Chưa đạt." in body and "còn 2 lần" in body
    passed = client.post(url, answers(rollout), HTTP_HX_REQUEST="true").content.decode()
    assert "Kết quả: 100% — Đạt." in passed
    assert "Bạn đã học bù đạt." in passed
    member.refresh_from_db()
    assert member.makeup_passed


def test_quiz_post_without_htmx_redirects_with_message(world, mine):
    rollout, member = mine
    client = world.client("member_a")
    client.post(reverse("my_reading", args=[member.pk]))
    response = client.post(reverse("my_quiz", args=[member.pk]), answers(rollout))
    assert response.status_code == 302
    assert response["Location"].endswith("#kiem-tra")
    page = client.get(response["Location"]).content.decode()
    assert "Bạn đạt 100%" in page


def test_quiz_before_reading_is_refused_with_a_message(world, mine):
    rollout, member = mine
    response = world.client("member_a").post(
        reverse("my_quiz", args=[member.pk]), answers(rollout), HTTP_HX_REQUEST="true"
    )
    assert "Hãy đọc toàn văn chỉ thị trước khi làm bài kiểm tra." in response.content.decode()
    assert not member.study_records.filter(kind=StudyKind.QUIZ).exists()


def test_quiz_with_a_missing_answer_names_the_question(world, mine):
    rollout, member = mine
    client = world.client("member_a")
    client.post(reverse("my_reading", args=[member.pk]))
    data = answers(rollout)
    data.pop(next(iter(data)))
    response = client.post(reverse("my_quiz", args=[member.pk]), data, HTTP_HX_REQUEST="true")
    assert "Chưa trả lời câu: 1." in response.content.decode()


def test_quiz_after_the_deadline_shows_why(world):
    today = timezone.localdate()
    rollout = current_rollout(
        world,
        starts_on=today - datetime.timedelta(days=30),
        dissemination_due=today - datetime.timedelta(days=1),
    )
    member = Participant.objects.get(rollout=rollout, person=world.member_a)
    client = world.client("member_a")
    client.post(reverse("my_reading", args=[member.pk]))
    body = client.get(reverse("my_participation", args=[member.pk])).content.decode()
    assert "Đã quá hạn học tập" in body and "Nộp bài" not in body
    response = client.post(
        reverse("my_quiz", args=[member.pk]), answers(rollout), HTTP_HX_REQUEST="true"
    )
    assert "Đã quá hạn học tập" in response.content.decode()
    assert not StudyRecord.objects.filter(kind=StudyKind.QUIZ).exists()


def test_commitment_needs_every_criterion_then_is_read_only(world, mine):
    rollout, member = mine
    client = world.client("member_a")
    url = reverse("my_commitment", args=[member.pk])
    ids = criteria(rollout)
    partial = client.post(url, {"confirmed": ids[:-1]}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="member-commitment"')
    assert "Hãy xác nhận đủ các điều cam kết; còn thiếu" in partial
    assert partial.count("checked") == len(ids) - 1  # ticks are kept
    member.refresh_from_db()
    assert not member.commitment_signed
    response = client.post(url, {"confirmed": ids})
    assert response.status_code == 302 and response["Location"].endswith("#cam-ket")
    page = client.get(reverse("my_participation", args=[member.pk])).content.decode()
    assert "Đã ký lúc" in page and "Bản cam kết không thể thay đổi" in page
    assert 'name="confirmed"' not in page
    second = client.post(url, {"confirmed": ids}, HTTP_HX_REQUEST="true").content.decode()
    assert "không thể thay đổi" in second
    assert StudyRecord.objects.filter(participant=member, kind=StudyKind.COMMITMENT).count() == 1


def test_history_lists_marks_and_study(world, mine):
    rollout, member = mine
    session = schedule(world, rollout)
    attendance_mark(
        actor=world.users["officer_a"],
        point=session.points.get(unit=world.cell_a1),
        marks={member.pk: (AttendanceStatus.EXCUSED, "Đi công tác")},
    )
    client = world.client("member_a")
    client.post(reverse("my_reading", args=[member.pk]))
    body = client.get(reverse("my_participation", args=[member.pk])).content.decode()
    history = body[body.index('id="member-history"') :]
    assert session.title in history and "Vắng có lý do" in history and "Đi công tác" in history
    assert "Đọc toàn văn" in history


def test_quiz_and_commitment_fragments_equal_their_regions(world, mine):
    _, member = mine
    client = world.client("member_a")
    client.post(reverse("my_reading", args=[member.pk]))
    full = client.get(reverse("my_participation", args=[member.pk]))
    for name in ("my_quiz", "my_commitment"):
        assert_region(full, client.get(reverse(name, args=[member.pk]), HTTP_HX_REQUEST="true"))


def test_pages_are_single_column_with_big_touch_targets(world, mine):
    _, member = mine
    client = world.client("member_a")
    client.post(reverse("my_reading", args=[member.pk]))
    body = client.get(reverse("my_participation", args=[member.pk])).content.decode()
    assert 'class="narrow"' in body
    assert 'class="choice"' in body and 'class="big block"' in body
    assert 'name="viewport"' in body


# --- scope and CSRF ----------------------------------------------------------------------------

MEMBER_ROUTES = ("my_participation", "my_reading", "my_quiz", "my_commitment")


def test_another_members_participation_is_404(world, mine):
    rollout, _ = mine
    other = Participant.objects.get(rollout=rollout, person=world.person_a)  # same cell
    client = world.client("member_a")
    for name in MEMBER_ROUTES:
        url = reverse(name, args=[other.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"confirmed": criteria(rollout)}).status_code == 404, name
    assert not StudyRecord.objects.exists()


def test_sibling_officer_gets_404_on_xa_a_participations(world, mine):
    rollout, member = mine
    client = world.client("officer_b")
    for name in MEMBER_ROUTES:
        url = reverse(name, args=[member.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, {}).status_code == 404, name


def test_officer_sees_a_persons_page_read_only_and_cannot_act_for_them(world, mine):
    rollout, member = mine
    client = world.client("officer_a")
    body = client.get(reverse("my_participation", args=[member.pk])).content.decode()
    assert "chỉ xem" in body and "Nộp bài" not in body and 'name="confirmed"' not in body
    client.post(reverse("my_reading", args=[member.pk]))
    member.refresh_from_db()
    assert member.read_at is None  # an officer opening the text is not the member reading it
    assert (
        client.post(
            reverse("my_commitment", args=[member.pk]), {"confirmed": criteria(rollout)}
        ).status_code
        == 404
    )
    assert client.post(reverse("my_quiz", args=[member.pk]), answers(rollout)).status_code == 404
    assert not StudyRecord.objects.exists()


def test_member_sees_nothing_of_others_on_my_tasks(world, mine):
    body = world.client("member_a").get(reverse("my_tasks")).content.decode()
    assert "Nguyễn Thái Học" not in body and "Lê Văn Bên Kia" not in body


@pytest.mark.parametrize("name", ["my_quiz", "my_commitment"])
def test_member_posts_without_csrf_token_are_refused(world, mine, name):
    rollout, member = mine
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["member_a"])
    client.post(reverse("my_reading", args=[member.pk]))
    data = {"confirmed": criteria(rollout), **answers(rollout)}
    assert client.post(reverse(name, args=[member.pk]), data).status_code == 403
    assert not StudyRecord.objects.exclude(kind=StudyKind.READ).exists()


def test_anonymous_is_sent_to_login(world, mine):
    _, member = mine
    for url in (reverse("my_tasks"), reverse("my_participation", args=[member.pk])):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_after_the_quiz_the_status_box_is_swapped_out_of_band(world, mine):
    _, member = mine
    client = world.client("member_a")
    client.post(reverse("my_reading", args=[member.pk]))
    page = client.get(reverse("my_participation", args=[member.pk]))
    form = page.context["quiz_form"]
    answers = {
        name: next(v for v, label in field.field.choices if label == "Đúng")
        for name, field in ((n, form[n]) for n in form.fields)
    }
    response = client.post(
        reverse("my_quiz", args=[member.pk]), answers, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'id="member-status"' in response and 'hx-swap-oob="true"' in response
    assert "Đã học bù đạt" in response
