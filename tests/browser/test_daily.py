"""A working day per role, in headless Chromium: from the home page alone each person reaches
every item waiting for them, acts on it and sees the count drop. axe-core checks each role's
home page, the progress page, the attendance page, the member pages and the report form (no
critical or serious violation). The member does it all on a 360×740 window.
"""

import datetime

import pytest
from django.utils import timezone
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from apps.plans.enums import PlanStatus, ReportStatus
from apps.plans.models import Report
from apps.plans.services.plans import plan_create, plan_transition
from apps.rollout.models import Participant
from tests.browser.axe import assert_accessible
from tests.dashboards.progress_helpers import hold_session
from tests.people.factories import AssignmentFactory, PersonFactory, UserFactory
from tests.plans.factories import docx_upload, make_quarter
from tests.rollout.factories import make_rollout

pytestmark = pytest.mark.browser

TEXTS = [
    "Đã quán triệt Chỉ thị 34 đến toàn thể đảng viên của xã.",
    "Một số đảng viên đi làm ăn xa chưa dự được hội nghị.",
    "Tổ chức học bù, kiểm tra việc thực hiện cam kết trong quý tới.",
    "Đề nghị Tỉnh ủy cung cấp thêm tài liệu hỏi đáp về Chỉ thị.",
]


def _wait(page, condition, timeout=15):
    WebDriverWait(page.driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: condition()
    )


def _wait_text(page, text):
    _wait(
        page,
        lambda: text in (page.driver.execute_script("return document.body.innerText") or ""),
    )


def _count(page, section="can-xu-ly"):
    return int(page.css(f"#{section} .count").get_attribute("data-count"))


def _home(page):
    page.wait_idle()
    page.click_and_load(page.css("a.brand"))  # the home page, as a person would reach it
    page.css("h1")
    page.wait_idle()


def _item(page, label_start):
    for link in page.all("#can-xu-ly .work-item a"):
        if label_start in link.text:
            return link
    raise AssertionError(f"{label_start!r} not on the home page: {page.css('#can-xu-ly').text}")


@pytest.fixture
def rollout(world):
    return make_rollout(world)


def test_leader_decides_the_plan_waiting_for_them_from_the_home_page(
    page, world, password, rollout
):
    plan = plan_create(
        actor=world.users["officer_a"], rollout=rollout, unit=world.commune_a, title="Kế hoạch xã"
    )
    plan_transition(
        actor=world.users["officer_a"], plan=plan, to=PlanStatus.SUBMITTED, document=docx_upload()
    )
    report: dict = {}
    page.login("leader", password)
    _home(page)
    assert_accessible(page, "leader home", report)
    before = _count(page)
    assert "Thông báo\n1" in page.css("nav.mainnav").text.replace(" 1", "\n1")  # unread badge
    item = _item(page, "Kế hoạch chờ đồng chí phê duyệt")
    assert item.find_element(By.CSS_SELECTOR, ".work-count").text == "1"
    item.click()
    _wait_text(page, "Chờ tôi quyết định")
    page.driver.find_element(By.LINK_TEXT, "Kế hoạch xã").click()
    Select(page.css("#plan-decide-form select[name=decision]")).select_by_value("approved")
    page.css("#plan-decide-form button[type=submit]").click()
    _wait_text(page, "Đã phê duyệt kế hoạch.")
    _home(page)
    assert _count(page) == before - 1
    assert "Kế hoạch chờ đồng chí phê duyệt" not in page.css("#can-xu-ly").text

    # The headline figures lead to the province's progress table, worst first.
    page.css(".home-headline h2 a").click()
    page.css("table.progress-table")
    page.css("#worst-first").click()
    _wait(page, lambda: "sap_xep=cham_nhat" in page.driver.current_url)
    page.wait_idle()
    assert_accessible(page, "progress page", report)


