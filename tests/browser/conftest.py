"""Headless Chromium (Debian's chromium + chromium-driver) driven by Selenium.

Nothing is downloaded: the browser and the driver come from the system packages that
`make test` installs; Selenium Manager is kept offline.
"""

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

os.environ.setdefault("SE_OFFLINE", "true")


def _chromium() -> tuple[str, str]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not binary or not driver:
        pytest.fail("chromium and chromedriver are required: run `make test` (it installs them)")
    return binary, driver


@pytest.fixture(scope="session")
def browser() -> Iterator[WebDriver]:
    binary, driver_path = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--window-size=1280,1000",
        "--lang=vi-VN",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser: WebDriver, live_server: Any) -> Iterator["Page"]:
    browser.delete_all_cookies()
    yield Page(browser, live_server.url)
    browser.delete_all_cookies()


class Page:
    """Small helpers over the driver, in the vocabulary of the tests."""

    def __init__(self, driver: WebDriver, base_url: str) -> None:
        self.driver = driver
        self.base_url = base_url

    def open(self, path: str) -> None:
        self.driver.get(self.base_url + path)

    def login(self, username: str, password: str) -> None:
        """Logs in with the Vietnamese interface chosen explicitly (the language cookie): the
        scenarios read Vietnamese labels, and headless Chromium sends Accept-Language en-US."""
        self.open("/dang-nhap/")
        self.driver.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": "vi", "path": "/"})
        self.driver.find_element(By.NAME, "username").send_keys(username)
        self.driver.find_element(By.NAME, "password").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        self.driver.find_element(By.CSS_SELECTOR, "nav.mainnav")

    def wait_idle(self, timeout: float = 10) -> None:
        """No htmx request pending or still to start (menu badge, lazy charts, polling)."""
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, timeout).until(
            lambda d: d.execute_script(
                "return document.readyState === 'complete' && (!window.htmx ||"
                " !document.querySelector('[hx-trigger=\"load\"], .htmx-request'));"
            )
        )

    def click_and_load(self, element: Any, timeout: float = 15) -> None:
        """Clicks what leads to a new page (a submit, a link) and waits until that page has
        replaced the old one, so that the next lookup cannot find an element of the old page
        (a stale element, or Chromium's "Node ... does not belong to the document")."""
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait

        old = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        WebDriverWait(self.driver, timeout).until(expected_conditions.staleness_of(old))
        self.wait_idle(timeout)

    def switch_user(self, username: str, password: str) -> None:
        """Logs out, then in as someone else.

        Every response re-sends the session cookie (SESSION_SAVE_EVERY_REQUEST), so a late htmx
        response could bring back the previous user's cookie after cookies are deleted: wait
        until the page is idle and end the session on the server before logging in again.
        """
        self.wait_idle()
        logout = self.driver.find_elements(
            By.CSS_SELECTOR, "nav.mainnav form[action='/dang-xuat/'] button"
        )
        if logout:
            logout[0].click()
            self.driver.find_element(By.NAME, "username")
        self.driver.delete_all_cookies()
        self.login(username, password)
        assert self.css("nav.mainnav a[href='/ho-so/']").text == username

    def text(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "body").text

    def css(self, selector: str) -> Any:
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def all(self, selector: str) -> list[Any]:
        return self.driver.find_elements(By.CSS_SELECTOR, selector)
