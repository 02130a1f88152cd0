"""A crawl of the full demo (issue 16): logged in as every demo role and anonymously, follow
the same-site links reachable from the home page and assert no 5xx and no slow page.

The demo (`load_demo` + `load_demo_rollout`) is loaded once for the module inside a
transaction that is rolled back at the end, so the rest of the suite never sees it. The crawl
is breadth-first, GET only (links and htmx `hx-get`), visits each route pattern (URL name and
query keys) at most `PER_PATTERN` times and at most `MAX_PAGES` pages per role. A page is slow
when two fetches both take more CPU time than the limit (CPU time, not wall-clock: the
machine may be shared), `CRAWL_PAGE_LIMIT` seconds for HTML (1 s), `CRAWL_DOWNLOAD_LIMIT` for
files (.xlsx, .docx, .pdf, .ics: 5 s); `KNOWN_SLOW` lists pages tracked elsewhere.
Apps added later are picked up: their pages are crawled as soon as a link reaches them.
"""

import io
import os
import re
import time
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import Resolver404, resolve

ROLES = [
    "admin",
    "lanhdao",
    "canbo.tinh",
    "kiemtra",
    "thidua",
    "lanhdao.xa",
    "canbo.xa",
    "dangvien",
    None,  # anonymous
]
PER_PATTERN = int(os.environ.get("CRAWL_PER_PATTERN", "1"))
MAX_PAGES = int(os.environ.get("CRAWL_MAX_PAGES", "80"))
PAGE_LIMIT = float(os.environ.get("CRAWL_PAGE_LIMIT", "1.0"))
DOWNLOAD_LIMIT = float(os.environ.get("CRAWL_DOWNLOAD_LIMIT", "5.0"))
SKIP_PREFIXES = ("/static/", "/media/", "/dang-xuat/", "/quan-tri/", "/ngon-ngu/")
LINK = re.compile(r'(?:href|hx-get)="([^"#]*)', re.I)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            people = int(os.environ.get("CRAWL_DEMO_PEOPLE", "20000"))
            call_command("load_demo", people=people, stdout=io.StringIO())
            call_command("load_demo_rollout", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@dataclass
class Crawl:
    visited: int = 0
    patterns: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    slow: list[str] = field(default_factory=list)


def _pattern(url: str) -> str | None:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = ",".join(sorted({k for k, _ in parse_qsl(parts.query)} - {"page"}))
    return f"{match.view_name}?{keys}"


def _links(body: str) -> list[str]:
    out = []
    for raw in LINK.findall(body):
        url = unescape(raw).strip()
        if not url.startswith("/") or url.startswith("//"):
            continue
        if url.startswith(SKIP_PREFIXES):
            continue
        out.append(url)
    return out


# Pages known to be slow on the full demo, tracked elsewhere: reported, not failed, with
# their own limit. Remove an entry when its page is fixed.
KNOWN_SLOW: dict[str, tuple[float, str]] = {
    "rollout_progress_charts": (30.0, "issue 9: the root chart draws 131 bars (dashboards helper)"),
}


def _fetch(client: Client, url: str):
    """The response and the CPU time the request took in this process (the view, templates
    and, on SQLite, the queries): unlike wall-clock time it does not grow when other
    processes share the machine."""
    started = time.process_time()
    response = client.get(url)
    if response.streaming:  # file downloads: read to the end, like a browser would
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
    elapsed = time.process_time() - started
    # Close it as the test client does: without closing the database connection, which the
    # demo's transaction (rolled back at the end) must keep.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return response, elapsed


def crawl(client: Client) -> Crawl:
    result = Crawl()
    queue = deque(["/"])
    seen = {"/"}
    while queue and result.visited < MAX_PAGES:
        url = queue.popleft()
        pattern = _pattern(url)
        if pattern is None:
            continue
        if result.patterns.get(pattern, 0) >= PER_PATTERN:
            continue
        result.patterns[pattern] = result.patterns.get(pattern, 0) + 1
        response, elapsed = _fetch(client, url)
        result.visited += 1
        if response.status_code >= 500:
            result.errors.append(f"{response.status_code} {url}")
            continue
        content_type = response.get("Content-Type", "")
        is_html = content_type.startswith("text/html")
        limit = PAGE_LIMIT if is_html else DOWNLOAD_LIMIT
        view_name = pattern.split("?", 1)[0]
        if view_name in KNOWN_SLOW:
            limit = KNOWN_SLOW[view_name][0]
        if elapsed > limit:
            _again, second = _fetch(client, url)
            if min(elapsed, second) > limit:
                result.slow.append(f"{min(elapsed, second):.2f}s {url}")
        if not is_html or response.status_code != 200:
            continue
        body = response.content.decode("utf-8", "replace")
        for link in _links(body):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return result


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES, ids=[r or "anonymous" for r in ROLES])
def test_crawl_of_the_demo_finds_no_server_error_and_no_slow_page(demo, username):
    client = Client()
    if username is not None:
        client.force_login(get_user_model().objects.get(username=username))
    result = crawl(client)
    assert result.visited >= (1 if username is None else 5), result
    assert result.errors == [], result.errors
    assert result.slow == [], result.slow
