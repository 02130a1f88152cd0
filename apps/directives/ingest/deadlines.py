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


class DeadlinesMixin(_Base):
    # deadlines ------------------------------------------------------------
    def find_deadlines(self, year_hint: int | None) -> None:
        d = self.draft
        found: list[tuple[int, date]] = []
        t = self.norm
        for m in islice(_DL_DAY_RE.finditer(t), MAX_MATCHES):
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
            if m.group("y") is None and (
                year_hint is None or not _DL_TRIGGER_RE.search(self.sentence(m.start()))
            ):
                continue
            y = int(m.group("y")) if m.group("y") else year_hint or 0
            if dd := _month_end(y, int(m.group("m"))):
                found.append((m.start(), dd))
                self.deadlines_resolved_from_periods = True
        for m in islice(_DL_QUARTER_RE.finditer(t), MAX_MATCHES):
            q = _ROMAN[m.group("q").lower()]
            if dd := _month_end(int(m.group("y")), 3 * q):
                found.append((m.start(), dd))
                self.deadlines_resolved_from_periods = True
        for m in islice(_DL_HALF_RE.finditer(t), MAX_MATCHES):
            if _PERIOD_BEFORE_RE.search(t[max(0, m.start() - 20) : m.start()]):
                continue  # "báo cáo sơ kết 6 tháng đầu năm": a reporting period
            months = 6 if m.group("n").lower() in ("6", "sáu") else 9
            month = months if m.group("which").lower() == "đầu" else 12
            if dd := _month_end(int(m.group("y")), month):
                found.append((m.start(), dd))
                self.deadlines_resolved_from_periods = True
        for m in islice(_DL_YEAR_RE.finditer(t), MAX_MATCHES):
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
                self.deadlines_resolved_from_periods = True
        found.sort()
        seen: set[tuple[date, str]] = set()
        for pos, dd in found:
            sent = self.sentence(pos)
            if (dd, sent) in seen:
                continue
            seen.add((dd, sent))
            d.deadlines.append(Deadline(dd, sent))
            d.item_sources["deadlines"].append(sent)
