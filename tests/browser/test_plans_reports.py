"""Plans and reports end to end in headless Chromium.

A cell officer submits a plan; the commune leader returns it with a comment; it is
resubmitted and approved. Two cells submit their quarterly report; the commune sees the
consolidated figures and the missing third cell. The exported .docx is downloaded with the
browser's session and read back with python-docx: the Party layout's parts are in order.
"""

import io
import urllib.request

import pytest
from docx import Document
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from apps.org.models import Unit
from apps.plans.enums import PlanStatus
from apps.plans.models import Plan
from tests.exports.test_exports import all_paragraph_texts, index_of
from tests.org.factories import UnitFactory
from tests.people.factories import AssignmentFactory, PersonFactory, UserFactory
from tests.plans.factories import docx_bytes, make_quarter
from tests.rollout.factories import make_rollout

pytestmark = pytest.mark.browser


def _switch(page, username, password):
    page.switch_user(username, password)


def _submit_form(page, form_id):
    page.css(f"#{form_id} button[type=submit]").click()


def _wait_text(page, text):
    WebDriverWait(page.driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        # innerText through a script: the page may be replaced while we read it.
        lambda d: (
            text in (d.execute_script("return document.body ? document.body.innerText : ''") or "")
        )
    )


def _wait_status(page, status):
    WebDriverWait(page.driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: (
            d.find_element(By.CSS_SELECTOR, ".plan-status").get_attribute("data-status") == status
        )
    )


def test_plan_return_resubmit_approve_and_quarterly_consolidation(page, world, password, tmp_path):
    rollout = make_rollout(world)
    period = make_quarter(rollout)
    cell_a3: Unit = UnitFactory(code="XA-3", name="Chi bộ thôn 3 An Bình", parent=world.commune_a)
    world.refresh()
    cell_user = UserFactory(username="officer_a1")
    cell_person = PersonFactory(full_name="Phạm Văn Chi Bộ", unit=world.cell_a1, user=cell_user)
    AssignmentFactory(person=cell_person, unit=world.cell_a1, role="officer")
    plan_file = tmp_path / "ke-hoach-chi-bo-1.docx"
    plan_file.write_bytes(docx_bytes("Kế hoạch thực hiện Chỉ thị 34 của Chi bộ thôn 1"))

    # 1. The cell officer drafts and submits the plan with its document.
    page.login("officer_a1", password)
    page.open(f"/dot-trien-khai/{rollout.pk}/ke-hoach/tao/?unit={world.cell_a1.pk}")
    page.css("form.card button[type=submit]").click()
    _wait_text(page, "Đã tạo dự thảo kế hoạch.")
    plan = Plan.objects.get(rollout=rollout, unit=world.cell_a1)
    page.css("#plan-submit-form input[name=document]").send_keys(str(plan_file))
    _submit_form(page, "plan-submit-form")
    _wait_text(page, "Đã trình kế hoạch lên cấp trên.")
    _wait_status(page, PlanStatus.SUBMITTED)

    # 2. The commune leader returns it with a comment.
    _switch(page, "leader_a", password)
    page.open(f"/ke-hoach/{plan.pk}/")
    Select(page.css("#plan-decide-form select[name=decision]")).select_by_value("returned")
    page.css("#plan-decide-form textarea[name=comment]").send_keys(
        "Bổ sung phân công người phụ trách"
    )
    _submit_form(page, "plan-decide-form")
    _wait_text(page, "Đã trả lại kế hoạch.")
    _wait_status(page, PlanStatus.RETURNED)

    # 3. The cell officer sees the comment and resubmits (the document is kept).
    _switch(page, "officer_a1", password)
    page.open(f"/ke-hoach/{plan.pk}/")
    assert "Bổ sung phân công người phụ trách" in page.text()
    page.css("#plan-submit-form textarea[name=note]").send_keys("Đã bổ sung phân công")
    _submit_form(page, "plan-submit-form")
    _wait_text(page, "Đã trình kế hoạch lên cấp trên.")
    _wait_status(page, PlanStatus.SUBMITTED)

    # 4. The commune leader approves.
    _switch(page, "leader_a", password)
    page.open(f"/ke-hoach/{plan.pk}/")
    Select(page.css("#plan-decide-form select[name=decision]")).select_by_value("approved")
    _submit_form(page, "plan-decide-form")
    _wait_text(page, "Đã phê duyệt kế hoạch.")
    _wait_status(page, PlanStatus.APPROVED)
    assert len(page.all("tr.version-row")) == 2

    # 5. Two cells submit their quarterly report.
    codes = {i.code: i.pk for i in period.template.indicators.all()}
    for username, cell, violations, commended in (
        ("officer_a1", world.cell_a1, "2", "5"),
        ("officer_a", world.cell_a2, "1", "1.200"),
    ):
        _switch(page, username, password)
        page.open(f"/bao-cao/ky/{period.pk}/don-vi/{cell.pk}/")
        page.css(f"#value_{codes['violations_found']}").send_keys(violations)
        page.css(f"#value_{codes['people_commended']}").send_keys(commended)
        assert page.css(f"#value_{codes['plan_submitted']}").get_attribute("readonly") is not None
        page.css("#report-form button[name=submit]").click()
        # The narrative sections are left empty: the page asks before sending.
        _wait_text(page, "Các phần sau còn trống")
        page.css("#confirm-send").click()
        _wait_text(page, "Đã gửi báo cáo lên cấp trên.")

    # 6. The commune sees the consolidated figures and the missing third cell.
    _switch(page, "leader_a", password)
    page.open(f"/bao-cao/ky/{period.pk}/?unit={world.commune_a.pk}")
    total = page.css("tr.total-row").text
    assert "3" in total.split() and "1.205" in total.split()
    missing = page.css("ul.missing-by-indicator").text
    assert cell_a3.name in missing
    assert world.cell_a1.name not in missing
    row = page.css(f"tr.child-row[data-unit='{cell_a3.pk}']")
    assert "Chưa báo cáo" in row.text

    # 7. Download the .docx with the browser's session and read it back.
    href = page.css("#export-docx-party").get_attribute("href")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.driver.get_cookies())
    request = urllib.request.Request(href, headers={"Cookie": cookies})  # noqa: S310
    with urllib.request.urlopen(request) as response:  # noqa: S310 - the live test server
        content = response.read()
    texts: list[str] = all_paragraph_texts(Document(io.BytesIO(content)))
    parts = [
        "ĐẢNG BỘ XÃ AN BÌNH",
        "*",
        "-BC/ĐU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ngày",
        "BÁO CÁO",
        "I. KẾT QUẢ QUÁN TRIỆT",
        "II. SỐ LIỆU TỔNG HỢP",
        "Nơi nhận:",
        "T/M BAN THƯỜNG VỤ",
    ]
    positions = [index_of(texts, part) for part in parts]
    assert positions == sorted(positions)
    assert "1.205" in texts
    assert any(cell_a3.name in t for t in texts)
