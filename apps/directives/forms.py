"""Directive forms. Lists (key tasks, criteria, deadlines, quiz) are typed one item per line
in text areas: quick to fill, order kept as typed, easy to paste from a Word file."""

import datetime
import re
from typing import Any

from django import forms

from apps.common.dates import vn_date_field
from apps.common.types import Actor
from apps.directives import selectors
from apps.directives.models import Directive, DirectiveKind
from apps.directives.services import ChoiceSpec, DeadlineSpec, DirectiveContent, QuestionSpec
from apps.org.models import Unit

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
_DEADLINE_LINE = re.compile(
    r"^\s*(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})\s*[—–:|-]?\s*(?P<name>.*)$"
)


def date_field(label: str, **kwargs: Any) -> forms.DateField:
    """dd/mm/yyyy as the app shows dates (apps.common.dates), not the browser's locale."""
    return vn_date_field(label, **kwargs)


class UnitChoiceField(forms.ModelChoiceField):
    """Units indented by their depth, so the tree shows in a plain select."""

    def label_from_instance(self, obj: Unit) -> str:
        return f"{'— ' * max(obj.depth - self.base_depth, 0)}{obj.name}"

    base_depth = 1


def _lines(value: str) -> list[str]:
    return [" ".join(line.split()) for line in value.splitlines() if line.strip()]


