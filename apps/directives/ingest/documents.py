"""The subject document and the documents it cites: kind, number, symbol, issuer, date."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from itertools import islice

from apps.directives.ingest.dates import _DATE_RE, _date_from, _mkdate
from apps.directives.ingest.reading import U, _clean
from apps.directives.ingest.structure import MAX_MATCHES, _Base

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
_KIND_RE = (
    r"(?:chỉ\s+thị|nghị\s+quyết|kết\s+luận|quy\s+định|kế\s+hoạch|hướng\s+dẫn|quyết\s+định"
    r"|công\s+văn(?:\s+khẩn)?|văn\s+bản|công\s+điện|chương\s+trình(?:\s+hành\s+động)?"
    r"|thông\s+báo)"
)
OTHER_KIND = ""
"""Kind of a document that is none of the official kinds (Công văn, Công điện, Chương trình…)."""
_SYM_L = "A-ZĐƯƠÔÂĂÊa-zđươôâăê"
# "34-CT/TU", "45/KH-UBND", "16/2001/CT-TTg"; a space may stray around the first separator
# ("18- CT/TW", "2552 /UBND-NN"), and is dropped from the symbol.
_SYM_RE = (
    rf"(?: ?- ?[{_SYM_L}]{{1,6}}(?:/[{_SYM_L}0-9]{{1,10}}){{1,2}}"
    rf"| ?/ ?(?:\d{{4}}/)?[{_SYM_L}]{{1,6}}(?:-[{_SYM_L}0-9]{{1,10}}){{1,2}})(?![{_SYM_L}])"
)
# In the header a symbol may have lost its hyphen in a PDF's text ("Số: 1961/QĐUBND").
_HEADER_SYM_RE = rf"(?:{_SYM_RE}|/(?:\d{{4}}/)?[A-ZĐƯƠÔÂĂÊ]{{4,12}}(?![{_SYM_L}]))"
_MENTION_RE = re.compile(
    rf"(?<!\w)(?P<kind>{_KIND_RE})\s+(?:số\s*:?\s*)?(?P<num>\d{{1,5}})(?!\d)(?P<sym>{_SYM_RE})?"
    r"(?![\d,.]\d)(?!\s*(?:năm(?!\s+\d{4})|tháng|ngày(?!\s+\d)|điều|nội\s+dung|nhiệm\s+vụ|giải\s+pháp|%))",
    re.IGNORECASE,
)
_HEADER_NUM_RE = re.compile(rf"(?<!\w)(?:Số|SỐ)\s*:?\s*(?P<num>\d{{1,5}})(?P<sym>{_HEADER_SYM_RE})")
_CITED_BEFORE_RE = re.compile(
    r"(?:thực\s+hiện|căn\s+cứ|theo\s+tinh\s+thần|theo|thay\s+thế|so\s+với)"
    r"(?:\s+(?:các|nghiêm|tốt))?\s*$",
    re.IGNORECASE,
)
_SUBJECT_ACTIVITY_RE = re.compile(
    r"(?:tổng\s+kết|sơ\s+kết|tiếp\s+tục|kết\s+quả|quán\s+triệt|triển\s+khai)(?:\s+việc)?"
    r"\s+thực\s+hiện\s*$",
    re.IGNORECASE,
)
_ISSUED_BEFORE_RE = re.compile(
    r"(?:ban\s+hành|(?:đã|vừa|mới)\s+(?:có|ký|gửi)|ký\s+ban\s+hành|tại)\s*(?:các\s+)?$",
    re.IGNORECASE,
)
_EARLIER_RE = re.compile(r"^\s*(?:trước\s+đó|trước\s+đây|năm\s+\d{4})", re.I)
_NUMBERLESS_ISSUE_RE = re.compile(
    r"(?:vừa|đã|mới)\s+ban\s+hành\s+(?:Chương\s+trình(?:\s+hành\s+động)?|Kế\s+hoạch|Chỉ\s+thị"
    r"|Công\s+văn|Hướng\s+dẫn)\s+(?:(?:của\s+[^,.;]{3,60}?\s+)?(?:để\s+|về\s+(?:việc\s+)?)?"
    r"(?:thực\s+hiện|triển\s+khai|quán\s+triệt))",
    re.IGNORECASE,
)
_ISSUE_VERB = r"ban\s+hành|(?:đã|vừa|mới)\s+(?:có|ký|gửi)|\bký\b"
_PAGE_DATE_RE = re.compile(
    r"(?:đăng\s+ngày|ngày\s+đăng|cập\s+nhật(?:\s+ngày)?|ngày\s+cập\s+nhật)\s*:?\s*"
    r"(?:(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:năm\s+|[,/]\s*)(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s*(?P<sep>[./-])\s*(?P<m2>\d{1,2})\s*(?P=sep)\s*(?P<y2>\d{4}))",
    re.IGNORECASE,
)
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


def _sym_text(sym: str | None) -> str | None:
    return sym.replace(" ", "") if sym else None


def _kind_name(s: str) -> str:
    return KINDS.get(re.sub(r"\s+", " ", s.lower()), OTHER_KIND)


def _fix_symbol_case(sym: str | None) -> str | None:
    """An upper-case title line writes "CT-TTG": the symbol's usual spelling is "CT-TTg"."""
    if sym is None:
        return None
    return re.sub(r"-TTG$", "-TTg", sym)


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
    (
        r"Chủ\s+tịch\s+(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+tỉnh",
        "Chủ tịch Ủy ban nhân dân tỉnh",
        True,
    ),
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


