"""Daily escalation of late feedback (`manage.py send_feedback_escalations`, scheduled daily by
the task worker, like the rollout reminders).

- not acknowledged after `FEEDBACK_ACK_DAYS`: the handlers, and the inspection committee of the
  next level up (or, at the top, the handling unit's leaders);
- not answered after `FEEDBACK_ANSWER_DAYS`: the same people;
- an explanation not given by its due date: the unit's officers again, and the handlers.

Each person is told once per feedback and rule (the notification's event key), however often
the command runs; `escalations` counts the rules that fired.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from apps.access.enums import Role
from apps.common.notifications import notify
from apps.feedback.enums import OPEN_STATUSES, FeedbackStatus
from apps.feedback.models import Feedback, FeedbackExplanation
from apps.feedback.services import handlers_of, recipients, unit_officers_of
from apps.people.selectors import Holder, role_holders, role_holders_nearest


@dataclass
class EscalationCounts:
    ack_late: int = 0
    answer_late: int = 0
    explanation_late: int = 0
    told: int = 0


def next_level(feedback: Feedback) -> list[Holder]:
    above = role_holders_nearest(unit=feedback.handling_unit, roles=[Role.INSPECTOR], above=True)
    return above or role_holders(unit=feedback.handling_unit, roles=[Role.LEADER])


def _escalate(feedback: Feedback, rule: str, title: str) -> int:
    told = notify(
        recipients=recipients([*handlers_of(feedback), *next_level(feedback)]),
        event=f"feedback:{feedback.pk}:{rule}",
        title=title,
        body=(
            f"Phản ánh về {feedback.unit.name}, nhận ngày {feedback.received_at:%d/%m/%Y}; "
            f"hạn tiếp nhận {feedback.ack_due:%d/%m/%Y}, hạn trả lời {feedback.answer_due:%d/%m/%Y}."
        ),
        url=reverse("feedback_detail", args=[feedback.pk]),
    )
    if told:
        Feedback.objects.filter(pk=feedback.pk).update(escalations=F("escalations") + 1)
    return told


def feedback_escalate(*, today: datetime.date | None = None) -> EscalationCounts:
    today = today or timezone.localdate()
    counts = EscalationCounts()
    late_ack = Feedback.objects.filter(status=FeedbackStatus.RECEIVED, ack_due__lt=today)
    for feedback in late_ack.select_related("unit", "handling_unit"):
        told = _escalate(feedback, "ack-late", f"Quá hạn tiếp nhận phản ánh {feedback.reference}")
        counts.ack_late += 1
        counts.told += told
    late_answer = Feedback.objects.filter(status__in=OPEN_STATUSES, answer_due__lt=today)
    for feedback in late_answer.select_related("unit", "handling_unit"):
        told = _escalate(feedback, "answer-late", f"Quá hạn trả lời phản ánh {feedback.reference}")
        counts.answer_late += 1
        counts.told += told
    late_explanations = FeedbackExplanation.objects.filter(
        answered_at__isnull=True,
        due__lt=today,
        feedback__status=FeedbackStatus.EXPLAINING,
    ).select_related("feedback__unit", "feedback__handling_unit")
    for explanation in late_explanations:
        feedback = explanation.feedback
        counts.explanation_late += 1
        counts.told += notify(
            recipients=recipients([*unit_officers_of(feedback), *handlers_of(feedback)]),
            event=f"feedback-explanation:{explanation.pk}:late",
            title=f"Quá hạn giải trình phản ánh {feedback.reference} ({feedback.unit.name})",
            body=f"Hạn giải trình: {explanation.due:%d/%m/%Y}.",
            url=reverse("feedback_explanation", args=[explanation.pk]),
        )
    return counts


def feedback_escalate_daily() -> str:
    """Entry point of the daily schedule."""
    counts = feedback_escalate()
    return (
        f"quá hạn tiếp nhận {counts.ack_late}, quá hạn trả lời {counts.answer_late}, "
        f"quá hạn giải trình {counts.explanation_late}; đã báo {counts.told} lượt"
    )