def test_officer_marks_attendance_and_sends_the_report_keeping_every_typed_text(
    page, world, password, rollout
):
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1])
    period = make_quarter(rollout, due=timezone.localdate() + datetime.timedelta(days=5))
    report: dict = {}
    page.login("officer_a", password)
    _home(page)
    assert_accessible(page, "officer home", report)
    before = _count(page)

    # 1. Attendance at the cell's connection point, reached from the home page.
    _item(page, f"Điểm danh: {session.title} — {world.cell_a1.name}").click()
    page.css("table.marking")
    assert_accessible(page, "attendance page", report)
    page.css("button[name=all_present]").click()
    _wait_text(page, "Đã lưu điểm danh")
    # On a phone the status drop-downs show their whole label ("Vắng không lý do").
    marking_url = page.driver.current_url
    page.driver.set_window_size(360, 740)
    try:
        page.driver.get(marking_url)
        select = page.css("table.marking select")
        Select(select).select_by_value("absent")
        widths = page.driver.execute_script(
            "const s = arguments[0]; const c = document.createElement('canvas').getContext('2d');"
            "c.font = getComputedStyle(s).font;"
            "return [s.clientWidth, c.measureText(s.options[s.selectedIndex].text).width];",
            select,
        )
        assert widths[0] >= widths[1] + 16, widths  # the text and the arrow fit
        assert_accessible(page, "attendance page (360 px)", report)
    finally:
        page.driver.set_window_size(1280, 1000)
    _home(page)
    assert _count(page) == before - 1

    # 2. The report: a number error keeps all four written sections, then it is sent.
    _item(page, f"Gửi báo cáo {period.name} — {world.commune_a.name}").click()
    page.css("#report-form")
    assert_accessible(page, "report form", report)
    areas = page.all("#report-form textarea")
    assert len(areas) == 4
    for area, text in zip(areas, TEXTS, strict=True):
        area.send_keys(text)
    violations = page.css("#report-form input[name^=value_]:not([readonly])")
    violations.send_keys("hai")
    page.css("#report-form button[name=submit]").click()
    _wait_text(page, "không phải là số nguyên")
    assert [a.get_attribute("value") for a in page.all("#report-form textarea")] == TEXTS
    assert page.css("#report-form input[name^=value_]:not([readonly])").get_attribute("value") == (
        "hai"
    )
    assert_accessible(page, "report form with errors", report)
    field = page.css("#report-form input[name^=value_]:not([readonly])")
    field.clear()
    field.send_keys("2")
    page.css("#report-form button[name=submit]").click()
    _wait_text(page, "Đã gửi báo cáo lên cấp trên.")
    sent = Report.objects.get(period=period, unit=world.commune_a)
    assert sent.status == ReportStatus.SUBMITTED
    assert [s.text for s in sent.sections.order_by("section__order")] == TEXTS
    _home(page)
    assert _count(page) == before - 2


def test_member_on_a_phone_does_every_step_from_the_home_page(page, world, password, rollout):
    driver = page.driver
    driver.set_window_size(360, 740)
    try:
        report: dict = {}
        page.login("member_a", password)
        _home(page)
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 360
        assert_accessible(page, "member home (360 px)", report)
        assert _count(page, "viec-cua-toi") == 2  # read the text (then the quiz), sign

        # The menu opens and is usable at 360 px.
        page.css("label.navtoggle-label").click()
        menu = page.css("nav.mainnav")
        assert menu.is_displayed() and menu.size["width"] >= 300
        page.css("label.navtoggle-label").click()

        # 1. Read the full text.
        page.css("#viec-cua-toi a.step").click()
        _wait_text(page, "Chỉ thị")
        assert_accessible(page, "member reading", report)
        # Reading is recorded by the explicit button (a POST), not by opening the text.
        page.click_and_load(
            page.driver.find_element("xpath", "//button[contains(., 'Tôi đã đọc xong')]")
        )
        _home(page)
        assert "Làm bài kiểm tra" in page.css("#viec-cua-toi").text

        # 2. The quiz: the status box at the top updates without a reload.
        next(a for a in page.all("#viec-cua-toi a.step") if "kiểm tra" in a.text).click()
        page.css("#member-quiz form")
        assert_accessible(page, "member participation", report)
        assert "Chưa dự hội nghị, chưa học bù" in page.css("#member-status").text
        for question in page.all("#member-quiz fieldset.question"):
            for choice in question.find_elements(By.CSS_SELECTOR, "label.choice"):
                if choice.text.strip() == "Đúng":
                    choice.click()
        page.css("#member-quiz button[type=submit]").click()
        _wait(page, lambda: "Đã học bù đạt" in page.css("#member-status").text)

        # 3. Sign the commitment: a confirmation where the person is looking, status updated.
        for box in page.all("#member-commitment input[name=confirmed]"):
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
        page.css("#member-commitment button[type=submit]").click()
        _wait_text(page, "Bạn đã ký bản cam kết.")
        _wait(page, lambda: "Đã hoàn thành" in page.css("#member-status").text)
        top = driver.execute_script(
            "return document.querySelector('#member-commitment').getBoundingClientRect().top"
        )
        assert -5 <= top < 740  # the card with its confirmation is in view
        participant = Participant.objects.get(rollout=rollout, person=world.member_a)
        assert participant.done

        _home(page)
        assert not page.all("#viec-cua-toi .count")
        assert "Bạn đã hoàn thành mọi việc" in page.css("#viec-cua-toi").text
    finally:
        driver.set_window_size(1280, 1000)


def test_a_cell_officer_is_told_and_reaches_the_returned_plan(page, world, password, rollout):
    user = UserFactory(username="officer_a1")
    person = PersonFactory(full_name="Phạm Văn Chi Bộ", unit=world.cell_a1, user=user)
    AssignmentFactory(person=person, unit=world.cell_a1, role="officer")
    plan = plan_create(actor=user, rollout=rollout, unit=world.cell_a1, title="Kế hoạch chi bộ")
    plan_transition(actor=user, plan=plan, to=PlanStatus.SUBMITTED, document=docx_upload())
    plan_transition(
        actor=world.users["leader_a"], plan=plan, to=PlanStatus.RETURNED, comment="Bổ sung"
    )
    page.login("officer_a1", password)
    _home(page)
    item = _item(page, f"Kế hoạch bị trả lại: {world.cell_a1.name}")
    assert "urgency-2" in item.find_element(By.XPATH, "..").get_attribute("class")
    page.driver.find_element(By.CSS_SELECTOR, "nav.mainnav a[href='/thong-bao/']").click()
    _wait_text(page, "Kế hoạch bị trả lại để hoàn thiện")
