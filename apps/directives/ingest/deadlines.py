"""Deadlines resolved relative to the issue date."""

from __future__ import annotations

import re
from datetime import date
from itertools import islice

from apps.directives.ingest.dates import (
    _DL_DAY_RE,
    _DL_HALF_RE,
    _DL_MONTH_RE,
    _DL_QUARTER_RE,
    _DL_TRIGGER_RE,
    _DL_YEAR_RE,
    _PAST_RE,
    _PERIOD_BEFORE_RE,
    _ROMAN,
    _mkdate,
    _month_end,
)
from apps.directives.ingest.draft import Deadline
from apps.directives.ingest.structure import MAX_MATCHES, _Base

_APPLICATION_RE = re.compile(
    r"(?<!\w)(?:từ\s+(?:ngày\s+)?\d|áp\s+dụng|giãn\s+cách|có\s+hiệu\s+lực)", re.IGNORECASE
)
_STRONG_TRIGGER_RE = re.compile(
    r"hoàn\s+thành|xong|phấn\s+đấu|thời\s+hạn|hạn\s+chót|chậm\s+nhất|trước\s+ngày",
    re.IGNORECASE,
)
_TABLE_HEAD_RE = re.compile(
    r"^\s*(?:ngày|thời\s+hạn|thời\s+gian)\s+(?:chậm\s+nhất|hoàn\s+thành)", re.IGNORECASE
)
_DATE_CELL_RE = re.compile(
    r"^\s*(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})\s*(?:\([^)]{0,40}\))?\s*$"
)


class DeadlinesMixin(_Base):
    def _past(self, sentence: str) -> bool:
        """A sentence that tells what happened ("đã", "vừa qua") without setting a deadline."""
        return bool(_PAST_RE.search(sentence)) and not _STRONG_TRIGGER_RE.search(sentence)

    def _table_deadlines(self) -> list[tuple[int, date]]:
        """Date cells under a "Ngày chậm nhất phải hoàn thành" column of a flattened table."""
        out: list[tuple[int, date]] = []
        in_table = False
        for li, line in enumerate(self.lines):
            if _TABLE_HEAD_RE.match(line):
                in_table = True
                continue
            m = _DATE_CELL_RE.match(line) if in_table else None
            dd = _mkdate(int(m.group(4)), int(m.group(3)), int(m.group(1))) if m else None
            if dd:
                out.append((self.line_starts[li], dd))
                if len(out) >= MAX_MATCHES:
                    break
        return out

    def _elapsed(self, start: date, end: date, sentence: str) -> bool:
        """A period mostly over when the document was issued ("6 tháng đầu năm 2001" in a text of
        21/6/2001) is a past period, unless the sentence sets something to finish by its end."""
        issued = self.draft.issued_date
        if issued is None or issued <= start:
            return False
        return issued > start + (end - start) / 2 and not _STRONG_TRIGGER_RE.search(sentence)

    # deadlines ------------------------------------------------------------
    def find_deadlines(self, year_hint: int | None) -> None:
        d = self.draft
        found: list[tuple[int, date]] = []
        t = self.norm
        for m in islice(_DL_DAY_RE.finditer(t), MAX_MATCHES):
            if re.match(r"đến\s+hết", m.group(0), re.IGNORECASE) and _APPLICATION_RE.search(
                self.sentence(m.start())
            ):
                continue  # "áp dụng từ … đến hết 15/9": a period of application
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
        for m in islice(_DL_MONTH_RE.finditer(t), MAX_MATCHES):
            sent = self.sentence(m.start())
            if m.group("y") is None and (year_hint is None or not _DL_TRIGGER_RE.search(sent)):
                continue
            if m.group(0).lower().startswith("trong") and not _DL_TRIGGER_RE.search(sent):
                continue  # "nắng nóng kéo dài trong tháng 5 năm 2019": not a deadline
            if self._past(sent):
                continue
            y = int(m.group("y")) if m.group("y") else year_hint or 0
            dd = _month_end(y, int(m.group("m")))
            period = "trong" in m.group(0).lower()  # "cuối tháng 5" is a point, not a period
            if dd and not (period and self._elapsed(dd.replace(day=1), dd, sent)):
                found.append((m.start(), dd))
                self.deadlines_resolved_from_periods = True
        for m in islice(_DL_QUARTER_RE.finditer(t), MAX_MATCHES):
            if self._past(self.sentence(m.start())):
                continue
            q = _ROMAN[m.group("q").lower()]
            dd = _month_end(int(m.group("y")), 3 * q)
            period = m.group(0).lower().startswith("trong")
            if dd and not (
                period and self._elapsed(date(dd.year, 3 * q - 2, 1), dd, self.sentence(m.start()))
            ):
                found.append((m.start(), dd))
                self.deadlines_resolved_from_periods = True
        for m in islice(_DL_HALF_RE.finditer(t), MAX_MATCHES):
            if _PERIOD_BEFORE_RE.search(t[max(0, m.start() - 20) : m.start()]):
                continue  # "báo cáo sơ kết 6 tháng đầu năm": a reporting period
            if self._past(self.sentence(m.start())):
                continue
            months = 6 if m.group("n").lower() in ("6", "sáu") else 9
            first = m.group("which").lower() == "đầu"
            month = months if first else 12
            dd = _month_end(int(m.group("y")), month)
            if dd and not self._elapsed(
                date(dd.year, 1 if first else 13 - months, 1), dd, self.sentence(m.start())
            ):
                found.append((m.start(), dd))
                self.deadlines_resolved_from_periods = True
        for m in islice(_DL_YEAR_RE.finditer(t), MAX_MATCHES):
            sent = self.sentence(m.start())
            if m.group("w").lower() == "trong" and (
                not _STRONG_TRIGGER_RE.search(sent) or _PAST_RE.search(sent)
            ):
                continue  # "trong năm 2024, tỉnh tổ chức …": the period of an activity
            if re.search(
                r"tháng\s+(?:(?:đầu|cuối)\s*)?$",
                t[max(0, m.start() - 20) : m.start()],
                re.IGNORECASE,
            ):
                continue  # "những tháng cuối năm 2001": a period, not a deadline
            if self._past(sent):
                continue
            y = int(m.group("y")) if m.group("y") else year_hint
            if y is None:
                continue
            if not m.group("y") and (
                m.group("w").lower() == "trong"
                or not _STRONG_TRIGGER_RE.search(sent)
                or re.match(r"\s*(?:nay|ngoái|trước|học|sau|tới|\d)", t[m.end() : m.end() + 8])
            ):
                continue  # "cuối năm" alone is a deadline only when something must be done by it
            dd = _month_end(y, 12)
            period = m.group("w").lower() == "trong"
            if dd and not (period and self._elapsed(date(y, 1, 1), dd, sent)):
                found.append((m.start(), dd))
                self.deadlines_resolved_from_periods = True
        found += self._table_deadlines()
        issued = d.issued_date
        if issued is not None:  # a deadline before the issue date is a past period
            found = [(pos, dd) for pos, dd in found if dd >= issued]
        found.sort()
        seen: set[tuple[date, str]] = set()
        for pos, dd in found:
            sent = self.sentence(pos)
            if (dd, sent) in seen:
                continue
            seen.add((dd, sent))
            d.deadlines.append(Deadline(dd, sent))
            d.item_sources["deadlines"].append(sent)
