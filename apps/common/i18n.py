"""Interface translations: the language switch view and a pure-Python .po → .mo compiler.

Source strings are Vietnamese (the msgids ARE the Vietnamese text), so Vietnamese needs no
catalogue and renders exactly as written; `locale/en/LC_MESSAGES/django.po` holds English.

Why a compiler of our own: Django's `compilemessages` shells out to GNU `msgfmt`, which is a
Debian package (gettext) the project must not need at install or run time, `polib` is not a
dependency, and CPython's `Tools/i18n/msgfmt.py` is not installed with Python. The GNU .mo
format is small and stable (magic, revision 0, two string tables, no hash table), so the
writer below is a few dozen lines; a test checks the committed .mo equals its output.
"""

import ast
import struct
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

MO_MAGIC = 0x950412DE


class ChosenLocaleMiddleware(LocaleMiddleware):
    """The interface is Vietnamese unless the user chose another language with the switch
    (the language cookie that `set_language` sets). Unlike Django's `LocaleMiddleware`, the
    browser's Accept-Language is ignored: many officers' computers run an English browser or
    system, and the product's default is Vietnamese (vi-VN) for everyone."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen or "")
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def _unquote(line: str) -> str:
    # A .po string is a C string literal; Python's literal syntax is a superset for the
    # escapes gettext writes (\n, \t, \", \\).
    value = ast.literal_eval(line)
    if not isinstance(value, str):
        raise ValueError(f"not a .po string: {line!r}")
    return value


def parse_po(text: str) -> dict[str, str]:
    """Messages of a .po file as {key: translation}, keyed the way gettext looks them up:
    `msgctxt + "\\x04" + msgid` with a context, `msgid + "\\x00" + msgid_plural` for plurals
    (translations joined by "\\x00"). Fuzzy, obsolete and untranslated entries are left out,
    as `msgfmt` does."""
    messages: dict[str, str] = {}
    entry: dict[str, str] = {}
    fuzzy = False
    field = ""

    def flush() -> None:
        nonlocal entry, fuzzy
        if "msgid" in entry:
            key = entry["msgid"]
            if "msgid_plural" in entry:
                key += "\x00" + entry["msgid_plural"]
                forms = sorted(k for k in entry if k.startswith("msgstr["))
                value = "\x00".join(entry[k] for k in forms)
            else:
                value = entry.get("msgstr", "")
            if "msgctxt" in entry:
                key = entry["msgctxt"] + "\x04" + key
            if value.strip("\x00") and (not fuzzy or key == ""):
                messages[key] = value
        entry, fuzzy = {}, False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith('"'):
            entry[field] += _unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        starts_entry = line.startswith("#") or keyword in ("msgctxt", "msgid")
        if starts_entry and any(k.startswith("msgstr") for k in entry):
            flush()
        if line.startswith("#"):
            fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
            continue
        field = keyword
        entry[field] = _unquote(rest)
    flush()
    return messages


def mo_bytes(messages: dict[str, str]) -> bytes:
    """The GNU .mo file for `messages`: header, original and translation tables sorted by
    original, then the strings (NUL-terminated); no hash table (gettext searches binarily)."""
    keys = sorted(messages, key=lambda k: k.encode())
    ids = [k.encode() for k in keys]
    strs = [messages[k].encode() for k in keys]
    count = len(keys)
    start = 7 * 4 + 16 * count
    originals, translations, blob = [], [], b""
    for s in ids:
        originals.append((len(s), start + len(blob)))
        blob += s + b"\x00"
    for s in strs:
        translations.append((len(s), start + len(blob)))
        blob += s + b"\x00"
    header = struct.pack("<7I", MO_MAGIC, 0, count, 28, 28 + 8 * count, 0, 28 + 16 * count)
    tables = b"".join(struct.pack("<2I", *e) for e in originals + translations)
    return header + tables + blob


def compile_po(po_path: Path) -> Path:
    """Writes the .mo next to `po_path` and returns its path."""
    mo_path = po_path.with_suffix(".mo")
    mo_path.write_bytes(mo_bytes(parse_po(po_path.read_text(encoding="utf-8"))))
    return mo_path
