"""Interface languages: Vietnamese by default and unchanged, English on request."""

import gettext
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from apps.common.i18n import mo_bytes, parse_po

ROOT = Path(__file__).resolve().parent.parent.parent
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
TEMPLATES = sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("apps/*/templates/**/*.html")])

TRANSLATE_RE = re.compile(r'{% translate "([^"]*)" %}')
FILTER_ARG_RE = re.compile(r'_\("([^"]*)"\)')
BLOCK_RE = re.compile(r"{% blocktranslate %}(.*?){% endblocktranslate %}", re.S)


def _switch(client: Client, language: str, next_url: str = "/") -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


@pytest.mark.django_db
def test_login_page_is_vietnamese_by_default():
    response = Client().get(reverse("login"))
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "<h1>Đăng nhập</h1>" in html
    assert "Tên đăng nhập" in html
    assert "Log in" not in html
    assert response["Content-Language"] == "vi"


@pytest.mark.django_db
def test_browser_language_does_not_change_the_default():
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "<h1>Đăng nhập</h1>" in client.get(reverse("login")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"  # unknown choice: the default
    assert "<h1>Đăng nhập</h1>" in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_login_page_in_english_after_switching_language():
    client = Client()
    _switch(client, "en", reverse("login"))
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Log in</h1>" in html
    assert '<label for="id_username">Username</label>' in html
    assert "Đăng nhập" not in html
    # The switch offers the way back, each language named in itself.
    assert ">Tiếng Việt</button>" in html
    assert 'value="en" class="link" lang="en" aria-current="true">English</button>' in html


@pytest.mark.django_db
def test_switching_back_to_vietnamese(world):
    client = world.client("officer_a")
    _switch(client, "en")
    _switch(client, "vi")
    assert ">Tổ chức</a>" in client.get(reverse("home")).content.decode()


def test_navigation_of_an_officer_in_english(world):
    client = world.client("officer_a")
    _switch(client, "en")
    html = client.get(reverse("home")).content.decode()
    for label in ("Home", "Organisation", "Cadres and party members", "Log out", "Change password"):
        assert f">{label}</" in html, label
    assert "Tổ chức" not in html
    assert "Đăng xuất" not in html
    # Data is never translated.
    assert "Đảng bộ xã An Bình" in html


def test_unit_page_in_english_keeps_data_vietnamese(world):
    client = world.client("officer_a")
    _switch(client, "en")
    html = client.get(reverse("unit_detail", args=[world.commune_a.pk])).content.decode()
    assert "<dt>Unit code</dt>" in html
    assert "<h2>Subordinate units</h2>" in html
    assert "Chi bộ thôn 1 An Bình" in html


def test_set_language_is_csrf_protected(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403


def test_english_catalogue_is_compiled_in_sync_with_the_po():
    assert MO.read_bytes() == mo_bytes(parse_po(PO.read_text(encoding="utf-8")))


def _template_msgids() -> set[str]:
    ids: set[str] = set()
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        ids.update(TRANSLATE_RE.findall(text))
        ids.update(BLOCK_RE.findall(text))
        ids.update(FILTER_ARG_RE.findall(text))
    return ids


def test_every_template_string_has_an_english_translation():
    catalogue = parse_po(PO.read_text(encoding="utf-8"))
    ids = _template_msgids()
    assert len(ids) > 400
    missing = sorted(i for i in ids if not catalogue.get(i))
    assert not missing, missing


def test_wrapped_vietnamese_renders_unchanged():
    """`{% translate %}` escapes its result: a msgid with & < > " ' would render differently
    from the raw text it replaced. Such strings must use `{% blocktranslate %}`, which does
    not escape its literal text."""
    for path in TEMPLATES:
        for msgid in TRANSLATE_RE.findall(path.read_text(encoding="utf-8")):
            assert not set(msgid) & set("&<>'"), (path.name, msgid)


def test_mo_writer_handles_context_and_plurals(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgctxt "tháng"\nmsgid "Năm"\nmsgstr "Five"\n\n'
        'msgid "Năm"\nmsgstr "Year"\n\n'
        'msgid "%(n)s người"\nmsgid_plural "%(n)s người"\nmsgstr[0] "%(n)s person"\n'
        'msgstr[1] "%(n)s people"\n\n'
        '#, fuzzy\nmsgid "Nháp"\nmsgstr "Draft"\n\n'
        'msgid "Chưa dịch"\nmsgstr ""\n\n'
        'msgid "Nhiều dòng"\nmsgstr ""\n"Several\\n"\n"lines \\"quoted\\""\n',
        encoding="utf-8",
    )
    catalogue = gettext.GNUTranslations(io.BytesIO(mo_bytes(parse_po(po.read_text("utf-8")))))
    assert catalogue.pgettext("tháng", "Năm") == "Five"
    assert catalogue.gettext("Năm") == "Year"
    assert catalogue.ngettext("%(n)s người", "%(n)s người", 1) == "%(n)s person"
    assert catalogue.ngettext("%(n)s người", "%(n)s người", 3) == "%(n)s people"
    assert catalogue.gettext("Nháp") == "Nháp"
    assert catalogue.gettext("Chưa dịch") == "Chưa dịch"
    assert catalogue.gettext("Nhiều dòng") == 'Several\nlines "quoted"'
