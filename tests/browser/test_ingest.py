"""“Tạo từ văn bản” end to end in headless Chromium (issue 5, “Browser test”).

The commune officer pastes the Directive 34 news report, sees the pre-filled draft with its
3 “cần làm” + 4 “cần tránh” criteria and the deadline, each with its source sentence and the
extracted part highlighted in <mark>; corrects the symbol (which the news text lacks),
confirms; the directive is saved with the corrected value, the 7 criteria and the deadline.
"""

import datetime
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from apps.directives.enums import Polarity
from apps.directives.models import Directive

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "ingest" / "01.txt"

DOS = [
    "Nói đi đôi với làm, làm điều đúng vì lợi ích chung",
    "Làm hết trách nhiệm, quyết tâm cao, tư duy đổi mới",
    "Làm mang lại hiệu quả cao nhất, chất lượng tốt nhất",
]
DONTS = [
    "Tránh làm sai, làm trái, tư lợi cá nhân",
    "Tránh đùn đẩy, né tránh, sợ trách nhiệm",
    "Tránh làm việc qua loa, đại khái, không mang lại hiệu quả",
    "Tránh an phận thủ thường, dĩ hòa vi quý",
]


def _wait(page, condition, timeout=30):
    """Wait for `condition`; on timeout, fail with what the page shows instead."""
    try:
        return WebDriverWait(
            page.driver, timeout, ignored_exceptions=(StaleElementReferenceException,)
        ).until(condition)
    except TimeoutException:
        pytest.fail(f"timed out on {page.driver.current_url}:\n{page.text()[:2000]}")


def _wait_heading(page, text):
    _wait(page, lambda d: text in d.find_element(By.TAG_NAME, "h1").text)


def _value(page, name):
    return page.css(f".ingest-review [name={name}]").get_property("value")


def _lines(page, name):
    return [line.strip() for line in _value(page, name).splitlines() if line.strip()]


def _marks(page, field):
    return [m.text for m in page.all(f"#row-{field} .ingest-sources mark")]


def _submit(form):
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def test_paste_review_correct_and_confirm(page, world, password):
    text = SAMPLE.read_text(encoding="utf-8")
    before = Directive.objects.count()
    page.login("officer_a", password)
    page.open("/chi-thi/tao-tu-van-ban/")

    # Paste: ~9 KB through send_keys is slow, so set the value and fire the input event.
    area = page.css("textarea[name=text]")
    page.driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        area,
        text,
    )
    _submit(area.find_element(By.XPATH, "./ancestor::form"))
    _wait_heading(page, "Kiểm tra bản nháp trước khi lưu")
    assert Directive.objects.count() == before  # nothing saved before the confirmation

    # The draft: number, date, 3 + 4 criteria, the deadline.
    assert _value(page, "number") == "34"
    assert _value(page, "issued_on") == "20/04/2024"
    assert _value(page, "symbol") == ""
    assert _lines(page, "dos") == DOS
    assert _lines(page, "donts") == DONTS
    deadlines = _lines(page, "deadlines")
    assert len(deadlines) == 1
    assert deadlines[0].startswith("31/05/2024 — ")

    # Each field shows its source sentence with the extracted part highlighted.
    dos_marks = _marks(page, "dos")
    assert len(dos_marks) == 3
    for item, mark in zip(DOS, dos_marks, strict=True):
        assert mark.lower() == item.lower()
    donts_marks = _marks(page, "donts")
    assert len(donts_marks) == 4
    for item, mark in zip(DONTS, donts_marks, strict=True):
        assert item.lower().removeprefix("tránh ") in mark.lower()
    deadline_marks = _marks(page, "deadlines")
    assert len(deadline_marks) == 1
    assert "trong tháng 5.2024" in deadline_marks[0]
    assert _marks(page, "issued_on") == ["ngày 20.4.2024"]
    sources = page.css("#row-dos .ingest-sources").text
    assert "Nguồn trong văn bản" in sources

    # Correct one field (the news report gives no symbol), issue from the officer's commune.
    symbol = page.css(".ingest-review [name=symbol]")
    symbol.clear()
    symbol.send_keys("34-CT/TU")
    issuer = Select(page.css(".ingest-review select[name=issuer]"))
    issuer.select_by_visible_text(world.commune_a.name)
    _submit(page.css("form.ingest-review"))

    _wait(page, lambda d: "Đã tạo" in d.find_element(By.TAG_NAME, "body").text)
    assert "Chỉ thị số 34-CT/TU" in page.text()
    assert Directive.objects.count() == before + 1
    directive = Directive.objects.get(symbol="34-CT/TU")
    assert page.driver.current_url.rstrip("/").endswith(directive.get_absolute_url().rstrip("/"))
    assert directive.number == "34"
    assert directive.kind.name == "Chỉ thị"
    assert directive.issuer == world.commune_a
    assert directive.issued_on == datetime.date(2024, 4, 20)
    criteria = list(directive.criteria.order_by("order", "pk"))
    assert [c.text for c in criteria if c.polarity == Polarity.DO] == DOS
    assert [c.text for c in criteria if c.polarity == Polarity.AVOID] == DONTS
    assert len(criteria) == 7
    deadline = directive.deadlines.get()
    assert deadline.date == datetime.date(2024, 5, 31)
    assert "trong tháng 5.2024" in deadline.name
