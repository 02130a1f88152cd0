"""Security headers (CSP, Permissions-Policy), Vietnamese error pages, and the demo served with
DEBUG off (issue 16 defect 8, issue 9 item 8)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATE_FILES = sorted(
    [*ROOT.glob("templates/**/*.html"), *ROOT.glob("apps/*/templates/**/*.html")]
)


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


# --- headers ----------------------------------------------------------------------------


def test_pages_carry_a_strict_content_security_policy(world):
    response = world.client("officer_a").get(reverse("home"))
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_anonymous_pages_carry_the_policy_and_permissions_policy(db):
    response = Client().get(reverse("login"))
    assert "Content-Security-Policy" in response
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\sstyle=", text), "style attribute"
    assert not re.search(r"<style\b", text), "<style> element"
    assert not re.search(r"\son[a-z]+=", text), "event handler attribute"
    assert not re.search(r"javascript:", text, re.IGNORECASE), "javascript: URL"
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag, f"inline script {tag}"
    assert "hx-on" not in text, "hx-on evaluates code (htmx allowEval is off)"


def test_htmx_is_configured_not_to_inject_styles_or_evaluate(db):
    body = Client().get(reverse("login")).content.decode()
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', body)
    assert config
    assert '"includeIndicatorStyles": false' in config.group(1)
    assert '"allowEval": false' in config.group(1)


def test_charts_are_inlined_without_style_attributes():
    import datetime

    from apps.dashboards import charts

    svg = charts.children_svg([("Xã A", 50.0), ("Xã B", 20.0)]) + charts.completion_svg(
        [(datetime.date(2024, 5, 1), 10.0), (datetime.date(2024, 5, 3), 40.0)]
    )
    assert "style=" not in svg
    assert "<style" not in svg
    assert 'fill="#ffffff"' in svg  # the styles became presentation attributes
    assert 'stroke-linejoin="round"' in svg


def test_bar_class_clamps_and_rounds():
    from apps.common.templatetags.bars import bar_class

    assert bar_class(37.6) == "bar-38"
    assert bar_class(None) == "bar-0"
    assert bar_class("abc") == "bar-0"
    assert bar_class(250) == "bar-100"
    assert bar_class(-3) == "bar-0"
    css = (ROOT / "static/css/extra.css").read_text()
    assert ".bar-0 {" in css and ".bar-100 {" in css


# --- error pages ------------------------------------------------------------------------


def _in_layout(body: str) -> bool:
    return '<header class="topbar">' in body and 'href="/"' in body and "Về trang chủ" in body


def test_unknown_page_is_a_vietnamese_404_in_the_layout(world):
    response = world.client("officer_a").get("/khong-co-trang-nay/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body
    assert _in_layout(body)
    assert 'nav class="mainnav"' in body  # the logged-in menu is still there


def test_object_outside_scope_is_the_same_vietnamese_404(world):
    response = world.client("officer_b").get(reverse("unit_detail", args=[world.commune_a.pk]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_forbidden_page_is_vietnamese_in_the_layout(world):
    response = world.client("member_a").get(reverse("person_list"))
    body = response.content.decode()
    assert response.status_code == 403
    assert "Không có quyền truy cập" in body
    assert "Forbidden" not in body
    assert _in_layout(body)


@pytest.mark.urls("tests.common.error_urls")
def test_server_error_is_a_short_vietnamese_page(db):
    client = Client(raise_request_exception=False)
    response = client.get("/__boom__/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in body
    assert _in_layout(body)
    assert "Traceback" not in body and "boom" not in body
    assert len(response.content) < 20_000


def test_csrf_failure_is_a_vietnamese_page_in_the_layout(world, password):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["officer_a"])
    response = client.post(reverse("password_change"), {"old_password": password})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Không thể gửi biểu mẫu" in body
    assert _in_layout(body)
    assert "CSRF verification failed" not in body


# --- the demo runs with DEBUG off, static files from whitenoise -------------------------


def _dev_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev", TRIENKHAI_VAR_DIR=str(tmp_path), **extra
    )
    return env


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_make_run_settings_have_debug_off_unless_asked(tmp_path):
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    assert _python(code, _dev_env(tmp_path)).stdout.strip() == "False"
    assert _python(code, _dev_env(tmp_path, DEBUG="1")).stdout.strip() == "True"


def test_with_debug_off_collected_static_files_are_served(tmp_path):
    """What `make run` does: collectstatic, then every stylesheet and script a page links to
    answers 200 from whitenoise (hashed names from the manifest)."""
    code = """
import re, django
django.setup()
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
page = client.get("/dang-nhap/")
assert page.status_code == 200, page.status_code
assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.content.decode())
assert len(assets) >= 3, assets
for url in assets:
    assert re.search(r"\\.[0-9a-f]{12}\\.(css|js)$", url), url
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
print("served", len(assets))
"""
    result = _python(code, _dev_env(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "served" in result.stdout
