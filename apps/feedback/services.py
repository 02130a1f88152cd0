"""Writes of the feedback workflow. Citizens act as `actor=None`; officials through their scope.

Routing: feedback about a unit (or one of its officials) goes to the inspection committee
(Role.INSPECTOR) of the nearest SUPERIOR level that has one — never to the unit itself — and
that committee's unit becomes `handling_unit`. Handlers are those holding "feedback.handle" on
the handling unit; only they see the sender's identity, contact, the original text and the
attachments. The unit concerned answers explanation requests ("feedback.explain") and sees the
moderated text only.

Only `feedback_transition` changes `status`, following `TRANSITIONS`.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.access import scoping
from apps.access.enums import Role
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.notifications import notify
from apps.directives.models import ConductCriterion
from apps.feedback import codes
from apps.feedback.enums import FeedbackStatus, FollowUpKind, FollowUpStatus
from apps.feedback.models import (
    Feedback,
    FeedbackAttachment,
    FeedbackExplanation,
    FeedbackFollowUp,
    FeedbackOutcome,
)
from apps.feedback.moderation import redact
from apps.feedback.uploads import CleanFile, clean_attachments
from apps.inspections.enums import Origin
from apps.inspections.models import Inspection, InspectionKind
from apps.inspections.services.inspections import inspection_create
from apps.org.models import Unit
from apps.org.paths import parent_path
from apps.people.models import Person
from apps.people.selectors import Holder, role_holders, role_holders_nearest
from apps.plans.models import Task
from apps.plans.services.tasks import task_create
from apps.rollout.models import Rollout

S = FeedbackStatus
# (from, to) → the action that allows it and on which unit ("handling" or "unit").
TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (S.RECEIVED, S.ACCEPTED): ("feedback.handle", "handling"),
    (S.RECEIVED, S.DISMISSED): ("feedback.handle", "handling"),
    (S.ACCEPTED, S.EXPLAINING): ("feedback.handle", "handling"),
    (S.ACCEPTED, S.CONCLUDED): ("feedback.handle", "handling"),
    (S.ACCEPTED, S.DISMISSED): ("feedback.handle", "handling"),
    (S.EXPLAINING, S.ACCEPTED): ("feedback.explain", "unit"),
    (S.EXPLAINING, S.CONCLUDED): ("feedback.handle", "handling"),
    (S.CONCLUDED, S.PUBLISHED): ("feedback.handle", "handling"),
}

MIN_DESCRIPTION = 20
MAX_DESCRIPTION = 5000


def _days(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


def handlers_of(feedback: Feedback) -> list[Holder]:
    """The intake handlers: inspectors at the handling unit (or, if it has none, the nearest
    above it)."""
    holders = role_holders(unit=feedback.handling_unit, roles=[Role.INSPECTOR])
    return holders or role_holders_nearest(unit=feedback.handling_unit, roles=[Role.INSPECTOR])


def unit_officers_of(feedback: Feedback) -> list[Holder]:
    """Who answers for the unit concerned: its officers and leaders (nearest level that has
    any, the unit itself first)."""
    return role_holders_nearest(unit=feedback.unit, roles=[Role.OFFICER, Role.LEADER], above=False)


def _route(unit: Unit) -> Unit:
    holders = role_holders_nearest(unit=unit, roles=[Role.INSPECTOR], above=True)
    if holders:
        return Unit.objects.get(pk=holders[0].unit_id)
    parent = parent_path(unit.path)
    if parent is None:
        raise ApplicationError(
            "Đơn vị này là cấp cao nhất: phản ánh về đơn vị cần gửi đến cơ quan cấp trên."
        )
    return Unit.objects.get(path=parent)


def recipients(holders: Iterable[Holder]) -> list[Any]:
    """Role holders as `notify` recipients (they carry `user_id` and `email`)."""
    return list(holders)


def _except(holders: Iterable[Holder], actor: Any) -> list[Holder]:
    return [h for h in holders if h.user_id != getattr(actor, "pk", None)]


def feedback_submit(
    *,
    actor: Any = None,
    unit: Unit,
    criterion: ConductCriterion | None,
    description: str,
    official_name: str = "",
    official_position: str = "",
    anonymous: bool = False,
    sender_name: str = "",
    sender_contact: str = "",
    sender_email: str = "",
    consent: bool,
    files: list[Any] | None = None,
) -> tuple[Feedback, str]:
    """Stores a citizen's feedback and returns it with its tracking code (shown once).
    Nothing is stored without consent or when any attachment is refused."""
    if not consent:
        raise ApplicationError(
            "Cần đồng ý cho phép xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP) trước khi gửi."
        )
    if not unit.is_active:
        raise ApplicationError("Đơn vị này không còn hoạt động.")
    description = description.strip()
    if len(description) < MIN_DESCRIPTION:
        raise ApplicationError(f"Nội dung phản ánh: cần ít nhất {MIN_DESCRIPTION} ký tự.")
    if len(description) > MAX_DESCRIPTION:
        raise ApplicationError(f"Nội dung phản ánh: tối đa {MAX_DESCRIPTION} ký tự.")
    if anonymous:
        sender_name = sender_contact = ""
    cleaned: list[CleanFile] = clean_attachments(list(files or []))
    handling = _route(unit)
    now = timezone.now()
    today = timezone.localdate()
    code = codes.new_code()
    while Feedback.objects.filter(code_digest=codes.digest(code)).exists():  # pragma: no cover
        code = codes.new_code()
    with transaction.atomic():
        feedback = Feedback(
            code_digest=codes.digest(code),
            unit=unit,
            handling_unit=handling,
            official_name=" ".join(official_name.split())[:200],
            official_position=" ".join(official_position.split())[:200],
            criterion=criterion,
            description=description,
            description_moderated=redact(description, names=[sender_name] if sender_name else []),
            anonymous=anonymous,
            sender_name=sender_name.strip()[:200],
            sender_contact=sender_contact.strip()[:200],
            sender_email=sender_email.strip(),
            consent_at=now,
            ack_due=today + datetime.timedelta(days=_days("FEEDBACK_ACK_DAYS", 3)),
            answer_due=today + datetime.timedelta(days=_days("FEEDBACK_ANSWER_DAYS", 30)),
        )
        feedback.full_clean()
        feedback._history_user = actor_user(actor)  # type: ignore[attr-defined]
        feedback.save()
        for clean in cleaned:
            attachment = FeedbackAttachment(
                feedback=feedback,
                name=clean.name,
                content_type=clean.content_type,
                size=len(clean.content),
            )
            attachment.file.save(clean.name, ContentFile(clean.content), save=False)
            attachment.save()
        notify(
            recipients=recipients(handlers_of(feedback)),
            event=f"feedback:{feedback.pk}:received",
            title=f"Phản ánh mới chờ tiếp nhận: {feedback.reference} về {unit.name}",
            body=(
                f"Có phản ánh mới về {unit.name}. Hạn tiếp nhận: "
                f"{feedback.ack_due:%d/%m/%Y}; hạn trả lời: {feedback.answer_due:%d/%m/%Y}."
            ),
            url=_url("feedback_detail", feedback.pk),
        )
        if feedback.sender_email:
            _mail_citizen(
                feedback.sender_email,
                "Mã theo dõi phản ánh của bạn",
                f"Cảm ơn bạn đã gửi phản ánh. Mã theo dõi: {codes.display(code)}\n"
                f"Tra cứu kết quả tại: {_site()}{reverse('feedback_public_status')}\n"
                "Hãy giữ mã này: vì an toàn, hệ thống không lưu lại mã để gửi lại.",
            )
    return feedback, code


def _site() -> str:
    return str(getattr(settings, "SITE_URL", "")).rstrip("/")


def _mail_citizen(to: str, subject: str, body: str) -> None:
    message = EmailMessage(subject=subject, body=body, to=[to])
    transaction.on_commit(lambda: get_connection(fail_silently=True).send_messages([message]))


def feedback_transition(*, actor: Any, obj: Feedback, to: str, reason: str = "") -> Feedback:
    """The one place that changes a feedback's status: checks the table and the actor's scope
    (404 outside it), stamps the time and records the change."""
    rule = TRANSITIONS.get((obj.status, to))
    if rule is None:
        raise ApplicationError(
            f"Không thể chuyển phản ánh từ “{obj.get_status_display()}” sang "
            f"“{FeedbackStatus(to).label}”."
        )
    action, where = rule
    if actor is not None:
        scoping.require(actor, action, obj.handling_unit if where == "handling" else obj.unit)
    now = timezone.now()
    obj.status = to
    fields = ["status"]
    if to == S.ACCEPTED and obj.acknowledged_at is None:
        obj.acknowledged_at = now
        obj.handled_by = actor_user(actor)
        fields += ["acknowledged_at", "handled_by"]
    if to == S.CONCLUDED:
        obj.concluded_at = now
        fields.append("concluded_at")
    if to in (S.PUBLISHED, S.DISMISSED):
        obj.published_at = now
        fields.append("published_at")
    obj._history_user = actor_user(actor)  # type: ignore[attr-defined]
    obj._change_reason = reason or f"Chuyển sang: {FeedbackStatus(to).label}"  # type: ignore[attr-defined]
    obj.save(update_fields=fields)
    return obj


def _require_handle(actor: Any, feedback: Feedback) -> None:
    scoping.require(actor, "feedback.handle", feedback.handling_unit)


@transaction.atomic
def feedback_accept(*, actor: Any, feedback: Feedback) -> Feedback:
    feedback_transition(actor=actor, obj=feedback, to=S.ACCEPTED)
    notify(
        recipients=recipients(_except(handlers_of(feedback), actor)),
        event=f"feedback:{feedback.pk}:accepted",
        title=f"Đã tiếp nhận phản ánh {feedback.reference} về {feedback.unit.name}",
        url=_url("feedback_detail", feedback.pk),
    )
    return feedback


@transaction.atomic
def feedback_dismiss(*, actor: Any, feedback: Feedback, reason: str) -> Feedback:
    """Not handled (abusive, unintelligible, duplicate): the reason is the public answer."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Lý do không thụ lý: cần nhập lý do (sẽ trả lời công khai).")
    _require_handle(actor, feedback)
    feedback.answer = reason
    feedback.answer_public = redact(reason, names=_names(feedback))
    feedback.save(update_fields=["answer", "answer_public"])
    return feedback_transition(actor=actor, obj=feedback, to=S.DISMISSED, reason=reason)


