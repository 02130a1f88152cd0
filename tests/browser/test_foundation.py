"""The foundation end to end in headless Chromium (issue 2, §7).

A commune officer logs in, browses the unit tree, finds a person by typing the name without
diacritics, imports a roster with one bad row and reads the row/column error (nothing is
written), fixes the row and imports again, then reads the person's audit history: the changed
position, before and after, and who changed it.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from apps.common.models import Job
from apps.people.models import Person
from tests.people.roster_files import PEOPLE_HEADER, csv_bytes, person

pytestmark = pytest.mark.browser

NEW_POSITION = "Bí thư chi bộ"


def _wait(page, timeout: float = 10) -> WebDriverWait:
    return WebDriverWait(page.driver, timeout, ignored_exceptions=(StaleElementReferenceException,))


def _nav(page, label: str) -> None:
    page.driver.find_element(By.LINK_TEXT, label).click()


def _rows(page, selector: str) -> list[list[str]]:
    return [
        [cell.text.strip() for cell in row.find_elements(By.TAG_NAME, "td")]
        for row in page.all(selector)
    ]


def _listed_names(page) -> list[str]:
    return [a.text for a in page.all("#person-table tr.person-row td:first-child a")]


def _roster(tmp_path, name: str, birth_year: str):
    """People of cell XA-1: PA's position changes; the new person's birth year is `birth_year`."""
    rows = [
        person("PA", "Nguyễn Thái Học", "XA-1", year=1980, position=NEW_POSITION, phone=""),
        person("XA1-NEW", "Phạm Thị Mới", "XA-1", gender="Nữ", year=birth_year),
    ]
    path = tmp_path / name
    path.write_bytes(csv_bytes(PEOPLE_HEADER, rows))
    return path


def _upload(page, path) -> str:
    """Uploads on the import page; on the job page (htmx-polled while it runs) waits for the end."""
    _nav(page, "Nhập danh sách")
    page.css("input[type=file][name=file]").send_keys(str(path))
    page.css("form.card button[type=submit]").click()
    _wait(page).until(ec.url_matches(r"/nhap-danh-sach/\d+/$"))
    _wait(page, 20).until(
        lambda d: (
            d.find_element(By.CSS_SELECTOR, ".job").get_attribute("data-status")
            in {Job.Status.DONE, Job.Status.FAILED}
        )
    )
    return page.css(".job").get_attribute("data-status")


def test_commune_officer_tree_search_import_and_history(page, world, password, tmp_path):
    # 1. The commune officer logs in and browses the tree: only her commune, then its cells.
    page.login("officer_a", password)
    _nav(page, "Tổ chức")
    _wait(page).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#unit-children")))
    assert "Đảng bộ xã An Bình" in page.text()
    assert "Bình Lợi" not in page.text()
    page.driver.find_element(By.LINK_TEXT, "Đảng bộ xã An Bình").click()
    _wait(page).until(ec.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Đảng bộ xã An Bình"))
    cells = {row[0]: row for row in _rows(page, "#unit-children tbody tr[data-code]")}
    assert set(cells) == {"Chi bộ thôn 1 An Bình", "Chi bộ thôn 2 An Bình"}
    # Cell 1 holds Nguyễn Thái Học and the party member Trần Thị Đảng Viên; cell 2 nobody.
    assert cells["Chi bộ thôn 1 An Bình"][-1] == "2"
    assert cells["Chi bộ thôn 2 An Bình"][-1] == "0"
    assert "Bình Lợi" not in page.text()

    # 2. The people list: typing the name without diacritics narrows it live (htmx).
    _nav(page, "Cán bộ, đảng viên")
    table = page.css("#person-table")
    assert "Trần Thị Đảng Viên" in table.text
    page.css("#id_q").send_keys("nguyen thai hoc")
    _wait(page).until(ec.staleness_of(table))
    _wait(page).until(lambda d: _listed_names(page) == ["Nguyễn Thái Học"])
    assert "Lê Văn Bên Kia" not in page.text()
    assert "Trần Thị Đảng Viên" not in page.css("#person-table").text
    query = parse_qs(urlsplit(page.driver.current_url).query)
    assert query["q"] == ["nguyen thai hoc"]  # the search is in the address, for reloads

    # 3. A roster with one bad row: the error names the row and the column; nothing is written.
    status = _upload(page, _roster(tmp_path, "can-bo-loi.csv", birth_year="19x0"))
    assert status == Job.Status.FAILED
    assert "Có lỗi" in page.css(".job").text
    assert "Chưa có dữ liệu nào được ghi" in page.text()
    errors = _rows(page, "table.errors-table tbody tr")
    assert len(errors) == 1
    row, column, message = errors[0]
    assert row == "3"  # header is line 1, PA line 2, the new person line 3
    assert column.endswith("Năm sinh")
    assert "Năm sinh “19x0” không hợp lệ" in message
    world.person_a.refresh_from_db()
    assert world.person_a.position == ""
    assert not Person.objects.filter(code="XA1-NEW").exists()

    # 4. The row fixed, the import goes through.
    status = _upload(page, _roster(tmp_path, "can-bo-da-sua.csv", birth_year="1990"))
    assert status == Job.Status.DONE
    assert "Hoàn thành" in page.css(".job").text
    assert "Đã nhập xong." in page.text()
    assert "Lỗi cần sửa" not in page.css(".job").text
    world.person_a.refresh_from_db()
    assert world.person_a.position == NEW_POSITION
    assert Person.objects.get(code="XA1-NEW").birth_year == 1990

    # 5. The person's history: the position change, before and after, and by whom.
    _nav(page, "Cán bộ, đảng viên")
    page.css("#id_q").send_keys("nguyen thai hoc")
    _wait(page).until(lambda d: _listed_names(page) == ["Nguyễn Thái Học"])
    page.driver.find_element(By.LINK_TEXT, "Nguyễn Thái Học").click()
    _wait(page).until(ec.url_contains(f"/can-bo/{world.person_a.pk}/"))
    assert NEW_POSITION in page.text()
    page.driver.find_element(By.LINK_TEXT, "Lịch sử thay đổi").click()
    _wait(page).until(ec.url_contains(f"/can-bo/{world.person_a.pk}/lich-su/"))
    history = _rows(page, "tr.history-row")
    # Newest first: the import's update, with its author and reason, then the creation.
    when, who, kind, field, before, after = history[0]
    assert who == "Cán bộ officer_a"  # history names the person, not the login
    assert kind.startswith("Sửa") and "can-bo-da-sua.csv" in kind
    assert [r[3:] for r in history if r[3].lower() == "chức vụ"] == [["Chức vụ", "—", NEW_POSITION]]
    assert history[-1][2].startswith("Tạo mới")
