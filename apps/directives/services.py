"""Writes to directives: the directive with its ordered key tasks, conduct criteria, deadlines
and quiz, and its attachments. Every write is atomic, validated and recorded in the history
(with the actor as history user)."""

import datetime
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction

from apps.access import scoping
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.types import Actor
from apps.directives import hooks
from apps.directives.enums import Polarity
from apps.directives.models import (
    ConductCriterion,
    Directive,
    DirectiveAttachment,
    DirectiveDeadline,
    DirectiveKind,
    KeyTask,
    QuizChoice,
    QuizQuestion,
)
from apps.org.models import Unit

ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = {".pdf": "PDF", ".docx": "Word (.docx)"}


@dataclass(frozen=True)
class DeadlineSpec:
    name: str
    date: datetime.date


@dataclass(frozen=True)
class ChoiceSpec:
    text: str
    is_correct: bool = False


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    choices: list[ChoiceSpec] = field(default_factory=list)


@dataclass(frozen=True)
class DirectiveContent:
    """Everything an officer types for a directive (the form's cleaned data)."""

    kind: DirectiveKind
    number: str
    issuer: Unit
    issued_on: datetime.date
    title: str
    symbol: str = ""
    issuer_name: str = ""
    body: str = ""
    key_tasks: list[str] = field(default_factory=list)
    dos: list[str] = field(default_factory=list)
    donts: list[str] = field(default_factory=list)
    deadlines: list[DeadlineSpec] = field(default_factory=list)
    questions: list[QuestionSpec] = field(default_factory=list)


def _clean_items(items: Sequence[str]) -> list[str]:
    return [" ".join(item.split()) for item in items if item.strip()]


def _validate_content(content: DirectiveContent) -> None:
    errors: list[str] = []
    for number, deadline in enumerate(content.deadlines, start=1):
        if not deadline.name.strip():
            errors.append(f"Thời hạn thứ {number}: thiếu tên mốc.")
        elif len(deadline.name.strip()) > 200:
            errors.append(f"Thời hạn thứ {number}: tên mốc dài quá 200 ký tự.")
    for number, question in enumerate(content.questions, start=1):
        choices = [c for c in question.choices if c.text.strip()]
        if not question.text.strip():
            errors.append(f"Câu hỏi {number}: thiếu nội dung câu hỏi.")
        if len(choices) < 2:
            errors.append(f"Câu hỏi {number}: cần ít nhất 2 phương án trả lời.")
        correct = sum(1 for c in choices if c.is_correct)
        if correct != 1:
            errors.append(f"Câu hỏi {number}: phải có đúng một phương án đúng (đang có {correct}).")
        for c in choices:
            if len(c.text.strip()) > 500:
                errors.append(f"Câu hỏi {number}: phương án dài quá 500 ký tự.")
    if errors:
        raise ApplicationError(" ".join(errors))


def _apply_fields(directive: Directive, content: DirectiveContent) -> None:
    directive.kind = content.kind
    directive.number = content.number.strip()
    directive.symbol = content.symbol.strip()
    directive.issuer = content.issuer
    directive.issuer_name = " ".join(content.issuer_name.split())
    directive.issued_on = content.issued_on
    directive.title = " ".join(content.title.split())
    directive.body = content.body.strip()
    directive.refresh_computed()
    try:
        directive.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        messages = [f"{_label(name)}: {' '.join(errs)}" for name, errs in exc.message_dict.items()]
        raise ApplicationError(" ".join(messages)) from exc


def _label(name: str) -> str:
    try:
        field: Any = Directive._meta.get_field(name)
        return str(field.verbose_name).capitalize()
    except Exception:
        return name


def _sync_rows(
    existing: list[Any], wanted: list[dict[str, Any]], create: Any, fields: list[str]
) -> list[Any]:
    """Updates rows in place by position (keeping their ids, which quiz answers and signed
    commitments refer to), creates the missing ones and deletes the extra ones."""
    kept = []
    for position, values in enumerate(wanted):
        if position < len(existing):
            row = existing[position]
            if any(getattr(row, f) != values[f] for f in fields):
                for f in fields:
                    setattr(row, f, values[f])
                row.save(update_fields=fields)
        else:
            row = create(**values)
        kept.append(row)
    for row in existing[len(wanted) :]:
        row.delete()
    return kept


