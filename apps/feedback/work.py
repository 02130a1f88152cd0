"""Home-page work items: for inspection committees, feedback waiting for intake and late
feedback; for the unit's officers, explanation requests to answer."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from apps.access import scoping
from apps.common.plugins import WorkItem
from apps.feedback.enums import FeedbackStatus
from apps.feedback.selectors import explanation_list, feedback_list

GROUP = "Phản ánh, kiến nghị"


def feedback_work(user: Any) -> list[WorkItem]:
    items: list[WorkItem] = []
    if not getattr(user, "is_authenticated", False):
        return items
    today = timezone.localdate()
    if scoping.has_action(user, "feedback.handle"):
        waiting = feedback_list(actor=user, status=FeedbackStatus.RECEIVED).count()
        late = feedback_list(actor=user, overdue=True, today=today).count()
        items.append(
            WorkItem(
                label="Phản ánh chờ tiếp nhận",
                count=waiting,
                url=f"{reverse('feedback_list')}?trang_thai={FeedbackStatus.RECEIVED}",
                urgency=1,
                group=GROUP,
            )
        )
        items.append(
            WorkItem(
                label="Phản ánh quá hạn",
                count=late,
                url=f"{reverse('feedback_list')}?qua_han=1",
                urgency=2,
                group=GROUP,
            )
        )
    if scoping.has_action(user, "feedback.explain"):
        pending = explanation_list(actor=user, pending_only=True)
        count = pending.count()
        late = pending.filter(due__lt=today).count()
        items.append(
            WorkItem(
                label="Yêu cầu giải trình",
                count=count,
                url=reverse("feedback_explain_list"),
                urgency=2 if late else 1,
                group=GROUP,
                detail=f"{late} quá hạn" if late else "",
            )
        )
    return items
