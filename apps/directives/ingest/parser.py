"""Rule-based extraction of a draft directive from Vietnamese text.

Plain Python, no Django import: it is tested and benchmarked on its own
(``benchmarks/ingest_eval.py``) and called by the ``ingest_directive`` command and the
"Tạo từ văn bản" page.

NLP library decision: **rules** (no Vietnamese NLP package).
Measured on the cases in ``tests/data/ingest`` (see the numbers below): ``underthesea``
(9.5.0, installed in a throwaway venv, its ``sent_tokenize`` works offline) was used as the
sentence splitter in place of ``split_sentences`` with everything else unchanged.
Measured (13 cases, 2025 run):

* field F1 (kind, number, symbol, issuer, issued_date, dos+donts, key_tasks, deadlines,
  people): identical with either splitter — the extraction does not depend on it;
* deadline source sentence equal to the hand-written one: rules 30/30, underthesea 26/30
  (it cuts the enumerator "1." off numbered lines as a sentence of its own);
* 6 hand-picked hard boundaries from the cases ("Đảng.Đồng chí", "tháng 5.2024. Đồng",
  "(Chinhphu.vn) -", "Đc. Bùi Thắng", "1. Tăng cường", "13”. Đồng chí"): rules 6/6,
  underthesea 3/6 (splits "(Chinhphu.|vn)", "Đc.|Bùi Thắng", "1.|Tăng cường");
* time on 188 KB: rules 0.31 s, underthesea 0.28 s (no meaningful difference).
Sentences are only used to attach a source sentence to each field and to bound some
searches; the line structure and the regular expressions below carry the extraction, so
a tokenizer brings no accuracy, adds a large dependency with downloaded models for its other
functions, and is slower. Rules it is.

Pipeline: normalise (NFC, tone placement "uỷ" -> "ủy" in a same-length matching copy) ->
split sentences -> find the main document (header "Số: 34-CT/TU" or the most prominent
"Chỉ thị số 34" mention) -> issuer, issue date -> conduct criteria ("3 điều cần làm, là …;
…", "5 không: …") -> key tasks (numbered/bulleted/paragraph lists after "5 nội dung trọng
tâm", "nhiệm vụ, giải pháp", …) -> deadlines -> people ("đồng chí X, Position" /
"Position X").
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

MAX_TEXT_BYTES = 5 * 1024 * 1024
"""Texts (pasted or extracted from a file) above this size are refused."""

NO_DIRECTIVE_WARNING = "Không tìm thấy số hiệu hay nội dung văn bản chỉ đạo nào trong văn bản."


class IngestError(ValueError):
    """Input that cannot be turned into text; the message is user-facing (Vietnamese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- data


@dataclass
class Deadline:
    date: date
    text: str

    def to_json(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "text": self.text}


@dataclass
class Person:
    name: str
    position: str | None
    source: str = ""

    def to_json(self) -> dict[str, str | None]:
        return {"name": self.name, "position": self.position}


@dataclass
class DirectiveDraft:
    """What was found in a text; every field may be missing.

    ``sources`` maps each found scalar field (kind, number, symbol, issuer, issued_date) to
    the sentence it came from; ``item_sources`` maps ``dos``, ``donts``, ``key_tasks``,
    ``deadlines`` and ``people`` to one sentence per item, in the same order as the items.
    """

    kind: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    issued_date: date | None = None
    dos: list[str] = field(default_factory=list)
    donts: list[str] = field(default_factory=list)
    key_tasks: list[str] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    item_sources: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        """True when the text looks like (a report on) a directive."""
        return bool(self.number or self.symbol or self.dos or self.donts or self.key_tasks)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "symbol": self.symbol,
            "issuer": self.issuer,
            "issued_date": self.issued_date.isoformat() if self.issued_date else None,
            "dos": list(self.dos),
            "donts": list(self.donts),
            "key_tasks": list(self.key_tasks),
            "deadlines": [d.to_json() for d in self.deadlines],
            "people": [p.to_json() for p in self.people],
        }


# --------------------------------------------------------------------------- text helpers

_UPPER = "".join(
    c
    for c in map(chr, range(0x41, 0x1EFF))
    if c.isupper() and unicodedata.name(c, "").startswith("LATIN")
)
_LOWER = "".join(
    c
    for c in map(chr, range(0x61, 0x1EFF))
    if c.islower() and unicodedata.name(c, "").startswith("LATIN")
)
U = f"[{_UPPER}]"
L = f"[{_LOWER}]"

# Old-style tone placement -> new style; every replacement keeps the length.
_TONE_FIX = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_FIX.update({k.upper(): v.upper() for k, v in list(_TONE_FIX.items())})
_TONE_FIX.update({k[0].upper() + k[1]: v[0].upper() + v[1] for k, v in list(_TONE_FIX.items())})
_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(map(re.escape, _TONE_FIX)) + r")(?!\w)")


