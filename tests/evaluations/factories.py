"""Helpers for evaluation tests: open a period on the test world, fill and push evaluations,
and register fact providers standing in for the inspections, feedback and emulation apps."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from apps.common import facts
from apps.common.facts import Fact, FactQuery
from apps.evaluations import services
from apps.evaluations.models import Evaluation, EvaluationPeriod, EvaluationPeriodKind, RuleSet
from apps.evaluations.rules import rules_for

PARTY = "366-qd-tw-2025"
STATE = "335-2025-nd-cp"
START = datetime.date(2024, 1, 1)
END = datetime.date(2024, 12, 31)


def open_period(world: Any, *, unit: Any = None, rule_set: str = PARTY) -> EvaluationPeriod:
    return services.period_open(
        actor=None,
        unit=unit or world.commune_a,
        kind=EvaluationPeriodKind.objects.get(code="nam"),
        rule_set=RuleSet.objects.get(code=rule_set),
        title="Đánh giá, xếp loại chất lượng năm 2024",
        start=START,
        end=END,
        self_due=datetime.date(2024, 12, 20),
    )


def evaluation_of(period: EvaluationPeriod, person: Any) -> Evaluation:
    return Evaluation.objects.get(period=period, person=person)


def fill(
    evaluation: Evaluation, points: tuple[Any, Any], *, actor: Any = None, proposed: str = ""
) -> Evaluation:
    rules = rules_for(evaluation.period.rule_set)
    groups = rules.groups[evaluation.subject_kind]
    scores = {
        g.id: (p, "Hoàn thành nhiệm vụ được giao") for g, p in zip(groups, points, strict=True)
    }
    return services.evaluation_self_save(
        actor=actor, evaluation=evaluation, scores=scores, summary="Ưu điểm…", proposed=proposed
    )


def civil_servant(person: Any) -> Any:
    """Makes `person` a party member who is a civil servant (the residence cell's opinion is
    then asked for under Quy định 366's rule set)."""
    from apps.people.models import PersonCategory

    person.category_mask = sum(
        c.mask for c in PersonCategory.objects.filter(code__in=["dang-vien", "cong-chuc"])
    )
    person.save(update_fields=["category_mask"])
    return person


def comment(evaluation: Evaluation, actor: Any = None) -> Evaluation:
    """The cell's comment, then the residence cell's opinion where the rules ask for it."""
    evaluation.refresh_from_db()
    if services.needs_residence(evaluation):
        services.evaluation_transition(
            actor=actor, evaluation=evaluation, to="residence", comment="Đồng ý"
        )
        return services.evaluation_transition(
            actor=actor, evaluation=evaluation, to="commented",
            residence_opinion="Gương mẫu ở nơi cư trú",
        )  # fmt: skip
    return services.evaluation_transition(
        actor=actor, evaluation=evaluation, to="commented", comment="Đồng ý"
    )


def push_to_proposed(
    evaluation: Evaluation, points: tuple[Any, Any], level: str = ""
) -> Evaluation:
    """Fills, submits, comments and proposes as the system (actor=None)."""
    fill(evaluation, points)
    services.evaluation_transition(actor=None, evaluation=evaluation, to="submitted")
    if evaluation.subject_kind == "person":
        comment(evaluation)
    return services.evaluation_transition(
        actor=None, evaluation=evaluation, to="proposed", comment="Nhận xét", level=level
    )


def discipline(
    person_id: int, code: str, label: str, day: datetime.date = datetime.date(2024, 6, 1)
) -> Fact:
    return Fact(kind="discipline", subject_kind="person", subject_id=person_id, unit_id=0,
                date=day, code=code, label=label)  # fmt: skip


@pytest.fixture
def fact_sources(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, list[Fact]], None]:
    """`fact_sources("discipline", [fact, …])` registers a provider that honours ids and dates."""

    def add(kind: str, rows: list[Fact]) -> None:
        def provider(query: FactQuery) -> list[Fact]:
            return [
                f
                for f in rows
                if f.subject_kind == query.subject_kind
                and (query.ids is None or f.subject_id in query.ids)
                and (query.start is None or f.date >= query.start)
                and (query.end is None or f.date <= query.end)
            ]

        monkeypatch.setitem(facts._providers, kind, [provider])

    return add
