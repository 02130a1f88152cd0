"""Make-up study (read, quiz) and the personal commitment, by the member themself."""

from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.common.types import Actor
from apps.directives.enums import Polarity
from apps.directives.models import ConductCriterion, QuizQuestion
from apps.rollout.enums import StudyKind
from apps.rollout.models import Participant, StudyRecord
from apps.rollout.services.deadlines import DeadlineBook
from apps.rollout.services.participants import lock_stats, refresh_done, stats_recompute


def _own(actor: Actor, participant: Participant) -> Participant:
    user_id = participant.person.user_id
    if user_id is None or user_id != getattr(actor, "pk", None):
        # Someone else's study record: behave as if it did not exist.
        raise Http404
    return participant


def _finish(participant: Participant) -> None:
    refresh_done(participant.rollout, Participant.objects.filter(pk=participant.pk))
    stats_recompute(participant.rollout_id, [participant.unit_id])


@transaction.atomic
def study_read(*, actor: Actor, participant: Participant) -> Participant:
    """Records that the member opened and read the directive's full text."""
    participant = _own(actor, participant)
    if participant.read_at is None:
        now = timezone.now()
        # Conditional update: two tabs opening the text at once record one reading.
        if Participant.objects.filter(pk=participant.pk, read_at__isnull=True).update(read_at=now):
            StudyRecord.objects.create(participant=participant, kind=StudyKind.READ, created_at=now)
            participant.read_at = now
        else:
            participant.refresh_from_db(fields=["read_at"])
    return participant


@transaction.atomic
def quiz_submit(*, actor: Actor, participant: Participant, answers: dict[int, int]) -> StudyRecord:
    """Grades a make-up quiz attempt; passing marks the make-up study as done."""
    participant = _own(actor, participant)
    lock_stats(participant.rollout_id, [participant.unit_id])
    participant = Participant.objects.select_related("rollout", "unit").get(pk=participant.pk)
    rollout = participant.rollout
    if participant.done:
        raise ApplicationError("Bạn đã hoàn thành đợt quán triệt này, không cần làm bài nữa.")
    if participant.attended or participant.makeup_passed:
        raise ApplicationError("Bạn đã dự hội nghị hoặc đã học bù đạt, không cần làm bài nữa.")
    if participant.exempt:
        raise ApplicationError("Bạn được miễn trong đợt này.")
    due = DeadlineBook(rollout).for_unit(participant.unit).dissemination
    if timezone.localdate() > due:
        raise ApplicationError(
            f"Đã quá hạn học tập ({due:%d/%m/%Y}); liên hệ cán bộ phụ trách để được hướng dẫn."
        )
    if participant.read_at is None:
        raise ApplicationError("Hãy đọc toàn văn chỉ thị trước khi làm bài kiểm tra.")
    attempts = participant.study_records.filter(kind=StudyKind.QUIZ).count()
    if attempts >= rollout.quiz_max_attempts:
        raise ApplicationError(
            f"Bạn đã làm bài {attempts} lần, hết số lần cho phép ({rollout.quiz_max_attempts})."
        )
    questions = list(
        QuizQuestion.objects.filter(directive_id=rollout.directive_id).prefetch_related("choices")
    )
    if not questions:
        raise ApplicationError("Chỉ thị này chưa có câu hỏi kiểm tra.")
    correct = 0
    missing = []
    for number, question in enumerate(questions, start=1):
        choice_id = answers.get(question.pk)
        choices = {c.pk: c for c in question.choices.all()}
        if choice_id is None or choice_id not in choices:
            missing.append(str(number))
            continue
        if choices[choice_id].is_correct:
            correct += 1
    if missing:
        raise ApplicationError(f"Chưa trả lời câu: {', '.join(missing)}.")
    score = round(100 * correct / len(questions))
    passed = score >= rollout.quiz_pass_percent
    record = StudyRecord.objects.create(
        participant=participant,
        kind=StudyKind.QUIZ,
        created_at=timezone.now(),
        score=score,
        passed=passed,
        answers={str(k): v for k, v in answers.items()},
    )
    if passed:
        Participant.objects.filter(pk=participant.pk).update(makeup_passed=True)
        _finish(participant)
    return record


def commitment_criteria(directive_id: int) -> list[ConductCriterion]:
    """The criteria a commitment confirms, things to do first, then things to avoid."""
    rank: dict[str, int] = {Polarity.DO.value: 0, Polarity.AVOID.value: 1}
    return sorted(
        ConductCriterion.objects.filter(directive_id=directive_id),
        key=lambda c: (rank.get(c.polarity, 2), c.order, c.pk),
    )


@transaction.atomic
def commitment_sign(*, actor: Actor, participant: Participant, confirmed: list[int]) -> StudyRecord:
    """Signs the personal commitment: every conduct criterion confirmed; cannot change after."""
    participant = _own(actor, participant)
    lock_stats(participant.rollout_id, [participant.unit_id])
    participant = Participant.objects.select_related("rollout").get(pk=participant.pk)
    if not participant.rollout.requires_commitment:
        raise ApplicationError("Đợt triển khai này không yêu cầu ký bản cam kết.")
    if participant.commitment_signed:
        raise ApplicationError("Bạn đã ký bản cam kết; bản cam kết không thể thay đổi.")
    criteria = commitment_criteria(participant.rollout.directive_id)
    chosen = set(confirmed)
    missing = [c for c in criteria if c.pk not in chosen]
    if missing:
        raise ApplicationError(
            "Hãy xác nhận đủ các điều cam kết; còn thiếu: "
            + "; ".join(f"“{c.text}”" for c in missing)
            + "."
        )
    try:
        with transaction.atomic():
            record = StudyRecord.objects.create(
                participant=participant,
                kind=StudyKind.COMMITMENT,
                created_at=timezone.now(),
                criteria=[
                    {"id": c.pk, "polarity": c.get_polarity_display(), "text": c.text}
                    for c in criteria
                ],
            )
    except IntegrityError as exc:
        raise ApplicationError("Bạn đã ký bản cam kết; bản cam kết không thể thay đổi.") from exc
    Participant.objects.filter(pk=participant.pk).update(commitment_signed=True)
    _finish(participant)
    return record


def directive_content_guard(*, directive: Any, dos: int, donts: int, questions: int) -> None:
    """Registered with directives.hooks: criteria and questions that people already signed or
    answered may be reworded, not removed (the commitments and graded attempts refer to them)."""
    records = StudyRecord.objects.filter(participant__rollout__directive=directive)
    if records.filter(kind=StudyKind.COMMITMENT).exists():
        for polarity, count in ((Polarity.DO, dos), (Polarity.AVOID, donts)):
            if count < directive.criteria.filter(polarity=polarity).count():
                raise ApplicationError(
                    f"Đã có người ký bản cam kết theo chỉ thị này: không thể bớt "
                    f"“{polarity.label.lower()}” (chỉ được sửa câu chữ hoặc thêm)."
                )
    if records.filter(kind=StudyKind.QUIZ).exists() and questions < directive.questions.count():
        raise ApplicationError(
            "Đã có người làm bài kiểm tra theo chỉ thị này: không thể bớt câu hỏi "
            "(chỉ được sửa câu chữ hoặc thêm)."
        )