def _names(feedback: Feedback) -> list[str]:
    return [n for n in (feedback.sender_name,) if n]


@transaction.atomic
def feedback_moderate(*, actor: Any, feedback: Feedback, description_moderated: str) -> Feedback:
    """The handler's edited version of the description, which the unit and leaders see."""
    _require_handle(actor, feedback)
    text = description_moderated.strip()
    if not text:
        raise ApplicationError("Nội dung đã biên tập: không được để trống.")
    feedback.description_moderated = text
    feedback._history_user = actor_user(actor)  # type: ignore[attr-defined]
    feedback._change_reason = "Biên tập nội dung phản ánh"  # type: ignore[attr-defined]
    feedback.save(update_fields=["description_moderated"])
    return feedback


@transaction.atomic
def feedback_identify(*, actor: Any, feedback: Feedback, person: Person | None) -> Feedback:
    """Links the feedback to the official it is about (a person of the unit's subtree)."""
    _require_handle(actor, feedback)
    if person is not None and not person.unit.path.startswith(feedback.unit.path):
        raise ApplicationError(f"{person.full_name} không thuộc {feedback.unit.name}.")
    feedback.person = person
    feedback._history_user = actor_user(actor)  # type: ignore[attr-defined]
    feedback.save(update_fields=["person"])
    return feedback


