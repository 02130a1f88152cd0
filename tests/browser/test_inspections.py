"""An inspection of a commune on Directive 34, end to end in headless Chromium, as `kiemtra`.

kiemtra opens the inspection (criteria of the directive), forms the team, issues the decision,
asks for and records the commune's self-report, writes two findings on two criteria and one
recommendation, sends the draft; the commune officer answers the draft; kiemtra concludes (the
recommendation becomes the commune's follow-up task); the commune officer completes the
follow-up with evidence; kiemtra verifies and closes; the effect view shows the findings under
their criteria, with a drill-down to each finding.
"""

import datetime

import pytest
from django.utils import timezone
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from apps.inspections.enums import InspectionStatus
from apps.inspections.models import Inspection
from apps.people.models import Person
from tests.people.factories import AssignmentFactory, PersonFactory, UserFactory
from tests.rollout.factories import make_rollout

pytestmark = pytest.mark.browser


def _wait_text(page, text):
    WebDriverWait(page.driver, 15, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: (
            text in (d.execute_script("return document.body ? document.body.innerText : ''") or "")
        )
    )


def _set(page, selector, value):
    element = page.css(selector)
    if element.get_attribute("type") == "date":
        page.driver.execute_script("arguments[0].value = arguments[1]", element, value)
    else:
        element.clear()
        element.send_keys(value)


def _submit(page, form_id):
    page.css(f"#{form_id} button[type=submit]:not([formmethod])").click()


