"""The annual review end to end in headless Chromium: the member fills the self-assessment on a
360-px-wide window with the system's evidence shown → the cell comments → the residence cell's
opinion is recorded (a step of its own) → the head proposes →
the commune decides, hits the quota, adjusts, decides → the member sees the result."""

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from apps.evaluations.rules import rules_for
from tests.evaluations.factories import (
    civil_servant,
    evaluation_of,
    open_period,
    push_to_proposed,
)
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.browser


def _wait_text(page, text):
    WebDriverWait(page.driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: (
            text in (d.execute_script("return document.body ? document.body.innerText : ''") or "")
        )
    )


def _no_sideways_scroll(page):
    width = page.driver.execute_script("return document.documentElement.scrollWidth")
    inner = page.driver.execute_script("return window.innerWidth")
    assert width <= inner, f"page is {width}px wide in a {inner}px window"


def test_member_on_a_phone_through_the_chain_to_the_decision(page, world, password):
    colleagues = [PersonFactory(unit=world.cell_a2) for _ in range(4)]
    period = open_period(world)
    for person in colleagues:  # four already proposed "tốt": the quota allows no "xuất sắc"
        push_to_proposed(evaluation_of(period, person), ("25", "55"))
    evaluation = evaluation_of(period, civil_servant(world.member_a))
    groups = rules_for(period.rule_set).groups["person"]
    mine = f"/cua-toi/danh-gia/{evaluation.pk}/"

    page.driver.set_window_size(360, 800)
    page.login("member_a", password)
    page.open(mine)
    assert "Hệ thống ghi nhận trong kỳ" in page.text()
    assert "Dự hội nghị quán triệt" in page.text()
    _no_sideways_scroll(page)
    for group, points in zip(groups, ("29", "63,5"), strict=True):
        page.css(f"#points_{group.id}").send_keys(points)
        page.css(f"#just_{group.id}").send_keys("Hoàn thành đầy đủ, đúng hạn")
    page.css("#summary").send_keys("Gương mẫu thực hiện Chỉ thị 34-CT/TU.")
    _no_sideways_scroll(page)
    page.css("button[name=action][value=submit]").click()
    _wait_text(page, "Đã nộp bản tự đánh giá")
    assert "92,5" in page.text() or "92.5" in page.text()

    page.driver.set_window_size(1280, 1000)
    page.switch_user("officer_a", password)
    page.open(f"/danh-gia/{evaluation.pk}/")
    page.css("#gop-y #comment").send_keys("Tập thể chi bộ thống nhất.")
    page.css("#gop-y button[type=submit]").click()
    _wait_text(page, "Đã ghi góp ý của tập thể; chờ ý kiến của chi ủy nơi cư trú")
    # The residence cell's opinion: a step of its own for a party member who is a civil servant.
    page.css("#noi-cu-tru #residence").send_keys("Gương mẫu ở nơi cư trú.")
    page.css("#noi-cu-tru button[type=submit]").click()
    _wait_text(page, "Đã ghi ý kiến của chi ủy nơi cư trú")

    page.switch_user("leader_a", password)
    page.open(f"/danh-gia/{evaluation.pk}/")
    page.css("#de-xuat #head_comment").send_keys("Hoàn thành xuất sắc nhiệm vụ được giao.")
    page.css("#de-xuat button[type=submit]").click()
    _wait_text(page, "Đã ghi nhận xét và đề xuất mức xếp loại")

    page.open(f"/danh-gia/ky/{period.pk}/quyet-dinh/?unit={world.commune_a.pk}")
    page.css("form button.big").click()
    _wait_text(page, "vượt quá 20%")
    error = page.css("#quota-error").text
    assert "có 1 người được xếp loại “Hoàn thành xuất sắc nhiệm vụ”" in error
    assert "(4 người): tối đa 0 người" in error
    Select(page.css(f"select[name=level_{evaluation.pk}]")).select_by_value("tot")
    page.css("form button.big").click()
    _wait_text(page, "Đã quyết định xếp loại 5 trường hợp")
    assert "bị từ chối" in page.text()

    page.switch_user("member_a", password)
    page.driver.set_window_size(360, 800)
    page.open(mine)
    result = page.css("#ket-qua").text
    assert "Hoàn thành tốt nhiệm vụ" in result
    assert "Điểm đánh giá: 92,5/100" in result
    _no_sideways_scroll(page)
    steps = [li.text for li in page.driver.find_elements(By.CSS_SELECTOR, "ol.steps li")]
    assert len(steps) == 5 and "Cán bộ leader_a" in steps[-1]
