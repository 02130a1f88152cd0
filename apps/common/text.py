"""Vietnamese text helpers: diacritic-free search text and a Vietnamese collation key.

Search: a stored `search_text` column holds the lower-cased name without diacritics,
so "nguyen thai hoc" finds "Nguyễn Thái Học" with a plain LIKE on SQLite and PostgreSQL
alike (no unaccent extension, no ICU collation needed on either database).

Sorting: the Vietnamese alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
with tones as a secondary difference (ngang, huyền, hỏi, ngã, sắc, nặng). Neither SQLite nor a
default PostgreSQL collation orders it so (PostgreSQL's ICU "vi" collation would, but is not
available on SQLite and depends on the server build). PyICU would need a compiler and libicu
headers at install time. So we store a computed `sort_key` (hand-rolled here, ~40 lines):
it keeps the order identical on both databases and costs one indexed column.
"""

import dataclasses
import re
import unicodedata
from typing import Any

_BASE_ORDER = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
_VOWEL_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}


def strip_diacritics(text: str) -> str:
    """Lower-case ASCII folding used for search: 'Nguyễn Thái Học' -> 'nguyen thai hoc'."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(folded.lower().split())


def _letter_key(base: str, marks: list[str]) -> tuple[str, int]:
    letter = base
    for mark in marks:
        if mark in _VOWEL_MARKS:
            if base == "o" and mark == "\u0302":
                letter = "ô"
            elif base == "u" and mark == "\u031b":
                letter = "ư"
            elif base == "e" and mark == "\u0302":
                letter = "ê"
            elif base == "a":
                letter = _VOWEL_MARKS[mark]
            elif base == "o" and mark == "\u031b":
                letter = "ơ"
    tone = next((_TONES[m] for m in marks if m in _TONES), 0)
    index = _BASE_ORDER.find(letter)
    if index < 0:
        # Not a Vietnamese letter (digit, f, j, w, z, punctuation): keep after letters.
        return (f"~{letter}", tone)
    return (chr(ord("A") + index), tone)


def collation_key(text: str) -> str:
    """A string whose byte order is the Vietnamese dictionary order of `text`."""
    text = " ".join(unicodedata.normalize("NFC", text).lower().split())
    primary: list[str] = []
    tones: list[str] = []
    for char in text:
        if char == " ":
            primary.append("!")  # above the separator below, under every letter
            continue
        if char == "đ":
            primary.append(chr(ord("A") + _BASE_ORDER.index("đ")))
            tones.append("0")
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], list(decomposed[1:])
        letter, tone = _letter_key(base, marks)
        primary.append(letter)
        tones.append(str(tone))
    # The separator sorts before everything in `primary`, so "An" < "Anh" and "An" < "An Bình".
    return "".join(primary) + " " + "".join(tones)


def person_sort_key(full_name: str) -> str:
    """Vietnamese lists sort by given name (last word), then the full name."""
    words = full_name.split()
    given = words[-1] if words else ""
    return (collation_key(given) + "#" + collation_key(full_name))[:250]


# --- control characters: one rule for every input and every document writer ------------------
#
# Text typed into a form or read from an imported file must not carry control characters:
# they are invisible, they break .xlsx/.docx (XML 1.0 forbids them) and PostgreSQL refuses NUL.
# The rule, everywhere: C0 controls except tab, line feed and carriage return, DEL, C1 controls,
# lone surrogates and the non-characters U+FFFE/U+FFFF are
#   - refused on input, with a message naming the field (forms: `ProhibitControlCharacters`,
#     added to every form CharField by `apps.common.apps`) or the row and column (imports);
#   - removed by every document writer (`strip_control`), whatever the database already holds.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def find_control(text: str) -> str | None:
    """The first forbidden control character of `text`, or None."""
    match = CONTROL_CHARACTERS.search(text)
    return match.group(0) if match else None


def describe_control(char: str) -> str:
    return f"U+{ord(char):04X}"


def control_message(char: str) -> str:
    return (
        f"Có ký tự điều khiển không hiển thị được ({describe_control(char)}), thường do sao chép "
        "từ phần mềm khác: hãy xóa ký tự này rồi nhập lại."
    )


def strip_control(text: str) -> str:
    """`text` without forbidden control characters (for writers of documents)."""
    return CONTROL_CHARACTERS.sub("", text) if CONTROL_CHARACTERS.search(text) else text


def clean_deep(value: Any) -> Any:
    """A copy of `value` (str, list, tuple, dict, dataclass instances) with every string
    passed through `strip_control`; other values unchanged."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, list):
        return [clean_deep(v) for v in value]
    if isinstance(value, tuple):
        return tuple(clean_deep(v) for v in value)
    if isinstance(value, dict):
        return {k: clean_deep(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: clean_deep(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **changes)
    return value
