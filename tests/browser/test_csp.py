"""No page breaks its own Content-Security-Policy (issue 16, "Headers").

Chromium reports every blocked inline script, style attribute, `<style>` element, eval or
foreign resource as a `securitypolicyviolation` event. A listener installed before any page
script (DevTools `Page.addScriptToEvaluateOnNewDocument`) collects them; each role logs in and
visits its home page and every page linked from it (menu, work items, lists), waiting for htmx
to settle, and the test fails on the first violation, naming the page and what was blocked.
"""

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from selenium.webdriver.common.by import By

from tests.rollout.factories import make_rollout

pytestmark = pytest.mark.browser

LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(
    e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' +
    e.sourceFile + ':' + e.lineNumber + ' ' + (e.sample || ''));
});
"""
SKIP = ("/dang-xuat/", "/tai-ve/", "/xuat", ".xlsx", ".docx", ".pdf", ".ics", "/ngon-ngu/")
PAGES_PER_ROLE = 14
ROLES = ["admin", "leader", "officer_a", "leader_a", "inspector", "emulation", "member_a"]


@pytest.fixture
def csp_listener(page) -> Iterator[None]:
    added = page.driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": LISTENER}
    )
    yield
    page.driver.execute_cdp_cmd(
        "Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]}
    )


def _violations(page) -> list[str]:
    page.wait_idle()
    return page.driver.execute_script("return window.__cspViolations || [];")


def _links(page) -> list[str]:
    base = urlparse(page.base_url)
    found = []
    for a in page.driver.find_elements(By.CSS_SELECTOR, "a[href]"):
        href = a.get_attribute("href") or ""
        url = urlparse(href)
        if url.netloc != base.netloc or any(s in href for s in SKIP):
            continue
        path = url.path + (f"?{url.query}" if url.query else "")
        if path not in found:
            found.append(path)
    return found


ADMIN_PAGES = ["/quan-tri/", "/quan-tri/auth/user/", "/quan-tri/auth/user/add/"]


def _visit_all(page, role: str, extra: list[str]) -> tuple[list[str], int]:
    page.open("/")
    problems = [f"{role} / : {v}" for v in _violations(page)]
    paths = _links(page)[:PAGES_PER_ROLE] + extra
    for path in paths:
        page.open(path)
        problems += [f"{role} {path}: {v}" for v in _violations(page)]
    return problems, len(paths)


def test_listener_catches_a_violation(page, world, password, csp_listener):
    """The net works: an inline style set from script is blocked and reported."""
    page.login("officer_a", password)
    page.driver.execute_script("document.body.setAttribute('style', 'color: red');")
    assert any("style-src" in v for v in _violations(page))


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_of_each_role_raise_no_csp_violation(page, world, password, csp_listener, role):
    make_rollout(world)
    page.login(role, password)
    extra = ADMIN_PAGES + [f"/quan-tri/auth/user/{world.users['leader'].pk}/change/"]
    problems, visited = _visit_all(page, role, extra if role == "admin" else [])
    assert not problems, "\n".join(problems)
    assert visited >= 4  # the home page links somewhere


def test_anonymous_pages_raise_no_csp_violation(page, world, csp_listener):
    page.open("/dang-nhap/")
    problems = _violations(page)
    page.open("/khong-co-trang-nay/")
    problems += _violations(page)
    assert not problems, problems