def _write_children(directive: Directive, content: DirectiveContent) -> None:
    _sync_rows(
        list(directive.key_tasks.order_by("order", "pk")),
        [{"order": i, "text": t} for i, t in enumerate(_clean_items(content.key_tasks), 1)],
        lambda **v: KeyTask.objects.create(directive=directive, **v),
        ["order", "text"],
    )
    for polarity, items in ((Polarity.DO, content.dos), (Polarity.AVOID, content.donts)):
        _sync_rows(
            list(directive.criteria.filter(polarity=polarity).order_by("order", "pk")),
            [{"order": i, "text": t} for i, t in enumerate(_clean_items(items), 1)],
            lambda p=polarity, **v: ConductCriterion.objects.create(
                directive=directive, polarity=p, **v
            ),
            ["order", "text"],
        )
    _sync_rows(
        list(directive.deadlines.order_by("date", "pk")),
        [
            {"name": " ".join(d.name.split()), "date": d.date}
            for d in sorted(content.deadlines, key=lambda d: d.date)
        ],
        lambda **v: DirectiveDeadline.objects.create(directive=directive, **v),
        ["name", "date"],
    )
    questions = _sync_rows(
        list(directive.questions.order_by("order", "pk")),
        [
            {"order": i, "text": " ".join(q.text.split())}
            for i, q in enumerate(content.questions, 1)
        ],
        lambda **v: QuizQuestion.objects.create(directive=directive, **v),
        ["order", "text"],
    )
    for question, spec in zip(questions, content.questions, strict=True):
        _sync_rows(
            list(question.choices.order_by("order", "pk")),
            [
                {"order": i, "text": " ".join(c.text.split()), "is_correct": c.is_correct}
                for i, c in enumerate([c for c in spec.choices if c.text.strip()], 1)
            ],
            lambda q=question, **v: QuizChoice.objects.create(question=q, **v),
            ["order", "text", "is_correct"],
        )


def _check_shrink(directive: Directive, content: DirectiveContent) -> None:
    """Criteria and questions that people already signed or answered may be reworded, not
    removed: the rollout app's registered guard refuses (directives.hooks)."""
    hooks.check_content(
        directive=directive,
        dos=len(_clean_items(content.dos)),
        donts=len(_clean_items(content.donts)),
        questions=len(content.questions),
    )


@transaction.atomic
def directive_create(*, actor: Actor, content: DirectiveContent) -> Directive:
    """Creates a directive with its ordered tasks, criteria, deadlines and quiz."""
    if actor is not None:
        scoping.require(actor, "directive.manage", content.issuer)
    _validate_content(content)
    directive = Directive(created_by=actor_user(actor))
    _apply_fields(directive, content)
    directive._history_user = actor_user(actor)  # type: ignore[attr-defined]
    directive.save()
    _write_children(directive, content)
    return directive


@transaction.atomic
def directive_update(*, actor: Actor, directive: Directive, content: DirectiveContent) -> Directive:
    """Edits a directive; the actor must manage both its current and its new issuing unit."""
    if actor is not None:
        scoping.require(actor, "directive.manage", directive.issuer)
        scoping.require(actor, "directive.manage", content.issuer)
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _validate_content(content)
    _check_shrink(directive, content)
    _apply_fields(directive, content)
    directive._history_user = actor_user(actor)  # type: ignore[attr-defined]
    directive._change_reason = "Sửa nội dung chỉ thị"  # type: ignore[attr-defined]
    directive.save()
    _write_children(directive, content)
    return directive


def _sniff(head: bytes, stream: IO[bytes]) -> str | None:
    """The real type of an uploaded file from its first bytes: '.pdf', '.docx' or None."""
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        stream.seek(0)
        try:
            with zipfile.ZipFile(stream) as archive:
                if "word/document.xml" in archive.namelist():
                    return ".docx"
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
    return None


@transaction.atomic
def directive_attachment_add(
    *, actor: Actor, directive: Directive, file: File, name: str | None = None
) -> DirectiveAttachment:
    """Attaches a .pdf or .docx whose content really is of that type (checked by its bytes)."""
    if actor is not None:
        scoping.require(actor, "directive.manage", directive.issuer)
    filename = (name or file.name or "tệp").replace("\\", "/").rsplit("/", 1)[-1].strip()
    ext = ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""
    if ext not in ATTACHMENT_TYPES:
        raise ApplicationError(f"Tệp “{filename}”: chỉ nhận tệp PDF (.pdf) hoặc Word (.docx).")
    size = file.size or 0
    if size > ATTACHMENT_MAX_BYTES:
        raise ApplicationError(
            f"Tệp “{filename}” nặng {size / 1024 / 1024:.1f} MB, vượt giới hạn 20 MB."
        )
    if size == 0:
        raise ApplicationError(f"Tệp “{filename}” rỗng.")
    file.seek(0)
    head = file.read(8)
    real = _sniff(head, file)
    file.seek(0)
    if real != ext:
        raise ApplicationError(
            f"Tệp “{filename}” không phải là tệp {ATTACHMENT_TYPES[ext]} thật: nội dung của tệp "
            f"không đúng định dạng mà tên tệp khai báo. Hãy tải lên đúng tệp gốc."
        )
    attachment = DirectiveAttachment(directive=directive, name=filename[:200])
    attachment.file.save(filename, file, save=False)
    try:
        attachment.full_clean()
    except ValidationError as exc:
        attachment.file.delete(save=False)
        raise ApplicationError(f"Tệp “{filename}” không hợp lệ.") from exc
    attachment.save()
    # Records who attached what, when, in the directive's own history.
    directive._history_user = actor_user(actor)  # type: ignore[attr-defined]
    directive._change_reason = f"Đính kèm tệp “{filename[:150]}”"  # type: ignore[attr-defined]
    directive.save()
    return attachment