def _lines_field(label: str, help_text: str, rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def parse_deadlines(value: str) -> list[DeadlineSpec]:
    specs: list[DeadlineSpec] = []
    errors: list[str] = []
    for number, line in enumerate(value.splitlines(), start=1):
        if not line.strip():
            continue
        match = _DEADLINE_LINE.match(line)
        date = None
        if match:
            try:
                date = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                date = None
        if match is None or date is None:
            errors.append(
                f"Dòng {number}: “{line.strip()[:60]}” — hãy ghi ngày dạng dd/mm/yyyy rồi tên "
                f"mốc, ví dụ “31/05/2024 — Hoàn thành quán triệt”."
            )
            continue
        name = match["name"].strip()
        if not name:
            errors.append(f"Dòng {number}: thiếu tên mốc thời hạn sau ngày.")
            continue
        specs.append(DeadlineSpec(name=name, date=date))
    if errors:
        raise forms.ValidationError(errors)
    return specs


def parse_questions(value: str) -> list[QuestionSpec]:
    """Blocks separated by a blank line: the question, then one choice per line starting with
    "*" (the correct one) or "-"."""
    questions: list[QuestionSpec] = []
    errors: list[str] = []
    blocks = [b for b in re.split(r"\n\s*\n", value.replace("\r\n", "\n")) if b.strip()]
    for number, block in enumerate(blocks, start=1):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        text, choices = lines[0], []
        if text[:1] in "*-":
            errors.append(f"Câu hỏi {number}: dòng đầu phải là câu hỏi, không phải phương án.")
            continue
        for line in lines[1:]:
            if line[:1] not in "*-":
                errors.append(
                    f"Câu hỏi {number}: dòng “{line[:50]}” phải bắt đầu bằng “*” (phương án "
                    f"đúng) hoặc “-” (phương án sai)."
                )
                continue
            choices.append(ChoiceSpec(text=line[1:].strip(), is_correct=line[0] == "*"))
        correct = sum(1 for c in choices if c.is_correct)
        if len(choices) < 2:
            errors.append(f"Câu hỏi {number}: cần ít nhất 2 phương án.")
        elif correct != 1:
            errors.append(f"Câu hỏi {number}: phải đánh dấu “*” đúng một phương án đúng.")
        questions.append(QuestionSpec(text=text, choices=choices))
    if errors:
        raise forms.ValidationError(errors)
    return questions


def format_questions(directive: Directive) -> str:
    blocks = []
    for q in directive.questions.order_by("order", "pk").prefetch_related("choices"):
        lines = [q.text]
        for c in sorted(q.choices.all(), key=lambda c: (c.order, c.pk)):
            lines.append(f"{'*' if c.is_correct else '-'} {c.text}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


class DirectiveFilterForm(forms.Form):
    q = forms.CharField(label="Tìm theo số, ký hiệu, trích yếu", required=False)
    kind = forms.ModelChoiceField(
        label="Loại văn bản",
        queryset=DirectiveKind.objects.all(),
        required=False,
        empty_label="Tất cả",
    )


class DirectiveForm(forms.Form):
    kind = forms.ModelChoiceField(
        label="Loại văn bản", queryset=DirectiveKind.objects.all(), empty_label=None
    )
    number = forms.CharField(label="Số", max_length=20, help_text="Ví dụ: 34")
    symbol = forms.CharField(
        label="Số, ký hiệu", max_length=60, required=False, help_text="Ví dụ: 34-CT/TU"
    )
    issuer = UnitChoiceField(label="Cơ quan ban hành", queryset=Unit.objects.none())
    issuer_name = forms.CharField(
        label="Tên cơ quan ban hành (như ghi trên văn bản)",
        max_length=200,
        required=False,
        help_text="Ví dụ: Ban Thường vụ Tỉnh ủy",
    )
    issued_on = date_field("Ngày ban hành")
    title = forms.CharField(
        label="Trích yếu", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label="Toàn văn", required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    key_tasks = _lines_field("Nhiệm vụ trọng tâm", "Mỗi dòng một nhiệm vụ, theo thứ tự.")
    dos = _lines_field("Điều cần làm", "Mỗi dòng một điều, theo thứ tự.", rows=4)
    donts = _lines_field("Điều cần tránh", "Mỗi dòng một điều, theo thứ tự.", rows=4)
    deadlines = _lines_field(
        "Thời hạn",
        "Mỗi dòng một mốc: ngày (dd/mm/yyyy) rồi tên mốc, ví dụ “31/05/2024 — Hoàn thành "
        "quán triệt, học tập”.",
        rows=3,
    )
    questions = _lines_field(
        "Câu hỏi kiểm tra (học bù)",
        "Mỗi câu hỏi một đoạn, các đoạn cách nhau một dòng trống: dòng đầu là câu hỏi, mỗi "
        "dòng sau là một phương án, bắt đầu bằng “*” cho phương án đúng, “-” cho phương án sai.",
        rows=8,
    )

    def __init__(self, *args: Any, actor: Actor, current_issuer: Unit | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        queryset = selectors.issuer_choices(actor=actor)
        if current_issuer is not None:
            queryset = (queryset | Unit.objects.filter(pk=current_issuer.pk)).order_by("path")
        field: Any = self.fields["issuer"]
        field.queryset = queryset
        depths = [u.depth for u in queryset[:1]]
        field.base_depth = depths[0] if depths else 1

    def clean_deadlines(self) -> list[DeadlineSpec]:
        return parse_deadlines(self.cleaned_data["deadlines"])

    def clean_questions(self) -> list[QuestionSpec]:
        return parse_questions(self.cleaned_data["questions"])

    def content(self) -> DirectiveContent:
        data = self.cleaned_data
        return DirectiveContent(
            kind=data["kind"],
            number=data["number"],
            symbol=data["symbol"],
            issuer=data["issuer"],
            issuer_name=data["issuer_name"],
            issued_on=data["issued_on"],
            title=data["title"],
            body=data["body"],
            key_tasks=_lines(data["key_tasks"]),
            dos=_lines(data["dos"]),
            donts=_lines(data["donts"]),
            deadlines=data["deadlines"],
            questions=data["questions"],
        )

    @staticmethod
    def initial_for(directive: Directive) -> dict[str, Any]:
        criteria = list(directive.criteria.order_by("order", "pk"))
        return {
            "kind": directive.kind_id,
            "number": directive.number,
            "symbol": directive.symbol,
            "issuer": directive.issuer_id,
            "issuer_name": directive.issuer_name,
            "issued_on": directive.issued_on,
            "title": directive.title,
            "body": directive.body,
            "key_tasks": "\n".join(t.text for t in directive.key_tasks.order_by("order", "pk")),
            "dos": "\n".join(c.text for c in criteria if c.polarity == "do"),
            "donts": "\n".join(c.text for c in criteria if c.polarity == "avoid"),
            "deadlines": "\n".join(
                f"{d.date:%d/%m/%Y} — {d.name}" for d in directive.deadlines.order_by("date", "pk")
            ),
            "questions": format_questions(directive),
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Tệp đính kèm (.pdf, .docx, tối đa 20 MB)",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )


class IngestForm(forms.Form):
    text = forms.CharField(
        label="Dán văn bản",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    file = forms.FileField(
        label="hoặc tải tệp (.txt, .docx, .pdf)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError("Hãy dán nội dung văn bản hoặc chọn một tệp.")
        return data