def test_inspection_from_decision_to_closure_shows_in_the_effect_view(page, world, password):
    today = timezone.localdate()
    rollout = make_rollout(world, starts_on=today - datetime.timedelta(days=10))
    directive = rollout.directive
    criteria = list(directive.criteria.order_by("polarity", "order")[:2])
    user = UserFactory(username="kiemtra")
    head = PersonFactory(code="UBKT-01", full_name="Hoàng Văn Kiểm", unit=world.root, user=user)
    AssignmentFactory(person=head, unit=world.root, role="inspector")

    # 1. kiemtra opens the inspection of Xã A on Directive 34 (two criteria).
    page.login("kiemtra", password)
    page.open(f"/kiem-tra/tao/?directive={directive.pk}")
    Select(page.css("#id_kind")).select_by_visible_text("Kiểm tra")
    _set(page, "#id_subject_code", "XA")
    _set(page, "#id_title", "Kiểm tra thực hiện Chỉ thị 34 tại xã An Bình")
    for criterion in criteria:
        page.css(f"input[name=criteria][value='{criterion.pk}']").click()
    _set(page, "#id_starts_on", today.isoformat())
    _set(page, "#id_ends_on", (today + datetime.timedelta(days=30)).isoformat())
    _submit(page, "inspection-form")
    _wait_text(page, "Đã tạo cuộc kiểm tra, giám sát.")
    inspection = Inspection.objects.get(title="Kiểm tra thực hiện Chỉ thị 34 tại xã An Bình")

    # The team, the decision, the request for a self-report, the report recorded.
    _set(page, "#team-form input[name=person_code]", "UBKT-01")
    _submit(page, "team-form")
    _wait_text(page, "Đã thêm thành viên đoàn.")
    _set(page, "#decide-form input[name=number]", "15-QĐ/UBKTTU")
    _set(page, "#decide-form input[name=date]", today.isoformat())
    _submit(page, "decide-form")
    _wait_text(page, "Đã ban hành quyết định")
    _set(page, "#request-form input[name=due]", (today + datetime.timedelta(days=7)).isoformat())
    _submit(page, "request-form")
    _wait_text(page, "Đã yêu cầu đối tượng báo cáo tự kiểm tra.")
    _set(page, "#self-report-form textarea[name=text]", "Đảng ủy xã đã quán triệt đến 100% chi bộ.")
    _submit(page, "self-report-form")
    _wait_text(page, "Đã ghi nhận báo cáo tự kiểm tra của đối tượng.")

    # 2. Two findings on two criteria and one recommendation; the draft goes to the commune.
    for criterion, text in zip(
        criteria, ("Chưa đưa Chỉ thị vào sinh hoạt chi bộ", "Còn né tránh trách nhiệm"), strict=True
    ):
        Select(page.css("#finding-form select[name=target]")).select_by_value(f"c{criterion.pk}")
        Select(page.css("#finding-form select[name=unit]")).select_by_value(str(world.commune_a.pk))
        _set(page, "#finding-form textarea[name=text]", text)
        _submit(page, "finding-form")
        _wait_text(page, "Đã ghi nhận phát hiện.")
    _set(page, "#recommendation-form textarea[name=text]", "Tổ chức kiểm điểm, rút kinh nghiệm")
    Select(page.css("#recommendation-form select[name=unit]")).select_by_value(
        str(world.commune_a.pk)
    )
    _set(
        page,
        "#recommendation-form input[name=deadline]",
        (today + datetime.timedelta(days=20)).isoformat(),
    )
    _submit(page, "recommendation-form")
    _wait_text(page, "Đã ghi nhận kiến nghị.")
    _set(page, "#draft-form textarea[name=text]", "Dự thảo kết luận kiểm tra.")
    _set(
        page,
        "#draft-form input[name=response_due]",
        (today + datetime.timedelta(days=5)).isoformat(),
    )
    _submit(page, "draft-form")
    _wait_text(page, "Đã gửi dự thảo kết luận cho đối tượng.")

    # 3. The commune officer answers the draft on the commune's own page.
    page.switch_user("officer_a", password)
    page.open(f"/kiem-tra/{inspection.pk}/")
    assert (
        "404" in page.driver.title or "Không tìm thấy" in page.text() or "Not Found" in page.text()
    )
    page.open(f"/kiem-tra/{inspection.pk}/doi-tuong/")
    _set(page, "#response-form textarea[name=text]", "Đảng ủy xã thống nhất với dự thảo.")
    _submit(page, "response-form")
    _wait_text(page, "Đã gửi ý kiến về dự thảo kết luận.")

    # 4. kiemtra concludes: the recommendation becomes the commune's follow-up task.
    page.switch_user("kiemtra", password)
    page.open(f"/kiem-tra/{inspection.pk}/")
    _set(page, "#conclusion-form textarea[name=strengths]", "Quán triệt nghiêm túc, kịp thời.")
    _set(page, "#conclusion-form textarea[name=shortcomings]", "Còn hai hạn chế nêu dưới đây.")
    _set(page, "#conclusion-form input[name=date]", today.isoformat())
    _submit(page, "conclusion-form")
    _wait_text(page, "Đã kết luận")
    rec = inspection.recommendations.get()
    assert rec.task is not None

    # 5. The commune officer completes the follow-up with evidence.
    page.switch_user("officer_a", password)
    page.open(f"/nhiem-vu/{rec.task_id}/")
    evidence = page.driver.find_element(By.CSS_SELECTOR, "form[action$='/minh-chung/']")
    evidence.find_element(By.NAME, "name").send_keys("Biên bản kiểm điểm")
    evidence.find_element(By.NAME, "link").send_keys("https://example.org/bien-ban-kiem-diem")
    evidence.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _wait_text(page, "Đã thêm minh chứng.")
    progress = page.driver.find_element(By.CSS_SELECTOR, "form[action$='/tien-do/']")
    field = progress.find_element(By.NAME, "progress")
    field.clear()
    field.send_keys("100")
    progress.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _wait_text(page, "Đã cập nhật tiến độ.")

    # 6. kiemtra verifies the follow-up and closes the inspection.
    page.switch_user("kiemtra", password)
    page.open(f"/kiem-tra/{inspection.pk}/")
    form = page.css("form.followup-form")
    Select(form.find_element(By.NAME, "decision")).select_by_value("verify")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _wait_text(page, "Đã xác nhận hoàn thành kiến nghị.")
    _submit(page, "close-form")
    _wait_text(page, "Đã chuyển sang “Đã kết thúc”.")
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CLOSED

    # 7. The effect view shows the findings under their criteria, with a drill-down.
    page.open(f"/chi-thi/{directive.pk}/hieu-qua/?unit={world.root.pk}")
    for criterion in criteria:
        cell = page.css(f"tr[data-criterion='{criterion.pk}'] td.cell-finding")
        assert cell.text.splitlines()[0] == "1"
    page.css(f"tr[data-criterion='{criteria[0].pk}'] td.cell-finding a").click()
    _wait_text(page, "Chưa đưa Chỉ thị vào sinh hoạt chi bộ")
    page.driver.find_element(By.LINK_TEXT, "Chưa đưa Chỉ thị vào sinh hoạt chi bộ").click()
    _wait_text(page, "Phát hiện qua kiểm tra")
    assert criteria[0].text in page.text()
    assert Person.objects.filter(user__username="kiemtra").exists()