class DocumentsMixin(_Base):
    def mentions(self) -> list[_Mention]:
        if self._mentions is not None:
            return self._mentions
        out: list[_Mention] = []
        for m in islice(_MENTION_RE.finditer(self.norm), MAX_MATCHES * 10):
            out.append(
                _Mention(
                    _kind_name(m.group("kind")),
                    m.group("num"),
                    _sym_text(m.group("sym")),
                    m.start(),
                    m.end(),
                )
            )
        self._mentions = out
        self._mention_starts = [m.start for m in out]
        return out

    def find_document(self) -> _Mention | None:
        head = self.norm[:2500]
        heading = _HEADING_KIND_RE.search(head)
        hm = _HEADER_NUM_RE.search(head)
        self.heading_kind = _kind_name(heading.group("kind")) if heading else None
        self.heading_end = heading.end() if heading else None
        if hm:
            sym = _fix_symbol_case(_sym_text(hm.group("sym"))) or ""
            kind = self.heading_kind or _symbol_kind(sym) or OTHER_KIND
            title_line = hm.group(0).startswith("SỐ")
            if kind or not title_line:
                return _Mention(kind, hm.group("num"), sym, hm.start(), hm.end(), header=True)
        numberless = _NUMBERLESS_ISSUE_RE.search(self.norm[:1500])
        issued_numbered = any(
            _ISSUED_BEFORE_RE.search(self.norm[max(0, m.start - 40) : m.start])
            for m in self.mentions()
        )
        if numberless and not issued_numbered:
            # "ban hành Chương trình hành động thực hiện Nghị quyết số 57": the subject is the
            # programme, which has no number; the resolution is only cited
            return None
        mentions = self.mentions()
        if not mentions:
            return None
        scores: dict[tuple[str, int], float] = {}
        first: dict[tuple[str, int], _Mention] = {}
        issued_on: dict[tuple[str, int], date | None] = {}
        for i, mt in enumerate(mentions):
            key = (mt.kind, int(mt.num))
            before = self.norm[max(0, mt.start - 40) : mt.start].lower()
            sa, _ = self.sentence_span(mt.start)
            sent_head = self.norm[sa : mt.start].lower()
            w = 1.0
            issuing = False
            if re.search(r"(?:sau\s+khi|khi|được)\s+(?:ký\s+)?ban\s+hành\s*$", before):
                pass  # "Sau khi ban hành Chỉ thị 12": a reference to an issued document
            elif re.search(r"ban\s+hành\s*(?:các\s+)?$", before):
                w += 5
                issuing = True
            elif re.search(r"(?<!ban\shành\s)tại\s*$", before):
                w += 1  # "kết luận … tại Thông báo số 49": where something was said
            elif _ISSUED_BEFORE_RE.search(before):
                w += 3
                issuing = True
            if (
                _CITED_BEFORE_RE.search(before)
                and not _ISSUED_BEFORE_RE.search(before)
                and not _SUBJECT_ACTIVITY_RE.search(before)
            ):
                w -= 2
            if (
                _EARLIER_RE.match(sent_head)
                or re.match(r"\s*trước\s+(?:đó|đây)", self.paragraph_head(mt.start))
                or re.search(r"\bcũng\s+ban\s+hành\s*$", before)
            ):
                w -= 6  # "Trước đó, …": the whole paragraph tells of earlier documents
                issuing = False
            if re.search(r"(?:quán\s+triệt|triển\s+khai\s+thực\s+hiện)[\s,]*$", before):
                w += 1
            if re.match(r"\s*(?:căn\s+cứ|thực\s+hiện|theo)\b", sent_head) and not re.search(
                r"ban\s+hành", before
            ):
                w -= 0.8
            if self.nested_in_other(mt, sa):
                w -= 3  # "Công văn số 4462 về việc thực hiện … tại Thông báo số 49": cited
                issuing = False
            if re.search(r"thay\s+thế\s*$", before):
                w -= 3  # "Quy định số 47 thay thế Quy định số 115": superseded
            if i == 0:
                w += 1
            scores[key] = scores.get(key, 0.0) + w
            first.setdefault(key, mt)
            if issuing:
                issued_on.setdefault(key, None)
                issued_on[key] = issued_on[key] or self.mention_date(mt)
        best = max(scores, key=lambda k: (scores[k], -first[k].start))
        dated = {k: v for k, v in issued_on.items() if v is not None and scores[k] > 0}
        if len(dated) >= 2:
            # several documents issued one after another ("đã ban hành Chỉ thị 08 … ngày 2/5
            # đã có Công văn 2552"): the report is about the latest
            best = max(dated, key=lambda k: (dated[k], scores[k]))
        if scores[best] <= 0:
            return None  # every document is only cited
        if best not in issued_on and self.enumerated(first[best]):
            return None  # "các chỉ thị … gồm: Chỉ thị số 41…; Chỉ thị số 42…": no single subject
        chosen = first[best]
        for mt in mentions:  # prefer a mention that carries the symbol
            if (mt.kind, int(mt.num)) == best and mt.sym:
                return _Mention(mt.kind, chosen.num, mt.sym, chosen.start, chosen.end)
        return chosen

    def paragraph_head(self, pos: int) -> str:
        """The first 30 characters of the paragraph (line) that holds ``pos``, lower-cased."""
        ls = self.norm.rfind("\n", 0, pos) + 1
        return self.norm[ls : min(pos, ls + 30)].lower()

    def nested_in_other(self, mt: _Mention, sent_start: int) -> bool:
        """The mention sits in the description of an earlier mention of the same sentence
        ("Công văn số 4462 về việc triển khai … tại Thông báo số 49"): it is only cited."""
        ms = self.mentions()
        for other in ms[bisect.bisect_left(self._mention_starts, sent_start) :]:
            if other.start >= mt.start:
                return False
            if (other.kind, other.num) == (mt.kind, mt.num):
                continue
            between = self.norm[other.end : mt.start]
            if re.search(r"ban\s+hành|(?:đã|vừa|mới)\s+(?:có|ký|gửi)|[;]", between, re.I):
                continue
            if re.search(r"về\s+việc|thực\s+hiện|triển\s+khai|hướng\s+dẫn", between, re.I):
                return True
        return False

    def enumerated(self, mt: _Mention) -> bool:
        """The mention is one of three or more documents of its kind listed in one sentence."""
        sa, sb = self.sentence_span(mt.start)
        line_end = self.norm.find("\n", mt.start)
        sb = max(sb, line_end if line_end >= 0 else len(self.norm))
        same = {int(m.num) for m in self.mentions() if sa <= m.start < sb and m.kind == mt.kind}
        return len(same) >= 3

    def mention_date(self, mt: _Mention, *, full: bool = False) -> date | None:
        """The date written with a mention: "… số 12 ngày 3/1/2002", "… số 12 của Bộ Chính trị
        ngày 3/1/2002" or "Ngày 3/1/2002, … ban hành … số 12". A day and month without a year take
        the page's year ("Đăng ngày 30-09-2022"). Without ``full`` a month alone will do
        ("tháng 3-2007 … ban hành Quy định số 115")."""
        nxt = self.next_mention_start(mt.start)
        _, sb = self.sentence_span(mt.start)
        window = self.norm[mt.end : min(nxt, mt.end + 90, max(sb, mt.end))]
        for wm in re.finditer(r"(?:^|[\s,(])ngày\s+", window, re.I):
            between = window[: wm.start()]
            if re.search(r"[;]|\bvà\b|trước|đến|chậm\s+nhất|hạn|hiệu\s+lực", between, re.I):
                break
            dm = _DATE_RE.match(window, wm.end())
            if dm and (d := _date_from(dm)):
                return d
            break
        sa, _ = self.sentence_span(mt.start)
        before = self.norm[sa : mt.start]
        for bm in reversed(
            list(
                re.finditer(
                    r"(?:^|[\s(\-–:,])(?:ngày|hôm|tháng)\s+(?P<rest>\d(?:[\d\-/. ]{0,11}\d)?)",
                    before,
                    re.I,
                )
            )
        ):
            if not re.search(_ISSUE_VERB, before[bm.end() :], re.I):
                continue
            dm2 = _DATE_RE.match(before, bm.start("rest"))
            if dm2 and (d := _date_from(dm2)):
                return d
            if bm.group(0).lower().lstrip(" (-–:,").startswith("ngày"):
                dmm = re.match(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\s*[-/.]?\s*\d)", bm.group("rest"))
                page = self.page_date()
                if dmm and page:
                    d = _mkdate(page.year, int(dmm.group(2)), int(dmm.group(1)))
                    if d and d > page:
                        d = _mkdate(page.year - 1, int(dmm.group(2)), int(dmm.group(1)))
                    if d:
                        return d
            ym = re.match(r"(\d{1,2})\s*[-/.]\s*(\d{4})", bm.group("rest"))
            if not full and ym and (d := _mkdate(int(ym.group(2)), int(ym.group(1)), 1)):
                return d  # "tháng 3-2007"
        return None

    def page_date(self) -> date | None:
        """The date a news page was posted ("Đăng ngày 30-09-2022", "Ngày đăng: 02/12/2020")."""
        m = _PAGE_DATE_RE.search(self.norm[:800])
        return _date_from(m) if m else None

    def next_mention_start(self, pos: int) -> int:
        """Start of the first mention after ``pos`` (end of text if none); O(log n)."""
        starts = self._mention_starts
        k = bisect.bisect_right(starts, pos)
        return starts[k] if k < len(starts) else len(self.norm)

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
            self.mentions()
            for mt in self.same_doc(doc):
                nxt = self.next_mention_start(mt.start)
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
                if bms and re.search(
                    r"ban\s+hành|(?:đã|vừa|mới)\s+(?:có|ký|gửi)", before[bms[-1].end() :]
                ):
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
        for bm in islice(body_rx.finditer(self.norm), MAX_MATCHES):
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
        for m2 in islice(re.finditer(r"(?:tỉnh|Tỉnh ủy)\s+", self.norm), MAX_MATCHES):
            if p := _province_at(self.norm, m2.end()):
                counts[p] = counts.get(p, 0) + 1
        return max(counts, key=lambda k: counts[k]) if counts else None

    # issue date ------------------------------------------------------------
    def find_issued_date(self, doc: _Mention) -> tuple[date, int] | None:
        if doc.header:
            # "SỐ 16/2001/CT-TTG NGÀY 21 THÁNG 6 NĂM 2001" on an upper-case title line
            tm = re.match(r"\s*,?\s*ngày\s+", self.norm[doc.end : doc.end + 20], re.IGNORECASE)
            if tm:
                dm = _DATE_RE.match(self.norm, doc.end + tm.end())
                if dm and (d := _date_from(dm)):
                    return d, doc.start
            pd = _PLACE_DATE_RE.search(self.norm[:2500])
            if pd:
                d = _mkdate(int(pd.group("y")), int(pd.group("m")), int(pd.group("d")))
                if d:
                    return d, pd.start()
        self.mentions()
        for mt in self.same_doc(doc):
            if d := self.mention_date(mt, full=True):
                return d, mt.start
        return None
