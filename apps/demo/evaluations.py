"""Demo: this year's annual review (Quy định 366-QĐ/TW) of Phường Xuân Hương - Đà Lạt, in
progress, dated like the rollout demo (around the day the demo is loaded).

- `dangvien` has a self-assessment to fill (draft); the others of their cell have submitted.
- One cell is finished: self-assessments, the cell's comments, the residence cell's opinion (a
  step of its own, for the party members the rule set names: civil servants, public employees,
  workers), the head's proposals, then the ward committee's decision — first refused by the quota (kept in the
  decision history with its numbers), then adjusted and decided.
- Another cell has submitted, two self-assessments returned with a comment, some commented, and
  those who need it waiting for the residence cell's opinion.
- Two cells' own (unit) self-assessments submitted, one proposed.
Deterministic (seeded); the steps are taken by the demo accounts through the services.
"""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.evaluations import services
from apps.evaluations.models import Evaluation, EvaluationPeriod, EvaluationPeriodKind, RuleSet
from apps.evaluations.rules import rules_for
from apps.org.models import Unit

COMMUNE_CODE = "X24781"  # Phường Xuân Hương - Đà Lạt (apps.demo.org.DEMO_COMMUNE)
TITLE = "Đánh giá, xếp loại chất lượng năm"  # + the year


def review_dates(today: datetime.date) -> tuple[datetime.date, datetime.date, datetime.date]:
    """This year's annual review: 1 January – 31 December, self-assessments due on 20 December
    (a week from today when the demo is loaded later than mid-December)."""
    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    due = datetime.date(today.year, 12, 20)
    if due < today + datetime.timedelta(days=7):
        due = today + datetime.timedelta(days=7)
    return start, end, due


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _fill(evaluation: Evaluation, general: Decimal, results: Decimal, actor: Any) -> None:
    rules = rules_for(evaluation.period.rule_set)
    groups = rules.groups[evaluation.subject_kind]
    notes = (
        "Giữ vững phẩm chất chính trị, đạo đức, lối sống; gương mẫu thực hiện “3 điều cần làm, "
        "4 điều cần tránh” theo Chỉ thị 34-CT/TU.",
        "Hoàn thành các nhiệm vụ được giao đúng tiến độ; tham gia đầy đủ sinh hoạt chi bộ.",
    )
    scores = {g.id: (p, n) for g, p, n in zip(groups, (general, results), notes, strict=True)}
    services.evaluation_self_save(
        actor=actor,
        evaluation=evaluation,
        scores=scores,
        summary="Ưu điểm: chấp hành tốt chủ trương, nghị quyết. Khuyết điểm: có lúc chưa chủ "
        "động nghiên cứu tài liệu. Hướng khắc phục: dành thời gian tự học tập.",
    )


def _points(rng: random.Random, high: bool = False) -> tuple[Decimal, Decimal]:
    if high:
        return Decimal(rng.choice(("28", "29", "29.5", "30"))), Decimal(
            rng.choice(("63", "64", "65.5"))
        )
    general = Decimal(rng.randint(220, 290)) / 10
    results = Decimal(rng.randint(440, 600)) / 10
    return general, results


