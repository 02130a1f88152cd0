"""Key tasks: the items of the tasks section, numbered, bulleted or as paragraphs."""

from __future__ import annotations

import re
from itertools import islice

from apps.directives.ingest.lists import ListsMixin
from apps.directives.ingest.reading import _clean
from apps.directives.ingest.structure import (
    MAX_MATCHES,
    NUMW,
    _is_heading,
    _marker_style,
    _num,
    _strip_item,
)


class TasksMixin(ListsMixin):
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
        for m in islice(self._TASK_INTRO_RE.finditer(self.norm), MAX_MATCHES):
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
