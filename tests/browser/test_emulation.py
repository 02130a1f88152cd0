"""Emulation end to end in headless Chromium, as the emulation officer (thidua).

Launch a movement with two clusters → two communes register and self-score → the council
scores → publish → propose the winner for a Bằng khen → the dossier .docx, downloaded with the
browser's session, reads back with python-docx.
"""

import io
import urllib.request

import pytest
from docx import Document
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import Select, WebDriverWait

from apps.emulation.enums import ProposalStatus, RegistrationStatus
from apps.emulation.models import Movement, Proposal, RankingSnapshot, Registration
from tests.org.factories import UnitFactory, kind
from tests.rollout.factories import make_rollout

pytestmark = pytest.mark.browser


def _wait_text(page, text):
    WebDriverWait(page.driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: (
            text in (d.execute_script("return document.body ? document.body.innerText : ''") or "")
        )
    )


def _set(page, name, value):
    element = page.css(f"[name='{name}']")
    page.driver.execute_script("arguments[0].value = arguments[1];", element, value)


def _register_and_self_score(page, movement, unit, points, models):
    page.open(f"/thi-dua/phong-trao/{movement.pk}/")
    page.css("#register-link").click()
    Select(page.css("#id_unit")).select_by_visible_text(unit.name)
    page.css("#id_targets").send_keys("100% đảng viên được quán triệt; 02 mô hình mới")
    page.css("#registration-form button[type=submit]").click()
    _wait_text(page, "Đã đăng ký thi đua")
    registration = Registration.objects.get(movement=movement, unit=unit)
    nhiem_vu = movement.criteria.get(code="nhiem-vu").pk
    mo_hinh = movement.criteria.get(code="mo-hinh").pk
    page.css(f"[name='v_{nhiem_vu}']").send_keys(points)
    page.css(f"[name='e_{nhiem_vu}']").send_keys("Báo cáo số 12-BC/ĐU")
    page.css(f"[name='v_{mo_hinh}']").send_keys(models)
    page.css(f"[name='e_{mo_hinh}']").send_keys("Quyết định công nhận mô hình")
    page.css("#submit-self-score").click()
    _wait_text(page, "Đã gửi điểm tự chấm đến hội đồng")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.SELF_SCORED
    return registration


