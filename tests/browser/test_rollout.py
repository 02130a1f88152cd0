"""Dissemination end to end in headless Chromium (issue 3 §10).

An officer of the commune schedules a hybrid session with three connection points (the
commune's hall, cell 1, cell 2) and marks cell 1's attendance with two absences. The member
absent with a reason logs in, reads the full text, passes the make-up quiz and signs the
commitment; cell 1 then shows 100% and the commune's figures change accordingly.

Set-up done through the services, not the browser (it is not what the scenario is about):
the three cell members who attended sign their commitments themselves (the rollout keeps
`requires_commitment`, so attending alone is not enough), and the one absent without a reason
does the make-up (reads, passes the quiz, signs). That happens before the officer's first
reading of the progress page, so between the two readings only the absent member's own
make-up changes the figures.
"""

import datetime

import pytest
from django.utils import timezone
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from apps.directives.models import QuizQuestion
from apps.rollout.enums import AttendanceStatus, SessionMode
from apps.rollout.models import Attendance, Participant, Session
from apps.rollout.services.study import (
    commitment_criteria,
    commitment_sign,
    quiz_submit,
    study_read,
)
from tests.people.factories import PersonFactory, UserFactory
from tests.rollout.factories import make_rollout

pytestmark = pytest.mark.browser

WAIT = 10
HALL = "Hội trường Đảng ủy xã An Bình"


def _wait(page, condition):
    return WebDriverWait(
        page.driver, WAIT, ignored_exceptions=(StaleElementReferenceException,)
    ).until(condition)


def _wait_text(page, text):
    _wait(page, lambda d: text in d.find_element(By.TAG_NAME, "body").text)


def _login(page, username, password):
    page.login(username, password)
    assert page.css("nav.mainnav a[href='/ho-so/']").text == username


def _set_value(page, element, value):
    """datetime-local inputs: typing depends on the browser's locale, so set the value."""
    page.driver.execute_script("arguments[0].value = arguments[1];", element, value)


def _progress_cells(page, unit_name):
    """(people, exempt, done, percent) of a unit's row of the progress table."""
    row = page.driver.find_element(
        By.XPATH,
        f"//table[contains(@class,'progress-table')]//tbody/tr[td[1]/a[normalize-space()="
        f"'{unit_name}']]",
    )
    cells = [td.get_attribute("textContent").strip() for td in row.find_elements(By.TAG_NAME, "td")]
    return cells[1], cells[2], cells[3], cells[4]


def _progress_total(page):
    cells = page.all("table.progress-table tfoot tr.total-row th")
    texts = [c.get_attribute("textContent").strip() for c in cells]
    return texts[1], texts[2], texts[3], texts[4]


def _summary(page):
    return page.css("#progress-table .progress-summary p").text


def _make_up(person):
    """Read, pass the quiz and sign, as the person themself (through the services)."""
    participant = Participant.objects.get(person=person)
    participant = study_read(actor=person.user, participant=participant)
    answers = {
        q.pk: q.choices.get(is_correct=True).pk
        for q in QuizQuestion.objects.filter(directive_id=participant.rollout.directive_id)
    }
    assert quiz_submit(actor=person.user, participant=participant, answers=answers).passed
    _sign(person)


def _sign(person):
    participant = Participant.objects.select_related("rollout").get(person=person)
    criteria = commitment_criteria(participant.rollout.directive_id)
    commitment_sign(actor=person.user, participant=participant, confirmed=[c.pk for c in criteria])