@transaction.atomic
def feedback_request_explanation(
    *, actor: Any, feedback: Feedback, text: str, due: datetime.date | None = None
) -> FeedbackExplanation:
    text = text.strip()
    if not text:
        raise ApplicationError("Nội dung yêu cầu giải trình: cần nhập.")
    today = timezone.localdate()
    due = due or today + datetime.timedelta(days=_days("FEEDBACK_EXPLAIN_DAYS", 7))
    if due < today:
        raise ApplicationError("Hạn giải trình không được trước hôm nay.")
    feedback_transition(actor=actor, obj=feedback, to=S.EXPLAINING)
    explanation = FeedbackExplanation(
        feedback=feedback, request_text=text, requested_by=actor_user(actor), due=due
    )
    explanation.full_clean()
    explanation._history_user = actor_user(actor)  # type: ignore[attr-defined]
    explanation.save()
    notify(
        recipients=recipients(unit_officers_of(feedback)),
        event=f"feedback-explanation:{explanation.pk}:requested",
        title=f"Yêu cầu giải trình phản ánh {feedback.reference}",
        body=f"Đơn vị xử lý đề nghị {feedback.unit.name} giải trình trước {due:%d/%m/%Y}.",
        url=_url("feedback_explanation", explanation.pk),
    )
    return explanation


