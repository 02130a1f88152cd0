"""Key tasks: the items of the tasks section, numbered, bulleted or as paragraphs."""

from __future__ import annotations

import re
from itertools import islice

from apps.directives.ingest.lists import ListsMixin
from apps.directives.ingest.reading import L, _clean
from apps.directives.ingest.structure import (
    MAX_MATCHES,
    NUMW,
    _is_heading,
    _marker_style,
    _num,
    _strip_item,
)

_TASK_HEADING_RE = re.compile(
    r"^[ \t]*(?:[IVX]+[.)\-–]|[A-Z][.)]|\d{1,2}[.)])?[ \t]*"
    r"(?=[^\n]{0,60}?\b(?:NHIỆM\s+VỤ|GIẢI\s+PHÁP)\b)"
    rf"(?![^\n]{{0,60}}?MỤC\s+ĐÍCH)(?:(?!{L})[^\n]){{8,160}}$",
    re.MULTILINE,
)
"""An upper-case section heading that names tasks ("I. NỘI DUNG, NHIỆM VỤ CHỦ YẾU CỦA KẾ
HOẠCH NĂM 2002"): the items under it are the key tasks."""


class TasksMixin(ListsMixin):
    # key tasks ------------------------------------------------------------
    _TASK_INTRO_RE = re.compile(
        rf"(?:(?<!\w)(?P<n>{NUMW})\s+(?:nhóm\s+)?(?:nội\s+dung|nhiệm\s+vụ|giải\s+pháp|việc)"
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
        intros = list(islice(self._TASK_INTRO_RE.finditer(self.norm), MAX_MATCHES))
        intros += list(islice(_TASK_HEADING_RE.finditer(self.norm), MAX_MATCHES))
        intros.sort(key=lambda m: m.start())
        for m in intros:
            heading = m.re is _TASK_HEADING_RE
            n = _num(m.group("n")) if not heading and m.group("n") else None
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
            sections = bool(items) and _marker_style(items[0][1]) == "roman"
            if len(items) >= 2 or (items and (n == 1 or heading or sections)):
                for it, src in items:
                    d.key_tasks.append(it)
                    d.item_sources["key_tasks"].append(src)
                return
        for it, src in self.table_tasks()[: self.MAX_TABLE_TASKS]:
            if it.lower() not in crit:
                d.key_tasks.append(it)
                d.item_sources["key_tasks"].append(src)

    MAX_TABLE_TASKS = 30

    def table_tasks(self) -> list[tuple[str, str]]:
        """Rows of a flattened table ("TT | Nội dung công việc | … "): a line holding only the
        row number 1, 2, 3… is followed by the row's task."""
        lines = self.lines
        start = next(
            (
                i
                for i, ln in enumerate(lines)
                if re.fullmatch(r"\s*S?TT\s*", ln)
                and any(
                    re.match(r"\s*(?:nội\s+dung|nhiệm\s+vụ|công\s+việc)", x, re.IGNORECASE)
                    for x in lines[i + 1 : i + 6]
                )
            ),
            None,
        )
        if start is None:
            return []
        out: list[tuple[str, str]] = []
        expected = 1
        i = start + 1
        while i < len(lines) and len(out) < self.MAX_TABLE_TASKS:
            if lines[i].strip() == str(expected):
                j = i + 1
                while j < len(lines) and not lines[j].strip():
                    j += 1
                if j < len(lines) and len(lines[j].strip()) > 8:
                    out.append((_strip_item(lines[j]), _clean(lines[j])))
                    expected += 1
                    i = j
            i += 1
        return out if len(out) >= 2 else []

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
        if style == "roman":
            if _TASK_HEADING_RE.match(self.norm, self.line_starts[j]):
                return []  # a tasks section: its own heading introduces its items
            # "… với các nội dung sau:" over sections "I. ĐÁNH GIÁ …", "II. …": each is a task
            for k in range(j, min(len(self.lines), j + 400)):
                if n is not None and len(out) >= n:
                    break
                if _marker_style(self.lines[k]) != "roman":
                    continue
                item = _strip_item(re.sub(r"^\s*[IVXLC]+[.)\-–]\s*", "", self.lines[k]))
                nxt = self.lines[k + 1].strip() if k + 1 < len(self.lines) else ""
                if item.isupper() and nxt and nxt.isupper() and _marker_style(nxt) is None:
                    item = f"{item} {_strip_item(nxt)}"  # a heading wrapped over two lines
                if item:
                    out.append((item, _clean(self.lines[k])))
            return out
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
        self.tasks_from_paragraphs = True
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


_INTRO_LINE_RE = re.compile(
    r"yêu\s+cầu|chỉ\s+đạo|giao\s+(?:các|cho)|ban\s+hành|nhiệm\s+vụ|nội\s+dung\s+sau|như\s+sau|sau\s*:",
    re.IGNORECASE,
)
_AGENCY_RE = re.compile(
    r"\s*(?:Các\s+sở|Các\s+cơ\s+quan|Các\s+địa\s+phương|Sở\s|Công\s+an\s|Bộ\s+Chỉ\s+huy|UBND\s|Ủy\s+ban\s"
    r"|Uỷ\s+ban\s|Ban\s|Đài\s|Báo\s|Mặt\s+trận|Văn\s+phòng|Thanh\s+tra|Tỉnh\s+đoàn|Liên\s+đoàn|Hội\s"
    r"|Cục\s|Chi\s+cục|Kho\s+bạc|Cục\s+Thuế|Đảng\s+ủy|Huyện\s+ủy|Thành\s+ủy|Các\s+cấp\s+ủy)"
)
_NOT_TASK_RE = re.compile(
    r"^\s*(?:Hỏi|PV|Phóng\s+viên|Trả\s+lời|Căn\s+cứ|Mục\s+đích)\b", re.IGNORECASE
)
_PURPOSE_HEAD_RE = re.compile(r"mục\s+đích|yêu\s+cầu\s*$|căn\s+cứ|quan\s+điểm", re.IGNORECASE)


class ProseTasksMixin(TasksMixin):
    """Key tasks where no tasks heading introduces them (news reports, dispatches).

    After a line that gives instructions ("UBND tỉnh yêu cầu … các nội dung sau:", "… ban hành
    Chỉ thị số …"), the next run of at least two list items of one style, or of paragraphs that
    open with an action verb or with the agency charged, are the tasks. Questions (an interview's)
    and "Căn cứ" / "Mục đích, yêu cầu" items are not.
    """

    MAX_PROSE_TASKS = 15
    MAX_TASK_LINE = 3000

    def find_prose_tasks(self) -> None:
        d = self.draft
        if d.key_tasks:
            return
        crit = {s.lower() for s in d.dos + d.donts}
        lines = self.lines
        n = len(lines)
        li = 0
        recent_intro = -10  # index (in non-empty lines) of the last instruction line
        purpose = False  # under a "Mục đích, yêu cầu" heading
        k = 0
        while li < n:
            line = lines[li]
            if not line.strip():
                li += 1
                continue
            k += 1
            if len(line) > self.MAX_TASK_LINE:
                li += 1  # a task is a paragraph, not a whole text on one line
                continue
            if _marker_style(line) == "roman" or _is_heading(line):
                purpose = bool(_PURPOSE_HEAD_RE.search(line))  # "I. MỤC ĐÍCH, YÊU CẦU"
            if k - recent_intro <= 2 and not purpose:
                items = self._run_from(li, crit)
                if len(items) >= 2:
                    for it, src in items[: self.MAX_PROSE_TASKS]:
                        d.key_tasks.append(it)
                        d.item_sources["key_tasks"].append(src)
                    self.tasks_from_paragraphs = True
                    return
            if (
                _INTRO_LINE_RE.search(line)
                and not _marker_style(line)
                and not re.match(r"\s*Điều\s+\d", line)  # an article of a decision
            ):
                recent_intro = k
            li += 1

    def _run_from(self, li: int, crit: set[str]) -> list[tuple[str, str]]:
        """The run of task items starting at line ``li`` (blank lines between are allowed)."""
        style = _marker_style(self.lines[li])
        if style == "roman":
            return []
        out: list[tuple[str, str]] = []
        for line in self.lines[li : li + 3 * self.MAX_PROSE_TASKS]:
            s = line.strip()
            if not s:
                continue
            if s.endswith("?") or _NOT_TASK_RE.match(_strip_item(s)):
                break
            st = _marker_style(line)
            if style is not None:
                if st != style:
                    break
            elif st is not None or not (self._TASK_VERB_RE.match(line) or _AGENCY_RE.match(line)):
                break
            item = re.split(r";", _strip_item(line), maxsplit=1)[0].strip(" .")
            if (
                len(item) <= 8
                or item.lower() in crit
                or _is_heading(s)
                or re.match(r"[^:]{2,40}:\s*\S", item)  # "Ngày ban hành: …" metadata
            ):
                break
            out.append((item, _clean(line)))
        return out