def normalise_text(text: str) -> str:
    """NFC, unified line ends and spaces; keeps the wording as written."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = re.sub(r"[\u00a0\u2007\u202f\u200b\t]", " ", text)
    return text


def _fix_tones(text: str) -> str:
    return _TONE_RE.sub(lambda m: _TONE_FIX[m.group(1)], text)


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


_ITEM_END = " \t\n.,;:!?…-–—*•+/"
_QUOTES = "\"'“”‘’«»"


def _strip_item(s: str) -> str:
    s = _clean(s)
    s = _LIST_MARKER_RE.sub("", s, count=1)
    s = s.strip(_ITEM_END)
    s = re.sub(r"^(?:và|hoặc)(?:\s+|$)", "", s)
    s = re.sub(r"[;,]?\s*(?:và|hoặc)$", "", s).strip(_ITEM_END)
    # drop quotes around the whole item or left unbalanced at an end
    while s and s[0] in _QUOTES and (s[-1] in _QUOTES or sum(s.count(q) for q in _QUOTES) % 2):
        s = s[1:-1] if s[-1] in _QUOTES else s[1:]
        s = s.strip(_ITEM_END)
    if s and s[-1] in _QUOTES and sum(s.count(q) for q in _QUOTES) % 2:
        s = s[:-1].strip(_ITEM_END)
    return s


_NUM_WORDS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
NUMW = r"(?:\d{1,2}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)"


def _num(s: str) -> int | None:
    s = s.lower()
    if s.isdigit():
        return int(s)
    return _NUM_WORDS.get(s)


_LIST_MARKER_RE = re.compile(
    r"^\s*(?:[-–—+•*▪●·○◦]+\s*|\(\d{1,2}\)\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s+|\(?[a-zđ][.)]\s+"
    r"|(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\s*[,:]\s*"
    r"|[Tt]hứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:]\s*)"
)


def _marker_style(line: str) -> str | None:
    s = line.lstrip()
    if re.match(r"[IVXLC]+\.\s", s):
        return "roman"
    if re.match(r"\d{1,2}\.\d{1,2}\.?\s", s):
        return "num2"
    if re.match(r"\d{1,2}[.)]\s", s):
        return "num"
    if re.match(r"\(\d{1,2}\)\s*", s):
        return "paren"
    if re.match(r"\(?[a-zđ][.)]\s", s):
        return "alpha"
    if re.match(r"[-–—]\s*", s):
        return "dash"
    if re.match(r"[+]\s*", s):
        return "plus"
    if re.match(r"[•*▪●·○◦]\s*", s):
        return "bullet"
    if re.match(r"(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\s*[,:]", s):
        return "ordinal"
    if re.match(r"[Tt]hứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:]", s):
        return "ordinal"
    return None


def _is_heading(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if re.match(r"[IVXLC]+\.\s", s) or re.match(r"[A-Z]\.\s", s):
        return True
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


# --------------------------------------------------------------------------- sentences

SentenceSplitter = Callable[[str], list[str]]

_ABBREV = {"tp", "đc", "đ/c", "ths", "ts", "pgs", "gs", "q", "p", "tt", "st", "ck", "v.v", "tx"}
_BOUNDARY_RE = re.compile(
    rf"[.!?…]+[\"”’»)\]]*(?:\s+(?=[{_UPPER}“\"'(\[\d-])|(?=[{_UPPER}]))"  # noqa: ISC001
)


def _split_line(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(line):
        punct_end = m.start() + len(m.group(0).rstrip())
        before = line[start : m.start()]
        word = re.findall(r"[\w/.]+$", before)
        last = word[0].lower() if word else ""
        if last in _ABBREV:
            continue
        if re.fullmatch(r"\s*(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]+|[a-zA-Z])", before):
            continue  # enumerator at the start of the line: "1. Tăng cường"
        if m.group(0).rstrip() == m.group(0) and not re.search(rf"{L}$", before):
            continue  # no space after the dot and no lowercase before: "TP.HCM", "5.2024"
        spans.append((start, punct_end))
        start = m.end()
    spans.append((start, len(line)))
    return spans


def split_sentences(text: str) -> list[str]:
    """Regex sentence splitter for one line (a paragraph)."""
    return [text[a:b] for a, b in _split_line(text) if text[a:b].strip()]


def _sentence_spans(text: str, splitter: SentenceSplitter | None) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            if splitter is None:
                local = _split_line(line)
            else:
                local = []
                cur = 0
                for sent in splitter(line):
                    sent = sent.strip()
                    if not sent:
                        continue
                    i = line.find(sent, cur)
                    if i < 0:
                        i = line.find(sent[:20], cur)
                        if i < 0:
                            continue
                    local.append((i, min(len(line), i + len(sent))))
                    cur = i + len(sent)
                if not local:
                    local = [(0, len(line))]
            for a, b in local:
                seg = line[a:b]
                if seg.strip():
                    lead = len(seg) - len(seg.lstrip())
                    spans.append((pos + a + lead, pos + a + len(seg.rstrip())))
        pos += len(line) + 1
    return spans


# --------------------------------------------------------------------------- dates

_DATE_RE = re.compile(
    r"(?:(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:năm\s+|[,/]\s*)(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s*(?P<sep>[./-])\s*(?P<m2>\d{1,2})\s*(?P=sep)\s*(?P<y2>\d{4}))(?!\d)",
    re.IGNORECASE,
)


def _mkdate(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _date_from(m: re.Match[str]) -> date | None:
    if m.group("d"):
        return _mkdate(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return _mkdate(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))


def parse_date(s: str) -> date | None:
    """First Vietnamese date in ``s``: "20.4.2024", "20/4/2024", "20 tháng 4 năm 2024"…"""
    m = _DATE_RE.search(s)
    return _date_from(m) if m else None


def _month_end(y: int, m: int) -> date | None:
    if not 1 <= m <= 12 or not 1900 <= y <= 2200:
        return None
    return date(y, m, calendar.monthrange(y, m)[1])


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_DL_DAY_RE = re.compile(
    r"(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|hạn\s+chót(?:\s+là)?|hạn\s+cuối(?:\s+là)?"
    r"|không\s+muộn\s+hơn|đến\s+hết|xong\s+trước|hoàn\s+thành\s+trong\s+ngày|thời\s+hạn(?:\s+là)?)"
    r"\s*:?\s+(?:ngày\s+)?"
    r"(?:(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:năm\s+|[,/]\s*)(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s*(?P<sep>[./-])\s*(?P<m2>\d{1,2})(?:\s*(?P=sep)\s*(?P<y2>\d{4}))?)(?![\d/.-]\d)",
    re.IGNORECASE,
)
_DL_MONTH_RE = re.compile(
    r"(?:trong|cuối|hết|vào|xong\s+trong|trước\s+hết|ngay\s+trong)\s+(?:tháng\s+)"
    r"(?P<m>\d{1,2})(?:\s*(?:[./]|\s+năm\s+)\s*(?P<y>\d{4}))?(?![\d/.-]\d)",
    re.IGNORECASE,
)
_DL_QUARTER_RE = re.compile(
    r"(?:trong|cuối|hết|vào|trước|xong\s+trong|hoàn\s+thành|thời\s+gian(?:\s+hoàn\s+thành|\s+thực\s+hiện)?\s*:)"
    r"\s*quý\s+(?P<q>IV|I{1,3}|[1-4])"
    r"\s*(?:[./]|\s+năm\s+|\s*-\s*)\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
_DL_HALF_RE = re.compile(
    r"(?P<n>6|sáu|9|chín)\s+tháng\s+(?P<which>đầu|cuối)\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_DL_YEAR_RE = re.compile(
    r"(?P<w>cuối|hết|trong)\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_DL_TRIGGER_RE = re.compile(
    r"hoàn\s+thành|xong|phấn\s+đấu|thời\s+hạn|hạn\s+chót|chậm\s+nhất|phải|báo\s+cáo|tổ\s+chức",
    re.IGNORECASE,
)
_PERIOD_BEFORE_RE = re.compile(
    r"(?:sơ\s+kết|tổng\s+kết|báo\s+cáo|kết\s+quả|số\s+liệu)\s*$", re.IGNORECASE
)
_CRIT_HEAD_RE = re.compile(rf"{NUMW}\s+điều\s", re.IGNORECASE)
_PAST_RE = re.compile(r"\b(?:đã|vừa\s+qua|năm\s+qua|trước\s+đó)\b", re.IGNORECASE)


# --------------------------------------------------------------------------- documents

KINDS = {
    "chỉ thị": "Chỉ thị",
    "nghị quyết": "Nghị quyết",
    "kết luận": "Kết luận",
    "quy định": "Quy định",
    "kế hoạch": "Kế hoạch",
    "hướng dẫn": "Hướng dẫn",
    "quyết định": "Quyết định",
}
_SYMBOL_KINDS = {
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "KL": "Kết luận",
    "KH": "Kế hoạch",
    "HD": "Hướng dẫn",
}
_KIND_RE = r"(?:chỉ\s+thị|nghị\s+quyết|kết\s+luận|quy\s+định|kế\s+hoạch|hướng\s+dẫn|quyết\s+định)"
_SYM_RE = (
    r"(?:-[A-ZĐa-zđ]{1,6}(?:/[A-ZĐa-zđ0-9]{1,10}){1,2}"
    r"|/(?:\d{4}/)?[A-ZĐa-zđ]{1,6}(?:-[A-ZĐa-zđ0-9]{1,10}){1,2})"
)
_MENTION_RE = re.compile(
    rf"(?<!\w)(?P<kind>{_KIND_RE})\s+(?:số\s*:?\s*)?(?P<num>\d{{1,5}})(?P<sym>{_SYM_RE})?"
    r"(?![\d,.]\d)(?!\s*(?:năm(?!\s+\d{4})|tháng|ngày(?!\s+\d)|điều|nội\s+dung|nhiệm\s+vụ|giải\s+pháp|%))",
    re.IGNORECASE,
)
_HEADER_NUM_RE = re.compile(rf"(?<!\w)Số\s*:?\s*(?P<num>\d{{1,5}})(?P<sym>{_SYM_RE})")
_HEADING_KIND_RE = re.compile(
    r"^\s*(?P<kind>CHỈ THỊ|NGHỊ QUYẾT|KẾT LUẬN|QUY ĐỊNH|KẾ HOẠCH|HƯỚNG DẪN|QUYẾT ĐỊNH)\s*$",
    re.MULTILINE,
)
_PLACE_DATE_RE = re.compile(
    rf"(?P<place>{U}\w*(?:[ -]+{U}\w*){{0,3}})\s*,\s*ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+"
    r"(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
)


def _symbol_kind(sym: str) -> str | None:
    letters = re.split(r"[-/]", sym.strip("-/"))
    # party symbols: 34-CT/TU ; state symbols: 45/KH-UBND, 05/CT-TTg
    code = (
        letters[0] if sym.startswith("-") else (letters[1] if letters[0].isdigit() else letters[0])
    )
    code = code.upper()
    if code == "QĐ":
        return "Quy định" if sym.startswith("-") else "Quyết định"
    return _SYMBOL_KINDS.get(code)


def _kind_name(s: str) -> str:
    return KINDS[re.sub(r"\s+", " ", s.lower())]


_PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn",
    "Bắc Ninh", "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau",
    "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai",
    "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An",
    "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Thừa Thiên Huế", "Thừa Thiên - Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái", "Hồ Chí Minh", "Huế",
]  # fmt: skip
_PROVINCE_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(p) for p in sorted(_PROVINCES, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)


def _title(s: str) -> str:
    """'LÂM ĐỒNG' -> 'Lâm Đồng'; keeps mixed-case input."""
    if s.isupper():
        return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())
    return s


def _province_at(text: str, pos: int) -> str | None:
    m = _PROVINCE_RE.match(text, pos)
    if not m:
        return None
    canon = {p.lower(): p for p in _PROVINCES}
    return canon.get(m.group(0).lower(), _title(m.group(0)))


_MINISTRIES = [
    "Y tế", "Giáo dục và Đào tạo", "Nội vụ", "Tài chính", "Công an", "Quốc phòng", "Tư pháp",
    "Công Thương", "Xây dựng", "Khoa học và Công nghệ", "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường", "Tài nguyên và Môi trường", "Văn hóa, Thể thao và Du lịch",
    "Ngoại giao", "Kế hoạch và Đầu tư", "Lao động - Thương binh và Xã hội",
    "Giao thông vận tải", "Thông tin và Truyền thông", "Dân tộc và Tôn giáo",
]  # fmt: skip


def _rx(s: str) -> str:
    return r"\s+".join(re.escape(w) for w in s.split())


# (regex, canonical name, local?) — local bodies take a province name after them.
_BODIES: list[tuple[str, str, bool]] = [
    (
        r"(?:Ban\s+Chấp\s+hành|BCH)\s+(?:Trung\s+ương|TW)\s+Đảng",
        "Ban Chấp hành Trung ương Đảng",
        False,
    ),
    (r"(?:Ban\s+Chấp\s+hành|BCH)\s+(?:Trung\s+ương|TW)", "Ban Chấp hành Trung ương", False),
    (r"Bộ\s+Chính\s+trị", "Bộ Chính trị", False),
    (r"Ban\s+Bí\s+thư(?:\s+Trung\s+ương\s+Đảng)?", "Ban Bí thư", False),
    (r"Thủ\s+tướng\s+Chính\s+phủ", "Thủ tướng Chính phủ", False),
    (r"Ban\s+Tuyên\s+giáo\s+(?:và\s+Dân\s+vận\s+)?Trung\s+ương", "", False),
    (r"Ban\s+Tổ\s+chức\s+Trung\s+ương", "Ban Tổ chức Trung ương", False),
    (r"Ủy\s+ban\s+Kiểm\s+tra\s+Trung\s+ương", "Ủy ban Kiểm tra Trung ương", False),
    (r"(?:Ban\s+Thường\s+vụ|BTV)\s+Tỉnh\s+ủy", "Ban Thường vụ Tỉnh ủy", True),
    (r"(?:Ban\s+Thường\s+vụ|BTV)\s+Thành\s+ủy", "Ban Thường vụ Thành ủy", True),
    (r"(?:Ban\s+Thường\s+vụ|BTV)\s+Huyện\s+ủy", "Ban Thường vụ Huyện ủy", True),
    (r"(?:Ban\s+Thường\s+vụ|BTV)\s+Đảng\s+ủy", "Ban Thường vụ Đảng ủy", True),
    (r"Ban\s+Chấp\s+hành\s+Đảng\s+bộ\s+tỉnh", "Ban Chấp hành Đảng bộ tỉnh", True),
    (r"Ban\s+Tuyên\s+giáo(?:\s+và\s+Dân\s+vận)?\s+Tỉnh\s+ủy", "", True),
    (r"(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+tỉnh", "Ủy ban nhân dân tỉnh", True),
    (r"(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+(?:thành\s+phố|TP\.?)", "Ủy ban nhân dân thành phố", True),
    (r"(?:Hội\s+đồng\s+nhân\s+dân|HĐND)\s+tỉnh", "Hội đồng nhân dân tỉnh", True),
    (r"Tỉnh\s+ủy", "Tỉnh ủy", True),
    (r"Thành\s+ủy", "Thành ủy", True),
    (r"Chính\s+phủ", "Chính phủ", False),
] + [(r"Bộ\s+(?:trưởng\s+Bộ\s+)?" + _rx(n), "Bộ " + n, False) for n in _MINISTRIES]
_BODY_RES = [(re.compile(rx, re.IGNORECASE), canon, local) for rx, canon, local in _BODIES]
_ANY_BODY_RE = re.compile("|".join(f"(?:{rx})" for rx, _, _ in _BODIES), re.IGNORECASE)


_TITLE_BEFORE_RE = re.compile(
    r"(?:Thường\s+trực|Ủy\s+viên|Uỷ\s+viên|Bí\s+thư|Chủ\s+tịch|Trưởng|Phó|Chánh)\s+$"
)


def _body_at(text: str, pos: int) -> tuple[str, bool, int] | None:
    """Body starting at ``pos``: (canonical name, local?, end)."""
    for rx, canon, local in _BODY_RES:
        m = rx.match(text, pos)
        if m:
            name = canon or _title(_clean(m.group(0)))
            return name, local, m.end()
    return None


@dataclass
class _Mention:
    kind: str
    num: str
    sym: str | None
    start: int
    end: int
    header: bool = False


# --------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str, splitter: SentenceSplitter | None) -> None:
        self.text = text
        self.norm = _fix_tones(text)  # same length: offsets are shared with ``text``
        self.spans = _sentence_spans(text, splitter)
        self._starts = [a for a, _ in self.spans]
        self.lines = text.split("\n")
        self.line_starts: list[int] = []
        pos = 0
        for line in self.lines:
            self.line_starts.append(pos)
            pos += len(line) + 1
        self._mentions: list[_Mention] | None = None
        self.draft = DirectiveDraft()
        self.draft.item_sources = {
            k: [] for k in ("dos", "donts", "key_tasks", "deadlines", "people")
        }

    # sentences ------------------------------------------------------------
    def sentence_span(self, pos: int) -> tuple[int, int]:
        import bisect

        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos <= self.spans[i][1]:
            return self.spans[i]
        # between sentences (e.g. inside a whitespace run): the enclosing line
        ls = self.text.rfind("\n", 0, pos) + 1
        le = self.text.find("\n", pos)
        return ls, (len(self.text) if le < 0 else le)

    def sentence(self, pos: int) -> str:
        a, b = self.sentence_span(pos)
        return _clean(self.text[a:b])

    # main document ------------------------------------------------------------
    def mentions(self) -> list[_Mention]:
        if self._mentions is not None:
            return self._mentions
        out: list[_Mention] = []
        for m in _MENTION_RE.finditer(self.norm):
            out.append(
                _Mention(
                    _kind_name(m.group("kind")), m.group("num"), m.group("sym"), m.start(), m.end()
                )
            )
        self._mentions = out
        return out

    def find_document(self) -> _Mention | None:
        head = self.norm[:2500]
        heading = _HEADING_KIND_RE.search(head)
        hm = _HEADER_NUM_RE.search(head)
        self.heading_kind = _kind_name(heading.group("kind")) if heading else None
        self.heading_end = heading.end() if heading else None
        if hm:
            sym = hm.group("sym")
            kind = self.heading_kind or _symbol_kind(sym)
            if kind:
                return _Mention(kind, hm.group("num"), sym, hm.start(), hm.end(), header=True)
        mentions = self.mentions()
        if not mentions:
            return None
        scores: dict[tuple[str, int], float] = {}
        first: dict[tuple[str, int], _Mention] = {}
        for i, mt in enumerate(mentions):
            key = (mt.kind, int(mt.num))
            before = self.norm[max(0, mt.start - 40) : mt.start].lower()
            sa, _ = self.sentence_span(mt.start)
            sent_head = self.norm[sa : mt.start].lower()
            w = 1.0
            if re.search(r"ban\s+hành\s*(?:các\s+)?$", before):
                w += 5
            if re.search(r"(?:quán\s+triệt|triển\s+khai\s+thực\s+hiện)[\s,]*$", before):
                w += 1
            if re.match(r"\s*(?:căn\s+cứ|thực\s+hiện|theo)\b", sent_head) and not re.search(
                r"ban\s+hành", before
            ):
                w -= 0.8
            if i == 0:
                w += 1
            scores[key] = scores.get(key, 0.0) + w
            first.setdefault(key, mt)
        best = max(scores, key=lambda k: (scores[k], -first[k].start))
        chosen = first[best]
        for mt in mentions:  # prefer a mention that carries the symbol
            if (mt.kind, int(mt.num)) == best and mt.sym:
                return _Mention(mt.kind, chosen.num, mt.sym, chosen.start, chosen.end)
        return chosen

    def same_doc(self, doc: _Mention) -> list[_Mention]:
        return [m for m in self.mentions() if m.kind == doc.kind and int(m.num) == int(doc.num)]

    # issuer ------------------------------------------------------------
    def find_issuer(self, doc: _Mention) -> tuple[str, int] | None:
        found: tuple[str, bool, int, int] | None = None
        if doc.header and self.heading_end is not None:
            m = re.compile(r"\s*CỦA\s+", re.IGNORECASE).match(self.norm, self.heading_end)
            if m:
                b = _body_at(self.norm, m.end())
                if b:
                    found = (b[0], b[1], b[2], m.end())
        if found is None and doc.header:
            # top-left block of the header, before "Số …"
            top = self.norm[: doc.start]
            for bm in _ANY_BODY_RE.finditer(top):
                b = _body_at(self.norm, bm.start())
                if b and not re.match(r"\s*,?\s*ngày", self.norm[b[2] : b[2] + 10]):
                    found = (b[0], b[1], b[2], bm.start())
                    break
        if found is None:
            all_mentions = self.mentions()
            for mt in self.same_doc(doc):
                nxt = min(
                    (m.start for m in all_mentions if m.start > mt.start), default=len(self.norm)
                )
                sa, sb = self.sentence_span(mt.start)
                after = self.norm[mt.end : min(sb, nxt, mt.end + 120)]
                am = re.search(r"(?:của|do)\s+", after)
                if am and not re.search(r"[;:]", after[: am.start()]):
                    b = _body_at(self.norm, mt.end + am.end())
                    if b:
                        found = (b[0], b[1], b[2], mt.start)
                        break
                before = self.norm[sa : mt.start]
                # skip bodies that are part of a signer's title ("Thường trực Ban Bí thư")
                bms = [
                    bm
                    for bm in _ANY_BODY_RE.finditer(before)
                    if not _TITLE_BEFORE_RE.search(before[max(0, bm.start() - 20) : bm.start()])
                ]
                if bms and re.search(r"ban\s+hành", before[bms[-1].end() :]):
                    b = _body_at(self.norm, sa + bms[-1].start())
                    if b:
                        found = (b[0], b[1], b[2], mt.start)
                        break
        if found is None:
            return None
        name, local, end, src = found
        if local:
            prov = self.find_province(name, end)
            if prov:
                name = f"{name} {prov}"
        return name, src

    def find_province(self, body: str, end: int) -> str | None:
        m = re.match(r"\s+(?:tỉnh\s+|thành\s+phố\s+)?", self.norm[end : end + 20], re.IGNORECASE)
        if m and (p := _province_at(self.norm, end + m.end())):
            return p
        # the same body elsewhere, followed by a province
        body_rx = re.compile(_rx(body) + r"\s+(?:tỉnh\s+|thành\s+phố\s+)?", re.IGNORECASE)
        for bm in body_rx.finditer(self.norm):
            if p := _province_at(self.norm, bm.end()):
                return p
        head = self.norm[:1500]
        hm = re.search(
            r"(?:TỈNH\s+ỦY|THÀNH\s+ỦY|ĐẢNG\s+BỘ\s+TỈNH|ỦY\s+BAN\s+NHÂN\s+DÂN\s+TỈNH|UBND\s+TỈNH"
            r"|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN\s+TỈNH)\s+",
            head,
        )
        if hm and (p := _province_at(head, hm.end())):
            return p
        if not re.search(r"tỉnh|thành phố|Tỉnh ủy|Thành ủy", body, re.IGNORECASE):
            return None
        pm = re.search(r"(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UBND)\s*\n\s*TỈNH\s+", head)
        if pm and (p := _province_at(head, pm.end())):
            return p
        pd = _PLACE_DATE_RE.search(head)
        if pd and (p := _province_at(head, pd.start("place"))):
            return p
        counts: dict[str, int] = {}
        for m2 in re.finditer(r"(?:tỉnh|Tỉnh ủy)\s+", self.norm):
            if p := _province_at(self.norm, m2.end()):
                counts[p] = counts.get(p, 0) + 1
        return max(counts, key=lambda k: counts[k]) if counts else None

    # issue date ------------------------------------------------------------
    def find_issued_date(self, doc: _Mention) -> tuple[date, int] | None:
        if doc.header:
            pd = _PLACE_DATE_RE.search(self.norm[:2500])
            if pd:
                d = _mkdate(int(pd.group("y")), int(pd.group("m")), int(pd.group("d")))
                if d:
                    return d, pd.start()
        all_mentions = self.mentions()
        for mt in self.same_doc(doc):
            nxt = min((m.start for m in all_mentions if m.start > mt.start), default=len(self.norm))
            _, sb = self.sentence_span(mt.start)
            limit = min(nxt, mt.end + 90, max(sb, mt.end))
            window = self.norm[mt.end : limit]
            dm = _DATE_RE.search(window)
            if dm and not re.search(r"[;]|\bvà\b", window[: dm.start()]):
                if re.search(r"trước|đến|chậm nhất|hạn", window[: dm.start()], re.IGNORECASE):
                    continue
                d = _date_from(dm)
                if d:
                    return d, mt.start
            sa, _ = self.sentence_span(mt.start)
            before = self.norm[sa : mt.start]
            for bm in re.finditer(r"(?:^|[\s(\-–:])(?:ngày|hôm)\s+", before, re.IGNORECASE):
                dm = _DATE_RE.match(before, bm.end())
                if dm and re.search(r"ban\s+hành", before[dm.end() :]) and (d := _date_from(dm)):
                    return d, mt.start
        return None

    # conduct criteria ------------------------------------------------------------
    _CRIT_RE = re.compile(
        rf"(?<!\w)[\"“]?(?P<n>{NUMW}|(?:những|các))\s+(?P<head>"
        r"điều\s+cần\s+tránh|điều\s+không\s+được(?:\s+làm)?|điều\s+không\s+nên(?:\s+làm)?"
        r"|điều\s+cấm|điều\s+nghiêm\s+cấm|việc\s+cần\s+tránh|việc\s+không\s+được\s+làm|không|tránh"
        r"|điều\s+(?:cần|nên|phải)\s+làm|việc\s+(?:cần|nên|phải)\s+làm|tiên\s+phong|gương\s+mẫu|dám|xin|luôn"
        r")[\"”]?(?P<intro>(?:[^.;:\n\d\"“”]{0,80}?[\s,])??\s*(?:,\s*)?(?:đó\s+)?"
        r"(?:là|gồm(?:\s+có)?|bao\s+gồm|cụ\s+thể(?:\s+là)?|như\s+sau)(?=[\s:,])\s*:?|\s*:)",
        re.IGNORECASE,
    )
    _DONT_HEADS = ("tránh", "không", "cấm", "chống")

    def find_criteria(self) -> None:
        d = self.draft
        seen: set[tuple[str, str]] = set()
        starts = [m.start() for m in self._CRIT_RE.finditer(self.norm)]
        for m in self._CRIT_RE.finditer(self.norm):
            head = re.sub(r"\s+", " ", m.group("head").lower())
            n = _num(m.group("n"))
            word_n = m.group("n").lower()
            short_heads = ("không", "dám", "tránh", "xin", "luôn", "tiên phong", "gương mẫu")
            if head in short_heads and not word_n.isdigit():
                continue
            polarity = "donts" if any(w in head for w in self._DONT_HEADS) else "dos"
            nxt = next((s0 for s0 in starts if s0 > m.start()), None)
            items = self.list_after(m.end(), n, stop=nxt)
            if any(_CRIT_HEAD_RE.match(it) for it, _ in items):
                continue  # "“3 điều cần làm”, “4 điều cần tránh”, cụ thể:" introduces sub-lists
            src = self.sentence(m.start())
            for item, item_src in items:
                key = (polarity, item.lower())
                if not item or key in seen:
                    continue
                seen.add(key)
                getattr(d, polarity).append(item)
                d.item_sources[polarity].append(item_src or src)

    def list_after(self, pos: int, n: int | None, stop: int | None = None) -> list[tuple[str, str]]:
        """Items of the list that starts at ``pos``: inline ("a; b; c") or as lines."""
        line_end = self.text.find("\n", pos)
        line_end = len(self.text) if line_end < 0 else line_end
        if stop is not None and stop < line_end:
            line_end = stop
        rest = self.text[pos:line_end]
        if rest.strip(" :") and len(rest.strip()) > 3:
            _, sb = self.sentence_span(pos)
            body = self.text[pos : min(max(sb, pos), line_end)]
            # a list that runs over several sentences of the line: "là: a. b. c."
            items = _split_inline(body, n)
            if n and len(items) < n and "\n" not in body:
                items2 = _split_inline(rest, n)
                if len(items2) == n:
                    items = items2
            src = self.sentence(pos)
            return [(it, src) for it in items]
        # block list on the following lines
        out: list[tuple[str, str]] = []
        li = self.text.count("\n", 0, pos) + 1
        style: str | None = None
        while li < len(self.lines) and (n is None or len(out) < n):
            line = self.lines[li]
            if not line.strip():
                li += 1
                if out and n is None and style is None:
                    break
                continue
            st = _marker_style(line)
            if style is None:
                style = st
                if st is None and n is None:
                    break
            elif st != style:
                if st in ("roman",) or _is_heading(line) or (st is None and n is None):
                    break
                if st is None and not out:
                    break
                li += 1
                continue
            if st == "roman" or (style is None and _is_heading(line)):
                break
            item = _strip_item(line)
            if item:
                out.append((item, _clean(line)))
            li += 1
        return out

    # key tasks ------------------------------------------------------------
    _TASK_INTRO_RE = re.compile(
        rf"(?:(?P<n>{NUMW})\s+(?:nhóm\s+)?(?:nội\s+dung|nhiệm\s+vụ|giải\s+pháp|việc)"
        r"(?:\s*,\s*giải\s+pháp)?(?:\s+(?:trọng\s+tâm|chủ\s+yếu|trọng\s+điểm|cơ\s+bản|cụ\s+thể|quan\s+trọng))?"
        r"|(?:các|những)\s+(?:nhiệm\s+vụ|nội\s+dung|giải\s+pháp|công\s+việc)(?:\s*,\s*giải\s+pháp)?"
        r"(?:\s+(?:trọng\s+tâm|chủ\s+yếu|cụ\s+thể))?\s+(?:sau(?:\s+đây)?|như\s+sau)"
        r"|^\s*(?:[IVX]+\.\s*|\d\.\s*)?(?:CÁC\s+)?(?:NHIỆM\s+VỤ(?:,?\s*(?:VÀ\s+)?GIẢI\s+PHÁP)?"
        r"|NỘI\s+DUNG)(?:\s+(?:TRỌNG\s+TÂM|CHỦ\s+YẾU|THỰC\s+HIỆN))?\s*$)",
        re.IGNORECASE | re.MULTILINE,
    )
    _TASK_VERB_RE = re.compile(
        r"\s*(?:\d{1,2}[.)]\s*)?(?:Tiếp\s+tục|Tổ\s+chức|Đẩy\s+mạnh|Tăng\s+cường|Nâng\s+cao|Thực\s+hiện"
        r"|Xây\s+dựng|Rà\s+soát|Kiểm\s+tra|Quán\s+triệt|Triển\s+khai|Phát\s+huy|Chú\s+trọng|Đổi\s+mới"
        r"|Hoàn\s+thiện|Kiện\s+toàn|Tập\s+trung|Bảo\s+đảm|Đảm\s+bảo|Làm\s+tốt|Nghiên\s+cứu|Thúc\s+đẩy"
        r"|Khẩn\s+trương|Chủ\s+động|Đề\s+cao|Siết\s+chặt|Phát\s+động|Huy\s+động|Ưu\s+tiên|Tuyên\s+truyền"
        r"|Thường\s+xuyên|Kịp\s+thời|Phối\s+hợp|Chấn\s+chỉnh|Nghiêm\s+túc|Đánh\s+giá|Lãnh\s+đạo|Phát\s+triển)\b"
    )

    def find_key_tasks(self) -> None:
        d = self.draft
        crit = {s.lower() for s in d.dos + d.donts}
        for m in self._TASK_INTRO_RE.finditer(self.norm):
            n = _num(m.group("n")) if m.group("n") else None
            if n is not None and not 2 <= n <= 15:
                continue
            rest = self.norm[m.end() : m.end() + 200]
            rest_line = rest.split("\n", 1)[0]
            items: list[tuple[str, str]] = []
            if (
                re.match(r"\s*(?:,\s*)?(?:là|gồm|bao\s+gồm)?\s*:", rest_line)
                and len(rest_line.strip(" :")) > 10
            ):
                pos = m.end() + rest_line.index(":") + 1
                items = self.list_after(pos, n)
            elif (
                not rest_line.strip(" :.")
                or re.fullmatch(r"\s*(?:sau(?:\s+đây)?|như\s+sau)?\s*:?\s*", rest_line)
                or rest_line.rstrip().endswith(":")
            ):
                pos = m.end() + len(rest_line)
                items = self.block_tasks(pos, n)
            else:
                pos = self.text.find("\n", m.end())
                if pos < 0:
                    continue
                items = self.block_tasks(pos, n)
            items = [(it, src) for it, src in items if it.lower() not in crit and len(it) > 8]
            if len(items) >= 2 or (items and n == 1):
                for it, src in items:
                    d.key_tasks.append(it)
                    d.item_sources["key_tasks"].append(src)
                return

    def block_tasks(self, pos: int, n: int | None) -> list[tuple[str, str]]:
        li = self.text.count("\n", 0, pos) + 1
        # the first non-blank line decides the list style
        j = li
        while j < len(self.lines) and not self.lines[j].strip():
            j += 1
        if j >= len(self.lines):
            return []
        style = _marker_style(self.lines[j])
        out: list[tuple[str, str]] = []
        if style is not None and style != "roman":
            for line in self.lines[j:]:
                if n is not None and len(out) >= n:
                    break
                st = _marker_style(line)
                if st == "roman" or (st is None and _is_heading(line)):
                    break
                if st == style:
                    item = _strip_item(line)
                    if item:
                        out.append((item, _clean(line)))
            return out
        # paragraphs that start with an action verb
        budget = max(8, 3 * (n or 3))
        for line in self.lines[j : j + budget]:
            if n is not None and len(out) >= n:
                break
            if _is_heading(line):
                break
            if self._TASK_VERB_RE.match(line):
                item = _strip_item(line)
                if item:
                    out.append((item, self.sentence(self.line_starts[self.lines.index(line, j)])))
        return out

    # deadlines ------------------------------------------------------------
    def find_deadlines(self, year_hint: int | None) -> None:
        d = self.draft
        found: list[tuple[int, date]] = []
        t = self.norm
        for m in _DL_DAY_RE.finditer(t):
            if m.group("d"):
                dd = _mkdate(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            else:
                y = m.group("y2")
                if y is None and year_hint is None:
                    continue
                dd = _mkdate(
                    int(y) if y else year_hint or 0, int(m.group("m2")), int(m.group("d2"))
                )
            if dd:
                found.append((m.start(), dd))
        for m in _DL_MONTH_RE.finditer(t):
            if m.group("y") is None and (
                year_hint is None or not _DL_TRIGGER_RE.search(self.sentence(m.start()))
            ):
                continue
            y = int(m.group("y")) if m.group("y") else year_hint or 0
            if dd := _month_end(y, int(m.group("m"))):
                found.append((m.start(), dd))
        for m in _DL_QUARTER_RE.finditer(t):
            q = _ROMAN[m.group("q").lower()]
            if dd := _month_end(int(m.group("y")), 3 * q):
                found.append((m.start(), dd))
        for m in _DL_HALF_RE.finditer(t):
            if _PERIOD_BEFORE_RE.search(t[max(0, m.start() - 20) : m.start()]):
                continue  # "báo cáo sơ kết 6 tháng đầu năm": a reporting period
            months = 6 if m.group("n").lower() in ("6", "sáu") else 9
            month = months if m.group("which").lower() == "đầu" else 12
            if dd := _month_end(int(m.group("y")), month):
                found.append((m.start(), dd))
        for m in _DL_YEAR_RE.finditer(t):
            sent = self.sentence(m.start())
            if m.group("w").lower() == "trong" and (
                not _DL_TRIGGER_RE.search(sent) or _PAST_RE.search(sent)
            ):
                continue
            if re.search(
                r"tháng\s+(?:đầu|cuối)\s*$", t[max(0, m.start() - 20) : m.start()], re.IGNORECASE
            ):
                continue
            if dd := _month_end(int(m.group("y")), 12):
                found.append((m.start(), dd))
        found.sort()
        seen: set[tuple[date, str]] = set()
        for pos, dd in found:
            sent = self.sentence(pos)
            if (dd, sent) in seen:
                continue
            seen.add((dd, sent))
            d.deadlines.append(Deadline(dd, sent))
            d.item_sources["deadlines"].append(sent)

    # people ------------------------------------------------------------
    def find_people(self) -> None:
        d = self.draft
        by_name: dict[str, Person] = {}
        order: list[str] = []
        for m in _PERSON_COMMA_RE.finditer(self.norm):
            name = _clean(self.text[m.start("name") : m.end("name")])
            if name in _NOT_PEOPLE or _PROVINCE_RE.fullmatch(name):
                continue
            pos = _trim_position(self.text[m.start("pos") : m.end("pos")])
            if not pos:
                continue
            if name not in by_name:
                by_name[name] = Person(name, pos, self.sentence(m.start()))
                order.append(name)
        for m in _POS_START_RE.finditer(self.norm):
            res = _name_after_position(self.text, m.start(), m.end())
            if res is None:
                continue
            name, pos = res
            if name in _NOT_PEOPLE:
                continue
            if name not in by_name:
                by_name[name] = Person(name, pos, self.sentence(m.start()))
                order.append(name)
        for name, pos, at in self.signatures():
            if name not in by_name:
                by_name[name] = Person(name, pos, _clean(self.lines[at]))
                order.append(name)
        for name in order:
            p = by_name[name]
            d.people.append(p)
            d.item_sources["people"].append(p.source)

    def signatures(self) -> list[tuple[str, str, int]]:
        """Signature blocks: 'QUYỀN BÍ THƯ' / '(Đã ký)' / 'Nguyễn Thái Học'."""
        out: list[tuple[str, str, int]] = []
        for i, line in enumerate(self.lines):
            s = line.strip()
            if not s or not s.isupper() or not _SIGN_POS_RE.fullmatch(s):
                continue
            j = i + 1
            while j < len(self.lines) and j <= i + 4:
                nxt = self.lines[j].strip()
                if not nxt or re.fullmatch(
                    r"\(?(?:đã\s+ký|ký.*|đã\s+ký\s+và\s+đóng\s+dấu)\)?", nxt, re.I
                ):
                    j += 1
                    continue
                words = nxt.split()
                if (
                    2 <= len(words) <= 5
                    and words[0] in _SURNAME_SET
                    and all(w[:1].isupper() and w.isalpha() for w in words)
                    and not nxt.isupper()
                ):
                    out.append((nxt, _sign_position(s), i))
                break
        return out

    # all ------------------------------------------------------------
    def run(self) -> DirectiveDraft:
        d = self.draft
        doc = self.find_document()
        if doc is not None:
            d.kind = doc.kind
            d.number = doc.num
            d.symbol = f"{doc.num}{doc.sym}" if doc.sym else None
            src = self.sentence(doc.start)
            d.sources.update({"kind": src, "number": src})
            if d.symbol:
                d.sources["symbol"] = src
            iss = self.find_issuer(doc)
            if iss:
                d.issuer = iss[0]
                d.sources["issuer"] = self.sentence(iss[1])
            dt = self.find_issued_date(doc)
            if dt:
                d.issued_date = dt[0]
                d.sources["issued_date"] = self.sentence(dt[1])
        self.find_criteria()
        self.find_key_tasks()
        self.find_deadlines(d.issued_date.year if d.issued_date else None)
        self.find_people()
        if not d.found:
            d.warnings.append(NO_DIRECTIVE_WARNING)
        return d


def _split_inline(body: str, n: int | None) -> list[str]:
    body = body.strip()
    enum = re.split(r"(?:^|\s|;)(?:\(\d{1,2}\)|\d{1,2}\)|[a-zđ]\))\s+", body)
    if len([e for e in enum if e.strip(" ;,.")]) >= 2 and len(enum) >= 3:
        parts = enum
    else:
        parts = re.split(r";", body)
        if n and len([p for p in parts if p.strip(" .")]) != n:
            commas = re.split(r",", body)
            if len([c for c in commas if c.strip(" .")]) == n:
                parts = commas
    items = [_strip_item(p) for p in parts]
    items = [it for it in items if it]
    if n and len(items) > n:
        items = items[:n]
    return items


# people patterns ----------------------------------------------------------------------

_SURNAMES = (  # noqa: SIM905 - one long line of names reads better as text
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Lương "
    "Trương Mai Tô Hà Lâm Trịnh Đào Cao Châu Lưu Thái Tạ Chu Kiều Triệu Quách Vương Thân Nông "
    "Lò Tăng La Từ Doãn Khúc Hứa Giang Phùng Mạc Lại Nghiêm Tôn Bạch Kim Lục Âu Diệp Hầu Mã "
    "Ninh Phí Quan Tống Văn Lữ Hàn Vi"
).split()
_SURNAME_SET = set(_SURNAMES)
_NAME_RX = rf"(?:{'|'.join(_SURNAMES)})(?:\s+{U}{L}*){{1,3}}(?!\w)"
_NOT_PEOPLE = {"Hồ Chí Minh", "Tô Vĩnh Diện"}
_POS_START_RX = _POS_START = (
    r"(?:(?:Quyền|Phó|Nguyên|Tổng|Thường\s+trực)\s+)*(?:Bí\s+thư|Chủ\s+tịch|Ủy\s+viên|Uỷ\s+viên"
    r"|Trưởng|Giám\s+đốc|Bộ\s+trưởng|Thứ\s+trưởng|Thủ\s+tướng|Chánh|Cục\s+trưởng|Vụ\s+trưởng"
    r"|Chủ\s+nhiệm|Tổng\s+cục\s+trưởng|Tư\s+lệnh|Hiệu\s+trưởng|Viện\s+trưởng|Tổng\s+Giám\s+đốc"
    r"|Phó\s+Trưởng|Đại\s+biểu\s+Quốc\s+hội)"
)
_PERSON_COMMA_RE = re.compile(
    rf"(?:(?<=\s)|^)(?:(?:đồng\s+chí|Đồng\s+chí|ĐỒNG\s+CHÍ|đ/c|Đ/c|Đc\.?|đc\.?|ông|Ông|bà|Bà)\s+)?"
    rf"(?P<name>{_NAME_RX})\s*,\s*(?P<pos>{_POS_START}[^;.\n()“”\"]*)",
    re.MULTILINE,
)
_POS_START_RE = re.compile(rf"(?<!\w){_POS_START}(?!\w)")
_POS_STOP_RE = re.compile(
    r"(?:\s+(?:đồng\s+chủ\s+trì|chủ\s+trì|đã|phát\s+biểu|cho\s+biết|nhấn\s+mạnh|yêu\s+cầu"
    r"|đề\s+nghị|khẳng\s+định|nêu\s+rõ|thông\s+qua|trình\s+bày|ký|dự|tham\s+dự|tới\s+dự|chỉ\s+đạo"
    r"|quán\s+triệt|truyền\s+đạt|và\s+các|và\s+đồng\s+chí|cùng|tại|khi|vừa|điều\s+hành|kết\s+luận)(?!\w)"
    r"|\s*,\s*(?:đồng\s+chí|Đồng\s+chí|ông|bà|Ông|Bà)(?!\w))"
)


_POS_SEGMENT_RE = re.compile(
    rf"\s*(?:{_POS_START_RX}|Ủy\s+viên|Trưởng\s|Phó\s|Thường\s+trực\s|Thành\s+viên|Đại\s+biểu"
    r"|Người\s+phát\s+ngôn)"
)


_SIGN_POS_RE = re.compile(
    r"(?:(?:QUYỀN|PHÓ|TỔNG|KT\.\s*|Q\.\s*)\s*)*(?:BÍ THƯ|CHỦ TỊCH|BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG"
    r"|GIÁM ĐỐC|TRƯỞNG BAN|CHÁNH VĂN PHÒNG|TỔNG GIÁM ĐỐC|CỤC TRƯỞNG|VỤ TRƯỞNG)"
)
_SIGN_WORDS = {
    "bí thư": "Bí thư",
    "chủ tịch": "Chủ tịch",
    "bộ trưởng": "Bộ trưởng",
    "thứ trưởng": "Thứ trưởng",
    "thủ tướng": "Thủ tướng",
    "giám đốc": "Giám đốc",
    "trưởng ban": "Trưởng ban",
    "chánh văn phòng": "Chánh Văn phòng",
    "cục trưởng": "Cục trưởng",
    "vụ trưởng": "Vụ trưởng",
}


def _sign_position(s: str) -> str:
    """'PHÓ CHỦ TỊCH' -> 'Phó Chủ tịch'."""
    low = re.sub(r"\s+", " ", s.lower())
    for k, v in _SIGN_WORDS.items():
        low = low.replace(k, v)
    low = re.sub(r"(?<!\w)(quyền|phó|tổng)(?!\w)", lambda m: m.group(1).capitalize(), low)
    return low[:1].upper() + low[1:]


def _trim_position(pos: str) -> str | None:
    m = _POS_STOP_RE.search(pos)
    if m:
        pos = pos[: m.start()]
    # "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy, Nghị quyết đặt …": keep the
    # comma-separated parts that are positions
    parts = pos.split(",")
    keep = [parts[0]]
    for part in parts[1:]:
        if not _POS_SEGMENT_RE.match(part):
            break
        keep.append(part)
    pos = _clean(",".join(keep)).strip(" ,:-–")
    return pos or None


def _name_after_position(text: str, pos_start: int, pos_end: int) -> tuple[str, str] | None:
    """'Phó Bí thư Thường trực Tỉnh ủy Trần Đình Văn' -> (name, position)."""
    seg = text[pos_end : pos_end + 120]
    cut = re.search(r"[,;.:()\n“”\"]", seg)
    if cut:
        seg = seg[: cut.start()]
    toks = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", seg)]
    words = [w for _, w in toks]
    for i, w in enumerate(words):
        if w not in _SURNAME_SET:
            continue
        j = i
        while j < len(words) and words[j][:1].isupper() and words[j].isalpha():
            j += 1
        run = words[i:j]
        if not 2 <= len(run) <= 4:
            continue
        joined = " ".join(run)
        if _PROVINCE_RE.match(joined):
            continue
        if i > 0 and words[i - 1][:1].isupper() and words[i - 1].isalpha():
            # the name must start a capitalised run or follow a place name
            k = i - 1
            while k >= 0 and words[k][:1].isupper() and words[k].isalpha():
                k -= 1
            prev = " ".join(words[k + 1 : i])
            if not _PROVINCE_RE.fullmatch(prev) and prev not in ("Tỉnh", "Chính", "Đảng"):
                low = words[k + 1 : i]
                if not all(
                    x in ("Tỉnh", "Thành", "Huyện", "Trung", "Chính", "Quốc", "Đảng")
                    for x in low[:1]
                ):
                    continue
        position = _clean(text[pos_start : pos_end + toks[i][0]])
        return joined, position.strip(" ,")
    return None


def parse_text(text: str, *, sentence_splitter: SentenceSplitter | None = None) -> DirectiveDraft:
    """Extract a draft directive from Vietnamese text.

    Raises IngestError for empty or oversized text and for text in a legacy Vietnamese
    encoding; a text with no directive gives an empty draft with ``warnings`` set.
    ``sentence_splitter`` (one paragraph in, sentences out) replaces the regex splitter;
    it exists to measure alternatives.
    """
    if text is None or not text.strip():
        raise IngestError("Văn bản trống, không có nội dung để phân tích.")
    if len(text) > MAX_TEXT_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
        raise IngestError("Văn bản quá lớn (trên 5 MB), hãy tách nhỏ văn bản rồi thử lại.")
    text = check_unicode(normalise_text(text))
    return _Parser(text, sentence_splitter).run()


# --------------------------------------------------------------------------- encodings

LEGACY_ENCODING_MESSAGE = (
    "Tệp dùng bảng mã cũ (TCVN3/VNI), hãy chuyển sang Unicode (UTF-8) rồi tải lại."
)
MOJIBAKE_MESSAGE = (
    "Văn bản bị lỗi bảng mã (chữ hiển thị dạng “Chá»‰ thá»‹”), "
    "hãy lưu lại tệp dưới dạng Unicode (UTF-8) rồi tải lại."
)
# Latin-1 letters and signs that never occur in Vietnamese Unicode text but make up
# TCVN3 (ABC) and VNI text read as Latin-1/CP1252 ("ViÖt Nam", "§¶ng", "Vieät Nam").
_LEGACY_CHARS = set("¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾ÄÅÆÇËÎÏÑÖ×ØÛÜÞßäåæçëîïñöøûüþ÷\xad")
_MOJIBAKE_RE = re.compile(r"Ã[\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ¡-¿]|á»|áº|Ä[‘ƒ]|Æ[°¡]|Ä\x91")
_VIET_RE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạ-ỹẠ-Ỹ]")


def _words_with_legacy(text: str) -> tuple[int, int]:
    words = re.findall(r"\S+", text[:200_000])
    bad = sum(1 for w in words if any(c in _LEGACY_CHARS for c in w))
    return bad, len(words)


def looks_legacy(text: str) -> bool:
    """TCVN3/VNI text (read as Latin-1 or stored as such in Unicode)."""
    bad, total = _words_with_legacy(text)
    if bad < 3:
        return False
    return bad / max(total, 1) > 0.03 and len(_VIET_RE.findall(text[:200_000])) < bad


def _encode_8bit(text: str, codec: str) -> bytes | None:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode(codec)
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                return None
    return bytes(out)


def repair_mojibake(text: str) -> str | None:
    """UTF-8 that was decoded as CP1252/Windows-1258 and saved again: undo it if lossless."""
    for codec in ("cp1252", "cp1258"):
        raw = _encode_8bit(unicodedata.normalize("NFC", text), codec)
        if raw is None:
            continue
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return unicodedata.normalize("NFC", fixed)
    return None


def check_unicode(text: str) -> str:
    """Refuse TCVN3/VNI text; repair UTF-8 mojibake when it can be undone losslessly."""
    sample = text[:200_000]
    hits = len(_MOJIBAKE_RE.findall(sample))
    if hits >= 3 and hits > len(re.findall(r"\S+", sample)) * 0.02:
        fixed = repair_mojibake(text)
        if fixed is not None and len(_MOJIBAKE_RE.findall(fixed[:200_000])) < hits / 10:
            return fixed
        raise IngestError(MOJIBAKE_MESSAGE)
    if looks_legacy(text):
        raise IngestError(LEGACY_ENCODING_MESSAGE)
    return text
