"""Rate limits of the public pages (django-ratelimit on the shared database cache).

- every POST to the send page from one address: at most 60 an hour (flood guard);
- feedback stored from one address: `FEEDBACK_RATE_PER_ADDRESS` (default 10 an hour); after
  `FEEDBACK_CHALLENGE_AFTER` of them (default 2) each further send needs the challenge;
- feedback stored about one unit: `FEEDBACK_RATE_PER_TARGET` (default 20 an hour);
- code look-ups from one address: `FEEDBACK_RATE_LOOKUP` (default 30 an hour).
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django_ratelimit.core import get_usage

FLOOD_RATE = "60/h"
MESSAGE_ADDRESS = (
    "Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau {minutes} phút."
)
MESSAGE_TARGET = (
    "Đơn vị này đang nhận quá nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau "
    "{minutes} phút."
)
MESSAGE_LOOKUP = "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau {minutes} phút."


@dataclass(frozen=True)
class Usage:
    count: int
    limit: int
    time_left: int

    @property
    def exhausted(self) -> bool:
        return self.count >= self.limit

    @property
    def minutes(self) -> int:
        return max(1, (self.time_left + 59) // 60)


def _usage(request: Any, group: str, key: Any, rate: str, increment: bool) -> Usage:
    usage = get_usage(request, group=group, key=key, rate=rate, increment=increment)
    if usage is None:  # rate limiting disabled (RATELIMIT_ENABLE = False)
        return Usage(0, 1 << 30, 0)
    return Usage(int(usage["count"]), int(usage["limit"]), int(usage["time_left"]))


def _target_key(unit_id: int) -> Any:
    return lambda _group, _request: f"unit:{unit_id}"


def flood(request: Any) -> Usage:
    """Counts this POST; exhausted once over the flood limit."""
    usage = _usage(request, "feedback-post", "ip", FLOOD_RATE, True)
    return Usage(usage.count - 1, usage.limit, usage.time_left)


def sends_from_address(request: Any, *, increment: bool = False) -> Usage:
    return _usage(request, "feedback-send", "ip", settings.FEEDBACK_RATE_PER_ADDRESS, increment)


def sends_about_unit(request: Any, unit_id: int, *, increment: bool = False) -> Usage:
    rate = settings.FEEDBACK_RATE_PER_TARGET
    return _usage(request, "feedback-target", _target_key(unit_id), rate, increment)


def lookups(request: Any) -> Usage:
    usage = _usage(request, "feedback-lookup", "ip", settings.FEEDBACK_RATE_LOOKUP, True)
    return Usage(usage.count - 1, usage.limit, usage.time_left)


def challenge_required(request: Any) -> bool:
    return sends_from_address(request).count >= int(settings.FEEDBACK_CHALLENGE_AFTER)
