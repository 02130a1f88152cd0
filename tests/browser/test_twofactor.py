"""An administrator signs in with TOTP in the browser (issue 16, "Must show"): enrols at the
first log-in by scanning the QR (here: reading the device key), confirms with a code, keeps
the recovery codes, logs out, and logs in again with password + a fresh code."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from selenium.webdriver.common.by import By

from tests.frame.test_twofactor import code_for

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _required(settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True


def _password_step(page, username, password):
    page.open("/dang-nhap/")
    page.driver.find_element(By.NAME, "username").send_keys(username)
    page.driver.find_element(By.NAME, "password").send_keys(password)
    page.css("form button[type=submit]").click()


def test_administrator_enrols_then_logs_in_with_totp(page, world, password):
    page.open("/dang-nhap/")
    page.driver.add_cookie({"name": "django_language", "value": "vi", "path": "/"})
    _password_step(page, "admin", password)
    assert "bắt buộc dùng xác thực hai bước" in page.text()
    assert page.css(".qr-box svg.qr")
    device = TOTPDevice.objects.get(user=world.users["admin"], confirmed=False)
    page.css("#id_code").send_keys(code_for(device))
    page.css("form[action='/xac-thuc-hai-buoc/'] button[type=submit]").click()
    assert "Đã bật xác thực hai bước" in page.text()
    assert len(page.all(".recovery-codes code")) == 10

    page.css("nav.mainnav form[action='/dang-xuat/'] button").click()
    page.driver.find_element(By.NAME, "username")
    _password_step(page, "admin", password)
    assert page.driver.current_url.split("?")[0].endswith("/xac-thuc-hai-buoc/nhap-ma/")
    device.refresh_from_db()
    device.last_t = -1  # the enrolment code was this time step's; the app shows the next one
    device.save()
    page.css("#id_code").send_keys(code_for(device))
    page.css("form[action='/xac-thuc-hai-buoc/nhap-ma/'] button[type=submit]").click()
    page.css("nav.mainnav a[href='/ho-so/']")
    assert "/xac-thuc-hai-buoc/" not in page.driver.current_url
    page.open("/quan-tri/")
    assert "/quan-tri/" in page.driver.current_url
    assert page.all("#site-name, #header")
