"""Moderation helpers: hide abusive words and personal data in text shown beyond the handler.

Applied automatically at intake to the version of the description that the unit and leaders see,
and as the default public version of an answer; the handler may edit both. The originals stay.
"""

import re
import unicodedata

HIDDEN = "***"
_PHONE = re.compile(r"(?<![\d])(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ID_NUMBER = re.compile(r"(?<![\d])(?:\d{12}|\d{9})(?![\d])")
# Common Vietnamese insults, matched on the diacritic-free lower-case text.
_ABUSIVE = (
    "do cho",
    "me may",
    "du ma",
    "dit me",
    "dm",
    "dcm",
    "vcl",
    "vl",
    "khon nan",
    "suc vat",
    "oc cho",
    "mat day",
    "do ngu",
    "thang ngu",
    "con di",
)
_ABUSIVE_RE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _ABUSIVE) + r")\b")


def _fold(ch: str) -> str:
    """One character without its marks, lower-case ("Đ" → "d", "ộ" → "o")."""
    if ch in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return (base[:1] or ch).lower()


def _hide_abusive(text: str) -> str:
    """Replaces abusive words, found without diacritics, in the original (accented) text; the
    folding keeps one character per character, so spans carry over."""
    text = unicodedata.normalize("NFC", text)
    plain = "".join(_fold(ch) for ch in text)
    out = []
    last = 0
    for match in _ABUSIVE_RE.finditer(plain):
        out.append(text[last : match.start()])
        out.append(HIDDEN)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def redact(text: str, *, names: list[str] | tuple[str, ...] = ()) -> str:
    """Hides phone numbers, e-mail addresses, ID numbers, the given names and abusive words."""
    text = _EMAIL.sub("[đã ẩn e-mail]", text)
    text = _PHONE.sub("[đã ẩn số điện thoại]", text)
    text = _ID_NUMBER.sub("[đã ẩn số giấy tờ]", text)
    for name in names:
        name = " ".join(name.split())
        if len(name) >= 3:
            text = re.sub(re.escape(name), "[đã ẩn họ tên]", text, flags=re.IGNORECASE)
    return _hide_abusive(text)