def test_launch_score_publish_and_propose_the_winner(page, world, password):
    commune_c = UnitFactory(
        code="XC", name="Đảng bộ xã Cẩm Lâm", kind=kind("dang-bo-xa"), parent=world.root
    )
    world.refresh()
    rollout = make_rollout(world)
    page.login("emulation", password)
    # 1. Launch with two clusters.
    page.open("/thi-dua/")
    page.css("#launch-movement").click()
    page.css("#id_title").send_keys("Thi đua thực hiện Chỉ thị 34")
    Select(page.css("#id_rollout")).select_by_visible_text(rollout.title)
    _set(page, "starts_on", "2026-01-01")
    _set(page, "ends_on", "2026-12-31")
    appeal = page.css("#id_appeal_days")
    appeal.clear()
    appeal.send_keys("0")
    names = page.css("#id_group_names")
    names.clear()
    names.send_keys("Cụm thi đua số 1\nCụm thi đua số 2")
    Select(page.css(f"[name='g_{world.commune_a.pk}']")).select_by_value("1")
    Select(page.css(f"[name='g_{world.commune_b.pk}']")).select_by_value("1")
    Select(page.css(f"[name='g_{commune_c.pk}']")).select_by_value("2")
    # The rubric is edited on the form: a wrong row is named, what was typed stays.
    page.css("[name='r8_name']").send_keys("Sáng kiến được công nhận")
    page.css("[name='r8_max_points']").send_keys("mười")
    page.css("#launch-submit").click()
    _wait_text(page, "Bảng tiêu chí, dòng 8, cột “Điểm tối đa”: “mười” không phải là số")
    assert page.css("[name='r8_name']").get_attribute("value") == "Sáng kiến được công nhận"
    assert not Movement.objects.exists()
    page.css("[name='r8_name']").clear()
    page.css("[name='r8_max_points']").clear()
    nhiem_vu_max = page.css("[name='r4_max_points']")
    nhiem_vu_max.clear()
    nhiem_vu_max.send_keys("35")
    page.css("#launch-submit").click()
    _wait_text(page, "Đã phát động phong trào thi đua")
    movement = Movement.objects.get()
    assert [g.name for g in movement.groups.all()] == ["Cụm thi đua số 1", "Cụm thi đua số 2"]
    assert "Quán triệt, học tập Chỉ thị" in page.css("#rubric").text
    assert movement.criteria.get(code="nhiem-vu").max_points == 35
    assert movement.criteria.count() == 7
    # 2. Two communes register and self-score.
    page.switch_user("officer_a", password)
    reg_a = _register_and_self_score(page, movement, world.commune_a, "28", "2")
    page.switch_user("officer_b", password)
    reg_b = _register_and_self_score(page, movement, world.commune_b, "25", "1")
    # 3. The council scores (a blank keeps the unit's own points).
    page.switch_user("emulation", password)
    for registration, points in ((reg_a, ""), (reg_b, "20")):
        page.open(f"/thi-dua/dang-ky/{registration.pk}/")
        nhiem_vu = movement.criteria.get(code="nhiem-vu").pk
        if points:
            page.css(f"[name='v_{nhiem_vu}']").send_keys(points)
            page.css(f"[name='c_{nhiem_vu}']").send_keys("Thiếu minh chứng một nội dung")
        page.css("#id_comment").send_keys("Đã thẩm định hồ sơ")
        page.css("#council-submit").click()
        _wait_text(page, "Đã ghi điểm của hội đồng")
    # 4. Publish cluster 1: the method and the tie-break rule are shown beside the ranking.
    group = movement.groups.get(name="Cụm thi đua số 1")
    page.open(f"/thi-dua/cum-khoi/{group.pk}/xep-hang/")
    assert "Phương pháp tính" in page.css("#ranking-method").text
    assert (
        "theo 100 đảng viên" in page.css("#ranking-method").text
        or "trên 100 đảng viên" in page.css("#ranking-method").text
    )
    page.css("#publish").click()
    _wait_text(page, "Đã công bố kết quả xếp hạng")
    assert RankingSnapshot.objects.filter(group=group).exists()
    rows = page.all("#ranking-table tbody tr")
    assert rows[0].get_attribute("data-rank") == "1"
    assert "Đảng bộ xã An Bình" in rows[0].text
    assert page.all(".ranking-chart svg")
    # 5. Propose the winner for a Bằng khen.
    page.css("#propose-winner").click()
    assert (
        Select(page.css("#id_kind")).first_selected_option.text
        == "Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh"
    )
    assert Select(page.css("#id_subject_unit")).first_selected_option.text == "Đảng bộ xã An Bình"
    page.css("#id_evidence").send_keys("Bảng xếp hạng Cụm thi đua số 1 | đã công bố")
    page.css("#proposal-form button[type=submit]").click()
    _wait_text(page, "Đã lập đề nghị khen thưởng")
    proposal = Proposal.objects.get()
    assert proposal.subject_unit == world.commune_a and proposal.decider_unit == world.root
    page.css("#proposal-submit").click()
    _wait_text(page, "Đã cập nhật đề nghị khen thưởng")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    # 6. The dossier reads back with python-docx.
    href = page.css("#dossier-link").get_attribute("href")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.driver.get_cookies())
    request = urllib.request.Request(href, headers={"Cookie": cookies})  # noqa: S310
    with urllib.request.urlopen(request) as response:  # noqa: S310 - the live test server
        document = Document(io.BytesIO(response.read()))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for cell in table._cells:
            texts += [p.text for p in cell.paragraphs]
    joined = "\n".join(texts)
    for expected in ("TỜ TRÌNH", "DANH SÁCH", "BIÊN BẢN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"):
        assert expected in joined, expected
    assert (
        "quyết định tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh cho: Đảng bộ xã An Bình"
        in joined
    )
    assert joined.index("TỜ TRÌNH") < joined.index("DANH SÁCH") < joined.index("BIÊN BẢN")
