"""Citizen feedback end to end in headless Chromium on a 360-px-wide window.

An anonymous citizen finds the commune without diacritics, sends feedback about one of its
officials with a photo and gets a code; the superior's inspection officer accepts it, asks the
commune for an explanation, which the commune officer gives (never seeing the sender), concludes
"substantiated" and publishes an answer; the citizen reads it with the code. Every public page
is checked with axe-core (npm package installed by `make browser-deps` into var/npm, injected
here): no critical and no serious violation.
"""

import pytest
from django.conf import settings
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from apps.feedback.models import Feedback
from tests.browser.axe import assert_accessible
from tests.feedback.factories import SENDER_CONTACT, SENDER_NAME, jpeg_with_exif
from tests.feedback.test_views import crawl
from tests.rollout.factories import make_rollout

pytestmark = pytest.mark.browser


def wait_text(page, text: str) -> None:
    WebDriverWait(page.driver, 15, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: text in d.find_element(By.TAG_NAME, "body").text
    )


def test_citizen_feedback_handled_one_level_up_and_answered(page, world, password, tmp_path):
    make_rollout(world)  # Directive with its conduct criteria, rolled out from the root
    photo = tmp_path / "anh-hien-truong.jpg"
    photo.write_bytes(jpeg_with_exif((800, 600)))
    driver = page.driver
    report: dict[str, list] = {}
    driver.set_window_size(360, 800)
    try:
        # 1. The citizen, not logged in, on a phone-sized window.
        page.open("/dang-nhap/")
        driver.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": "vi", "path": "/"})
        page.click_and_load(page.css("a[href='/phan-anh/']"))
        assert_accessible(page, "start", report)
        page.css("#id_q").send_keys("an binh")
        page.click_and_load(page.css("form[role=search] button"))
        page.click_and_load(page.driver.find_element(By.LINK_TEXT, "Đảng bộ xã An Bình"))
        wait_text(page, "Phản ánh về Đảng bộ xã An Bình")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 360
        assert_accessible(page, "send", report)
        page.css("#id_official_name").send_keys("Nguyễn Thái Học")
        page.css("#id_official_position").send_keys("Công chức địa chính")
        page.all("input[name=criterion]")[0].click()
        page.css("#id_description").send_keys(
            "Cán bộ địa chính hẹn lại nhiều lần, không hướng dẫn rõ thủ tục cấp giấy chứng nhận."
        )
        page.css("#id_tep").send_keys(str(photo))
        page.css("#id_sender_name").send_keys(SENDER_NAME)
        page.css("#id_sender_contact").send_keys(SENDER_CONTACT)
        page.css("#id_consent").click()
        page.click_and_load(page.css("form.card button[type=submit]"))
        code = page.css("#tracking-code").text
        assert len(code.replace("-", "")) == 12
        assert_accessible(page, "sent", report)
        feedback = Feedback.objects.get()
        assert feedback.handling_unit == world.root and feedback.attachments.count() == 1

        # 2. The inspection officer of the superior (the province) handles it.
        driver.set_window_size(1280, 1000)
        driver.delete_all_cookies()
        page.login("inspector", password)
        page.open(f"/phan-anh-kien-nghi/{feedback.pk}/")
        assert SENDER_CONTACT in page.text()
        page.click_and_load(page.css("#form-accept button"))
        wait_text(page, "Đã tiếp nhận phản ánh.")
        page.css("#form-explain textarea[name=text]").send_keys("Đề nghị xã giải trình sự việc.")
        page.click_and_load(page.css("#form-explain button"))
        wait_text(page, "Đã gửi yêu cầu giải trình đến đơn vị.")

        # 3. The commune officer explains, and never sees who sent it.
        page.switch_user("officer_a", password)
        for url in ("/", "/thong-bao/", "/giai-trinh-phan-anh/"):
            page.open(url)
            assert SENDER_NAME not in page.text() and SENDER_CONTACT not in page.text(), url
        page.click_and_load(page.css("table a[href^='/giai-trinh-phan-anh/']"))
        assert SENDER_NAME not in page.text() and SENDER_CONTACT not in page.text()
        page.css("#form-explanation textarea").send_keys("Xã đã kiểm điểm cán bộ, hồ sơ đủ.")
        page.click_and_load(page.css("#form-explanation button"))
        wait_text(page, "Đã gửi giải trình")
        assert SENDER_NAME not in page.text() and SENDER_CONTACT not in page.text()
        page.open(f"/phan-anh-kien-nghi/{feedback.pk}/")
        assert SENDER_CONTACT not in page.text()

        # 4. The inspector concludes "substantiated" and publishes the answer.
        page.switch_user("inspector", password)
        page.open(f"/phan-anh-kien-nghi/{feedback.pk}/")
        assert "Xã đã kiểm điểm cán bộ" in page.text()
        page.css("#form-conclude input[value=substantiated]").click()
        page.css("#form-conclude textarea[name=conclusion]").send_keys("Phản ánh có cơ sở.")
        page.click_and_load(page.css("#form-conclude button"))
        wait_text(page, "Đã kết luận phản ánh.")
        page.css("#form-publish textarea[name=answer]").send_keys(
            "Đã yêu cầu cán bộ kiểm điểm và giải quyết hồ sơ trong 5 ngày."
        )
        page.click_and_load(page.css("#form-publish button"))
        wait_text(page, "Đã trả lời công khai.")

        # 4b. Signs of violation: the inspector opens an inspection straight from the feedback;
        # both pages link to each other.
        page.css("#form-inspection button").click()
        wait_text(page, "Đã mở cuộc kiểm tra khi có dấu hiệu vi phạm")
        page.css("a.follow-up-link").click()
        wait_text(page, "Nguồn dấu hiệu vi phạm")
        assert feedback.reference in page.css(".inspection-origin").text
        assert SENDER_NAME not in page.text() and SENDER_CONTACT not in page.text()
        page.css(".inspection-origin a").click()
        wait_text(page, f"Phản ánh {feedback.reference}")

        # 5. The citizen reads the answer with the code.
        page.wait_idle()
        driver.delete_all_cookies()
        driver.set_window_size(360, 800)
        page.open("/phan-anh/tra-cuu/")
        driver.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": "vi", "path": "/"})
        page.css("#id_code").send_keys(code.lower())
        page.click_and_load(page.css("form.card button"))
        assert page.css(".feedback-outcome").text == "Phản ánh đúng"
        assert "giải quyết hồ sơ trong 5 ngày" in page.css(".feedback-answer").text
        assert_accessible(page, "status", report)
    finally:
        driver.set_window_size(1280, 1000)

    # Every page the commune officer can reach (links followed from their home, notifications
    # and explanation pages) shows neither the sender's name nor contact.
    pages = crawl(world.client("officer_a"), ["/", "/thong-bao/", "/giai-trinh-phan-anh/"])
    assert len(pages) > 10
    for url, body in pages.items():
        assert SENDER_NAME not in body and SENDER_CONTACT not in body, url
    print("axe:", {k: [(v["id"], v["impact"]) for v in vs] for k, vs in report.items()})
