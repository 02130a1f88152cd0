"""People named in the text: 'đồng chí X, Position', 'Position X', signature blocks."""

from __future__ import annotations

import re
from itertools import islice

from apps.directives.ingest.documents import _PROVINCE_RE
from apps.directives.ingest.draft import Person
from apps.directives.ingest.reading import L, U, _clean
from apps.directives.ingest.structure import MAX_MATCHES, _Base

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


class PeopleMixin(_Base):
    # people ------------------------------------------------------------
    def find_people(self) -> None:
        d = self.draft
        by_name: dict[str, Person] = {}
        order: list[str] = []
        for m in islice(_PERSON_COMMA_RE.finditer(self.norm), MAX_MATCHES):
            name = _clean(self.text[m.start("name") : m.end("name")])
            if name in _NOT_PEOPLE or _PROVINCE_RE.fullmatch(name):
                continue
            pos = _trim_position(self.text[m.start("pos") : m.end("pos")])
            if not pos:
                continue
            if name not in by_name:
                by_name[name] = Person(name, pos, self.sentence(m.start()))
                order.append(name)
        for m in islice(_POS_START_RE.finditer(self.norm), MAX_MATCHES):
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
