"""Dates: Vietnamese date forms, month/quarter ends, deadline patterns."""

from __future__ import annotations

import calendar
import re
from datetime import date

from apps.directives.ingest.structure import NUMW

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
    r"(?P<w>cuối|hết|trong)\s+năm(?:\s+(?P<y>\d{4}))?(?!\w)",
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