def test_hybrid_session_absence_make_up_and_progress(page, world, password):
    # Cell 1 gets three more members (with logins, so they can sign for themselves) before
    # the launch: the participants are taken when the rollout is launched.
    world.person_a.user = UserFactory(username="person_a")
    world.person_a.save(update_fields=["user"])
    extra = [
        PersonFactory(full_name=name, unit=world.cell_a1, user=UserFactory(username=login))
        for name, login in (
            ("Lê Thị Có Mặt", "co_mat_1"),
            ("Phạm Văn Đúng Giờ", "co_mat_2"),
            ("Hoàng Văn Vắng Mặt", "vang_mat"),
        )
    ]
    absent = extra[2]
    member = world.member_a
    today = timezone.localdate()
    rollout = make_rollout(
        world,
        starts_on=today - datetime.timedelta(days=1),
        dissemination_due=today + datetime.timedelta(days=30),
        plan_due=today + datetime.timedelta(days=30),
    )
    cell_people = [member, world.person_a, *extra]
    assert Participant.objects.filter(rollout=rollout, unit=world.cell_a1).count() == 5

    # 1. The commune officer schedules a hybrid session with three connection points.
    _login(page, "officer_a", password)
    page.open(f"/trien-khai/{rollout.pk}/don-vi/{world.commune_a.pk}/hoi-nghi/")
    page.driver.find_element(By.LINK_TEXT, "Lên lịch hội nghị").click()
    _wait_text(page, "Lên lịch hội nghị quán triệt")
    now = timezone.localtime().replace(second=0, microsecond=0)
    starts = (now - datetime.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    ends = (now + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    page.css("#id_title").send_keys("Hội nghị quán triệt Chỉ thị 34 toàn xã")
    _set_value(page, page.css("#id_starts_at"), starts)
    _set_value(page, page.css("#id_ends_at"), ends)
    page.css("#id_place").send_keys(HALL)
    page.css(f"input[name=mode][value={SessionMode.HYBRID}]").click()
    assert len(page.all(".point-form-row")) == 2
    page.css("#id_points-0-unit_code").send_keys(world.commune_a.code)
    page.css("#id_points-0-place").send_keys(HALL)
    page.css("#id_points-1-unit_code").send_keys(world.cell_a1.code)
    page.css("#id_points-1-place").send_keys("Nhà văn hóa thôn 1")
    page.css("button[name=add_point]").click()
    _wait(page, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".point-form-row")) == 3)
    # What was typed is kept when the form comes back with one more row.
    assert page.css("#id_title").get_attribute("value") == "Hội nghị quán triệt Chỉ thị 34 toàn xã"
    assert page.css("#id_starts_at").get_attribute("value") == starts
    assert page.css(f"input[name=mode][value={SessionMode.HYBRID}]").is_selected()
    assert page.css("#id_points-1-unit_code").get_attribute("value") == world.cell_a1.code
    page.css("#id_points-2-unit_code").send_keys(world.cell_a2.code)
    page.css("#id_points-2-place").send_keys("Nhà văn hóa thôn 2")
    page.css("button[name=save]").click()
    _wait_text(page, "Đã lên lịch hội nghị")
    session = Session.objects.get(rollout=rollout)
    assert session.mode == SessionMode.HYBRID
    assert "Kết hợp trực tiếp và trực tuyến" in page.text()
    lines = page.all("tr.point-line")
    assert [line.find_element(By.TAG_NAME, "td").text for line in lines] == [
        f"{world.commune_a.name} điểm cầu chính",
        world.cell_a1.name,
        world.cell_a2.name,
    ]
    assert "Đang diễn ra" in page.css("h1").text

    # 2. Cell 1's attendance: everyone present except two absences.
    cell_line = next(line for line in lines if line.text.startswith(world.cell_a1.name))
    cell_line.find_element(By.LINK_TEXT, "Điểm danh").click()
    _wait_text(page, f"Điểm danh: {world.cell_a1.name}")
    assert len(page.all("tr.mark-row")) == 5
    Select(page.css(f"select[aria-label='Điểm danh {member.full_name}']")).select_by_value(
        AttendanceStatus.EXCUSED
    )
    page.css(f"input[aria-label='Lý do vắng của {member.full_name}']").send_keys(
        "Đi công tác tại huyện"
    )
    Select(page.css(f"select[aria-label='Điểm danh {absent.full_name}']")).select_by_value(
        AttendanceStatus.ABSENT
    )
    page.css("button[name=all_present]").click()
    _wait_text(page, "Đã lưu điểm danh (5 người thay đổi).")
    counts = page.css("#marking p.counts").text
    assert "Có mặt 3" in counts
    assert "Vắng có lý do 1" in counts
    assert "Vắng không lý do 1" in counts
    assert "Chưa điểm danh 0" in counts
    statuses = dict(
        Attendance.objects.filter(session=session).values_list("participant__person", "reason")
    )
    assert statuses[member.pk] == "Đi công tác tại huyện"
    assert set(
        Participant.objects.filter(rollout=rollout, attended=True).values_list("person", flat=True)
    ) == {p.pk for p in cell_people if p not in (member, absent)}

    # Set-up through the services: those who attended sign their commitments; the one absent
    # without a reason does the make-up. Only member_a is left in cell 1.
    for person in cell_people:
        if person not in (member, absent):
            _sign(person)
    _make_up(absent)

    # 3. The officer reads the commune's progress before member_a's make-up.
    page.open(f"/trien-khai/{rollout.pk}/tien-do/?unit={world.commune_a.pk}")
    _wait_text(page, f"Tiến độ quán triệt — {world.commune_a.name}")
    assert _progress_cells(page, world.cell_a1.name) == ("5", "0", "4", "80,0%")
    total_before = _progress_total(page)
    summary_before = _summary(page)

    # 4. member_a logs in, opens "Việc của tôi", reads, passes the quiz, signs.
    page.switch_user("member_a", password)
    page.css("nav.mainnav a[href='/cua-toi/']").click()
    _wait_text(page, "Chưa hoàn thành")
    card = page.css("article.task-card")
    assert "Dự hội nghị quán triệt, hoặc học bù" in card.text
    assert "Ký bản cam kết" in card.text
    card.find_element(By.LINK_TEXT, "Học tập, cam kết").click()
    _wait_text(page, "Chưa dự hội nghị, chưa học bù")
    assert "Hãy đọc toàn văn trước khi làm bài kiểm tra." in page.text()
    page.css("#toan-van a.button").click()
    _wait_text(page, "Toàn văn chỉ thị…")
    assert "Điều cần làm, điều cần tránh" in page.text()
    page.driver.find_element(By.XPATH, "//button[normalize-space()='Tôi đã đọc xong']").click()
    _wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#member-quiz form.quiz"))
    questions = page.all("#member-quiz fieldset.question")
    assert len(questions) == 2
    for question in questions:
        question.find_element(By.XPATH, ".//label[normalize-space()='Đúng']/input").click()
    page.css("#member-quiz button[type=submit]").click()
    _wait_text(page, "Kết quả: 100% — Đạt. Bạn đã hoàn thành học bù.")
    boxes = page.all("#member-commitment input[name=confirmed]")
    assert len(boxes) == 7
    for box in boxes:
        box.click()
    page.css("#member-commitment button[type=submit]").click()
    _wait_text(page, "Bản cam kết không thể thay đổi.")
    page.open("/cua-toi/")
    _wait_text(page, "Đã hoàn thành")
    assert "Bạn còn phải" not in page.text()
    participant = Participant.objects.get(rollout=rollout, person=member)
    assert participant.makeup_passed and participant.commitment_signed and participant.done
    assert not participant.attended

    # 5. The officer sees cell 1 at 100% and the commune's figures changed by one person.
    page.switch_user("officer_a", password)
    page.open(f"/trien-khai/{rollout.pk}/tien-do/?unit={world.commune_a.pk}")
    _wait_text(page, f"Tiến độ quán triệt — {world.commune_a.name}")
    assert _progress_cells(page, world.cell_a1.name) == ("5", "0", "5", "100,0%")
    total_after = _progress_total(page)
    summary_after = _summary(page)
    assert total_after != total_before
    assert total_after[0] == total_before[0]  # the same people to reach
    assert int(total_after[2]) == int(total_before[2]) + 1
    people = int(total_after[0])
    assert total_before[3] == f"{100 * 4 / people:.1f}".replace(".", ",") + "%"
    assert total_after[3] == f"{100 * 5 / people:.1f}".replace(".", ",") + "%"
    assert summary_before.startswith(f"4 / {people} người đã hoàn thành")
    assert summary_after.startswith(f"5 / {people} người đã hoàn thành")