@transaction.atomic
def explanation_answer(
    *, actor: Any, explanation: FeedbackExplanation, text: str
) -> FeedbackExplanation:
    feedback = explanation.feedback
    scoping.require(actor, "feedback.explain", feedback.unit)
    if explanation.answered_at is not None:
        raise ApplicationError("Yêu cầu này đã được giải trình.")
    text = text.strip()
    if not text:
        raise ApplicationError("Nội dung giải trình: cần nhập.")
    explanation.answer_text = text
    explanation.answered_by = actor_user(actor)
    explanation.answered_at = timezone.now()
    explanation._history_user = actor_user(actor)  # type: ignore[attr-defined]
    explanation.save(update_fields=["answer_text", "answered_by", "answered_at"])
    if feedback.status == S.EXPLAINING:
        feedback_transition(actor=actor, obj=feedback, to=S.ACCEPTED, reason="Đơn vị đã giải trình")
    notify(
        recipients=recipients(handlers_of(feedback)),
        event=f"feedback-explanation:{explanation.pk}:answered",
        title=f"{feedback.unit.name} đã giải trình phản ánh {feedback.reference}",
        url=_url("feedback_detail", feedback.pk),
    )
    return explanation


@transaction.atomic
def feedback_conclude(
    *,
    actor: Any,
    feedback: Feedback,
    outcome: FeedbackOutcome | str,
    conclusion: str,
    transferred_to: str = "",
) -> Feedback:
    """The outcome is a reference row (or its code)."""
    if isinstance(outcome, str):
        found = FeedbackOutcome.objects.filter(code=outcome).first() if outcome else None
        if found is None:
            raise ApplicationError("Kết quả xử lý: cần chọn một kết quả.")
        outcome = found
    conclusion = conclusion.strip()
    if not conclusion:
        raise ApplicationError("Kết luận: cần nhập nội dung kết luận.")
    if outcome.needs_transfer and not transferred_to.strip():
        raise ApplicationError("Chuyển đến: cần ghi cơ quan có thẩm quyền nhận chuyển.")
    _require_handle(actor, feedback)
    feedback.outcome = outcome
    feedback.conclusion = conclusion
    feedback.transferred_to = transferred_to.strip()[:255]
    feedback.save(update_fields=["outcome", "conclusion", "transferred_to"])
    feedback_transition(actor=actor, obj=feedback, to=S.CONCLUDED)
    notify(
        recipients=recipients(_except(handlers_of(feedback), actor)),
        event=f"feedback:{feedback.pk}:concluded",
        title=f"Phản ánh {feedback.reference} đã có kết luận, chờ trả lời công khai",
        url=_url("feedback_detail", feedback.pk),
    )
    return feedback


@transaction.atomic
def feedback_publish(
    *, actor: Any, feedback: Feedback, answer: str, answer_public: str = ""
) -> Feedback:
    """Publishes the answer: `answer` is kept as written; the public version is the handler's
    edit or, by default, the answer with personal data and abusive words hidden."""
    answer = answer.strip()
    if not answer:
        raise ApplicationError("Nội dung trả lời: cần nhập.")
    _require_handle(actor, feedback)
    feedback.answer = answer
    feedback.answer_public = redact(answer_public.strip() or answer, names=_names(feedback))
    feedback.save(update_fields=["answer", "answer_public"])
    feedback_transition(actor=actor, obj=feedback, to=S.PUBLISHED)
    notify(
        recipients=recipients(unit_officers_of(feedback)),
        event=f"feedback:{feedback.pk}:published",
        title=f"Kết quả xử lý phản ánh {feedback.reference} về {feedback.unit.name}",
        body=f"Kết quả: {feedback.outcome}.",
        url=reverse("feedback_explain_list"),
    )
    if feedback.sender_email:
        _mail_citizen(
            feedback.sender_email,
            "Phản ánh của bạn đã có trả lời",
            "Phản ánh bạn gửi đã có trả lời. Nhập mã theo dõi tại: "
            f"{_site()}{reverse('feedback_public_status')}",
        )
    return feedback


@transaction.atomic
def feedback_follow_up_task(
    *,
    actor: Any,
    feedback: Feedback,
    rollout: Rollout,
    title: str,
    deadline: datetime.date,
) -> FeedbackFollowUp:
    """Opens a task for the unit concerned in a rollout covering it. The handler acts for the
    superior level (inspectors hold no "task.manage"), so the task is created by the system on
    the handler's behalf once the handler's own scope is checked; the follow-up records who."""
    _require_handle(actor, feedback)
    if feedback.status not in (S.CONCLUDED, S.PUBLISHED):
        raise ApplicationError("Chỉ giao nhiệm vụ sau khi đã kết luận phản ánh.")
    task: Task = task_create(
        actor=None,
        rollout=rollout,
        unit=feedback.unit,
        title=title,
        start=timezone.localdate(),
        deadline=deadline,
        description=f"Khắc phục theo kết luận phản ánh {feedback.reference}.",
    )
    follow_up = FeedbackFollowUp(
        feedback=feedback,
        kind=FollowUpKind.TASK,
        status=FollowUpStatus.OPENED,
        task=task,
        target_url=reverse("task_detail", args=[task.pk]),
        note=title,
        created_by=actor_user(actor),
    )
    follow_up._history_user = actor_user(actor)  # type: ignore[attr-defined]
    follow_up.save()
    notify(
        recipients=recipients(unit_officers_of(feedback)),
        event=f"feedback-followup:{follow_up.pk}:task",
        title=f"Nhiệm vụ khắc phục theo phản ánh {feedback.reference}: {task.title}",
        body=f"Thời hạn {deadline:%d/%m/%Y}.",
        url=follow_up.target_url,
    )
    return follow_up


