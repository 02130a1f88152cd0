import datetime

from apps.demo.rollout import DONTS, DOS
from apps.directives.enums import Polarity
from apps.directives.models import (
    ConductCriterion,
    Directive,
    DirectiveKind,
    KeyTask,
    QuizChoice,
    QuizQuestion,
)
from apps.org.models import Unit
from apps.rollout.models import Rollout
from apps.rollout.services.participants import rollout_launch


def make_directive(issuer: Unit, *, questions: int = 2) -> Directive:
    directive = Directive.objects.create(
        kind=DirectiveKind.objects.get(code="chi-thi"),
        number="34",
        symbol="34-CT/TU",
        issuer=issuer,
        issuer_name="Ban Thường vụ Tỉnh ủy",
        issued_on=datetime.date(2024, 4, 20),
        title="Phát huy tinh thần trách nhiệm, sự năng động, sáng tạo, dám nghĩ, dám làm",
        body="Toàn văn chỉ thị…",
    )
    for i, text in enumerate(DOS, start=1):
        ConductCriterion.objects.create(
            directive=directive, order=i, polarity=Polarity.DO, text=text
        )
    for i, text in enumerate(DONTS, start=1):
        ConductCriterion.objects.create(
            directive=directive, order=i, polarity=Polarity.AVOID, text=text
        )
    KeyTask.objects.create(directive=directive, order=1, text="Quán triệt đến mọi cán bộ")
    for q in range(1, questions + 1):
        question = QuizQuestion.objects.create(directive=directive, order=q, text=f"Câu hỏi {q}?")
        QuizChoice.objects.create(question=question, order=1, text="Đúng", is_correct=True)
        QuizChoice.objects.create(question=question, order=2, text="Sai", is_correct=False)
    return directive


def make_rollout(world, **kwargs) -> Rollout:
    directive = make_directive(world.root)
    params = {
        "actor": None,
        "directive": directive,
        "unit": world.root,
        "title": "Quán triệt Chỉ thị 34-CT/TU",
        "starts_on": datetime.date(2026, 11, 1),
        "dissemination_due": datetime.date(2026, 12, 31),
        "plan_due": datetime.date(2026, 12, 31),
    }
    params.update(kwargs)
    return rollout_launch(**params)