@transaction.atomic
def load_evaluations_demo(
    *, seed: int = 34, today: datetime.date | None = None
) -> EvaluationPeriod | None:
    commune = Unit.objects.filter(code=COMMUNE_CODE).first()
    if commune is None:
        return None
    existing = EvaluationPeriod.objects.filter(unit=commune, title__startswith=TITLE).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    start, end, due = review_dates(today)
    rng = random.Random(seed)
    officer, leader = _user("canbo.xa"), _user("lanhdao.xa")
    member = _user("dangvien")
    period = services.period_open(
        actor=officer,
        unit=commune,
        kind=EvaluationPeriodKind.objects.get(code="nam"),
        rule_set=RuleSet.objects.get(code="366-qd-tw-2025"),
        title=f"{TITLE} {today.year}",
        start=start,
        end=end,
        self_due=due,
    )
    cells = list(
        Unit.objects.filter(path__startswith=commune.path, depth=commune.depth + 1).order_by("code")
    )
    member_cell = None
    if member is not None and hasattr(member, "person"):
        member_cell = member.person.unit_id
    people = {
        c.pk: list(
            period.evaluations.filter(subject_kind="person", unit=c).order_by("person__code")
        )
        for c in cells
    }
    # The busiest cells first (ties by code), so the demo shows enough people at any size;
    # a cell of at least four with someone who needs the residence cell's opinion goes first.
    residence = {c.pk: any(services.needs_residence(e) for e in people[c.pk]) for c in cells}
    others = sorted(
        (c for c in cells if c.pk != member_cell and people[c.pk]),
        key=lambda c: (
            not (residence[c.pk] and len(people[c.pk]) >= 4),
            -len(people[c.pk]),
            c.code,
        ),
    )

    def submit(e: Evaluation, high: bool = False) -> None:
        _fill(e, *_points(rng, high), actor=None)
        services.evaluation_transition(actor=None, evaluation=e, to="submitted")

    def comment(e: Evaluation, wait_for_residence: bool = False) -> None:
        residence = services.needs_residence(e)
        services.evaluation_transition(
            actor=officer,
            evaluation=e,
            to="residence" if residence else "commented",
            comment="Tập thể chi bộ thống nhất với bản tự kiểm điểm; đề nghị phát huy ưu điểm.",
        )
        if residence and not wait_for_residence:
            services.evaluation_transition(
                actor=officer,
                evaluation=e,
                to="commented",
                residence_opinion="Chi ủy chi bộ nơi cư trú nhận xét: gương mẫu chấp hành chủ "
                "trương, quy định nơi cư trú; tích cực tham gia sinh hoạt, hoạt động ở khu dân cư.",
            )

    def propose(e: Evaluation) -> None:
        services.evaluation_transition(
            actor=leader, evaluation=e, to="proposed", comment="Nhất trí với mức tự xếp loại."
        )

    # 1. The finished cell: everyone through to the decision, first refused by the quota.
    if others:
        done_cell = others[0]
        rows = people[done_cell.pk]
        for i, e in enumerate(rows):
            submit(e, high=i < 3)
            comment(e)
            propose(e)
        levels = {}
        for e in rows:
            e.refresh_from_db()
            levels[e.pk] = e.head_level.code if e.head_level else "hoan-thanh"
        try:
            services.evaluation_decide(
                actor=leader,
                period=period,
                body=commune,
                levels=levels,
                reason="Hội nghị Ban Thường vụ",
            )
        except ApplicationError:
            # The quota refusal stays in the history; the committee lowers the lowest-scored
            # "xuất sắc" to "tốt" until the quota holds, then decides.
            rules = rules_for(period.rule_set)
            by_points = sorted(rows, key=lambda e: e.head_points or 0)
            for e in by_points:
                count = services.quota_count(
                    period=period, body=commune, rules=rules, subject_kind="person", levels=levels
                )
                if not count.message:
                    break
                if levels[e.pk] == "xuat-sac":
                    levels[e.pk] = "tot"
            services.evaluation_decide(
                actor=leader,
                period=period,
                body=commune,
                levels=levels,
                reason="Hội nghị Ban Thường vụ (điều chỉnh theo tỉ lệ)",
            )

    # 2. A cell in progress: submitted, two returned, some commented (the next busiest cell,
    # or dangvien's own cell in a small demo).
    def not_member(e: Evaluation) -> bool:
        return not (member is not None and e.person is not None and e.person.user_id == member.pk)

    progress_cell = others[1].pk if len(others) > 1 else member_cell
    for i, e in enumerate(
        filter(not_member, people.get(progress_cell, []) if progress_cell else [])
    ):
        submit(e)
        if i < 2:
            services.evaluation_transition(
                actor=officer,
                evaluation=e,
                to="returned",
                comment="Đề nghị bổ sung giải trình kết quả thực hiện nhiệm vụ bằng sản phẩm cụ thể.",
            )
        elif i % 2 == 0 or services.needs_residence(e):
            comment(e, wait_for_residence=True)
    # 3. dangvien's cell: most of the others have submitted, dangvien has not.
    if member_cell is not None and member_cell != progress_cell:
        for e in filter(not_member, people.get(member_cell, [])):
            if rng.random() < 0.7:
                submit(e)
    # 4. Two cells' own assessments.
    units = list(
        period.evaluations.filter(subject_kind="unit", unit__in=others[:2]).order_by("unit__code")
    )
    for i, e in enumerate(units):
        _fill(e, Decimal("27"), Decimal("60"), actor=officer)
        services.evaluation_transition(actor=officer, evaluation=e, to="submitted")
        if i == 0:
            services.evaluation_transition(
                actor=leader, evaluation=e, to="proposed", comment="Hoàn thành tốt nhiệm vụ."
            )
    return period