SIGNS_KIND = "kiem-tra-dau-hieu"


@transaction.atomic
def feedback_open_inspection(
    *,
    actor: Any,
    feedback: Feedback,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    note: str = "",
) -> FeedbackFollowUp:
    """Opens an inspection "khi có dấu hiệu vi phạm" of the unit concerned by the handling
    committee, through the inspections service, with the feedback recorded as its origin (the
    inspection links back to it; the follow-up links forward). Only for feedback concluded as
    true at least in part, and once per feedback. The inspection names the feedback by its
    internal reference and criterion only: nothing of the sender reaches it."""
    _require_handle(actor, feedback)
    if feedback.status not in (S.CONCLUDED, S.PUBLISHED):
        raise ApplicationError("Chỉ mở cuộc kiểm tra sau khi đã kết luận phản ánh.")
    if feedback.outcome is None or not feedback.outcome.upheld:
        raise ApplicationError(
            "Chỉ mở cuộc kiểm tra khi có dấu hiệu vi phạm từ phản ánh được kết luận là đúng "
            "hoặc đúng một phần."
        )
    if feedback.follow_ups.filter(inspection__isnull=False).exists():
        raise ApplicationError(f"Đã mở cuộc kiểm tra từ phản ánh {feedback.reference}.")
    kind = InspectionKind.objects.filter(code=SIGNS_KIND).first()
    if kind is None:  # pragma: no cover - reference data loaded by migration
        raise ApplicationError("Thiếu loại “Kiểm tra khi có dấu hiệu vi phạm”.")
    criterion = feedback.criterion
    about = criterion.text if criterion is not None else "nội dung khác"
    inspection: Inspection = inspection_create(
        actor=actor,
        kind=kind,
        inspecting_unit=feedback.handling_unit,
        subject=feedback.unit,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        directive=criterion.directive if criterion is not None else None,
        criteria=[criterion] if criterion is not None else [],
        target_people=[feedback.person] if feedback.person is not None else [],
        content=note.strip(),
        origin=Origin.SIGNS,
        origin_note=f"Phản ánh {feedback.reference} của người dân ({about})"[:300],
        origin_object=feedback,
    )
    follow_up = FeedbackFollowUp(
        feedback=feedback,
        kind=FollowUpKind.INSPECTION,
        status=FollowUpStatus.OPENED,
        inspection=inspection,
        target_url=inspection.get_absolute_url(),
        note=inspection.title,
        created_by=actor_user(actor),
    )
    follow_up._history_user = actor_user(actor)  # type: ignore[attr-defined]
    follow_up.save()
    return follow_up


@transaction.atomic
def feedback_follow_up_record(
    *, actor: Any, feedback: Feedback, kind: str, note: str
) -> FeedbackFollowUp:
    """Records that a discipline case should be considered: a pending follow-up the
    inspection committee acts on (an inspection is opened for real by
    `feedback_open_inspection`)."""
    _require_handle(actor, feedback)
    if kind != FollowUpKind.DISCIPLINE:
        raise ApplicationError("Hình thức xử lý tiếp: không hợp lệ.")
    if feedback.status not in (S.CONCLUDED, S.PUBLISHED):
        raise ApplicationError("Chỉ đề xuất xem xét kỷ luật sau khi đã kết luận phản ánh.")
    follow_up = FeedbackFollowUp(
        feedback=feedback, kind=kind, note=note.strip(), created_by=actor_user(actor)
    )
    follow_up._history_user = actor_user(actor)  # type: ignore[attr-defined]
    follow_up.save()
    notify(
        recipients=recipients(handlers_of(feedback)),
        event=f"feedback-followup:{follow_up.pk}:{kind}",
        title=(
            f"Đề xuất {FollowUpKind(kind).label.lower()} từ phản ánh {feedback.reference} "
            f"về {feedback.unit.name}"
        ),
        url=_url("feedback_detail", feedback.pk),
    )
    return follow_up
