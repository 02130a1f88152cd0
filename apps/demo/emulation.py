"""Demo: the province movement "Thi đua thực hiện Chỉ thị 34" over the communes of the demo
province, in four clusters at different stages — one ranking published (frozen), one being
scored with an appeal, two registering — a few commendation proposals at different steps, and
some praise. Deterministic (seed 34), through the services (actor None = the system); does
nothing if the movement is already there.
"""

import contextlib
import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.emulation.enums import ProposalStatus, RegistrationStatus, SubjectKind
from apps.emulation.models import CommendationKind, Movement, Registration
from apps.emulation.selectors import compute_rankings
from apps.emulation.services.commendation import (
    eligibility_problems,
    praise_create,
    proposal_create,
    proposal_transition,
)
from apps.emulation.services.movements import (
    GroupSpec,
    group_publish,
    movement_launch,
    registration_council_score,
    registration_create,
    registration_self_score,
    registration_transition,
)
from apps.org.models import Unit
from apps.people.models import Person
from apps.rollout.models import Rollout

TITLE = "Thi đua thực hiện Chỉ thị 34"
CLUSTERS = 4


def _score(movement: Movement, registration: Registration, rng: random.Random) -> Registration:
    values = {}
    for criterion in movement.criteria.all():
        if criterion.is_auto:
            continue
        if criterion.kind == "count":
            values[criterion.pk] = (str(rng.randint(0, 3)), "Quyết định công nhận mô hình")
        else:
            values[criterion.pk] = (str(rng.randint(18, 30)), "Báo cáo kết quả thực hiện")
    return registration_self_score(
        actor=None, registration=registration, values=values, submit=True
    )


def _council(movement: Movement, registration: Registration, rng: random.Random) -> Registration:
    values: dict[int, tuple[Any, str]] = {}
    for criterion in movement.criteria.all():
        if not criterion.is_auto and criterion.kind != "count" and rng.random() < 0.3:
            values[criterion.pk] = (str(rng.randint(15, 28)), "Điều chỉnh theo biên bản kiểm tra")
    return registration_council_score(
        actor=None, registration=registration, values=values, comment="Đã thẩm định hồ sơ."
    )


@transaction.atomic
def load_emulation_demo(rollout: Rollout, *, seed: int = 34, stdout: Any = None) -> Movement | None:
    if Movement.objects.filter(title=TITLE, unit=rollout.unit).exists():
        return None
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    root = rollout.unit
    today = timezone.localdate()
    communes = list(
        Unit.objects.filter(path__startswith=root.path, depth=root.depth + 1, valid_to__isnull=True)
        .filter(name__istartswith="Đảng bộ")
        .exclude(kind__code__in=["so-ban-nganh", "co-quan", "mat-tran-doan-the"])
        .order_by("sort_key")
    )
    if len(communes) < CLUSTERS * 2:
        return None
    size = -(-len(communes) // CLUSTERS)
    clusters = [communes[i * size : (i + 1) * size] for i in range(CLUSTERS)]
    movement = movement_launch(
        actor=None,
        unit=root,
        title=TITLE,
        directive=rollout.directive,
        rollout=rollout,
        starts_on=rollout.starts_on,
        ends_on=rollout.starts_on + datetime.timedelta(days=364),
        appeal_days=5,
        groups=[
            GroupSpec(name=f"Cụm thi đua số {i}", units=units)
            for i, units in enumerate(clusters, start=1)
        ],
    )
    targets = (
        "100% cán bộ, đảng viên được quán triệt Chỉ thị 34; trình kế hoạch thực hiện đúng hạn; "
        "ít nhất 01 mô hình, cách làm hay; không để xảy ra sai phạm."
    )
    regs: list[list[Registration]] = []
    for i, units in enumerate(clusters):
        share = [1.0, 1.0, 0.6, 0.3][i]
        regs.append(
            [
                registration_create(actor=None, movement=movement, unit=u, targets=targets)
                for u in units
                if rng.random() < share
            ]
        )
    # Cluster 1: scored, the appeal window over, published (frozen).
    first = [_council(movement, _score(movement, r, rng), rng) for r in regs[0]]
    Registration.objects.filter(pk__in=[r.pk for r in first]).update(
        council_scored_at=timezone.now() - datetime.timedelta(days=10)
    )
    group1 = movement.groups.order_by("order")[0]
    group_publish(actor=None, group=group1, as_of=today)
    # Cluster 2: self-scored, most scored by the council, one appeal pending.
    for j, r in enumerate(regs[1]):
        r = _score(movement, r, rng)
        if j % 4 != 3:
            r = _council(movement, r, rng)
        if j == 0:
            registration_transition(
                actor=None,
                registration=r,
                to=RegistrationStatus.APPEALED,
                text="Đề nghị hội đồng xem xét lại điểm tiêu chí mô hình, cách làm hay: đơn vị "
                "có 02 mô hình được công nhận.",
            )
    # Cluster 3: some self-scored; cluster 4: registered only.
    for r in regs[2][: len(regs[2]) // 2]:
        _score(movement, r, rng)
    # Proposals at different stages, from the published ranking.
    ranking = compute_rankings(movement=movement, groups=[group1], as_of=today)[0]
    ranked = [row for row in ranking.rows if row.rank is not None]
    kinds = {k.code: k for k in CommendationKind.objects.all()}
    by_pk = {u.pk: u for u in communes}
    period = (movement.starts_on, today)

    def propose(unit: Unit, code: str, proposing: Unit, text: str) -> Any:
        return proposal_create(
            actor=None,
            proposing_unit=proposing,
            kind=kinds[code],
            subject_kind=SubjectKind.UNIT,
            subject_unit=unit,
            achievements=text,
            period_start=period[0],
            period_end=period[1],
            movement=movement,
            evidence=[("Bảng xếp hạng Cụm thi đua số 1 đã công bố", "")],
        )

    # Only candidates the rules allow (inspections may have disciplined some in the period).
    ranked = [
        row
        for row in ranked
        if not eligibility_problems(
            kind=kinds["bang-khen-tinh"],
            subject_kind=SubjectKind.UNIT,
            unit=by_pk[row.unit_id],
            person=None,
            start=period[0],
            end=period[1],
        )
    ]
    if len(ranked) >= 3:
        winner = by_pk[ranked[0].unit_id]
        p = propose(
            winner,
            "bang-khen-tinh",
            root,
            f"Dẫn đầu Cụm thi đua số 1 ({ranked[0].total} điểm); hoàn thành quán triệt Chỉ thị 34.",
        )
        p = proposal_transition(actor=None, proposal=p, to=ProposalStatus.SUBMITTED)
        p = proposal_transition(
            actor=None,
            proposal=p,
            to=ProposalStatus.VOTED,
            council_members=9,
            votes_for=9,
            voted_on=today - datetime.timedelta(days=3),
        )
        proposal_transition(
            actor=None,
            proposal=p,
            to=ProposalStatus.APPROVED,
            decision_number="125/QĐ-UBND",
            decision_date=today - datetime.timedelta(days=1),
        )
        second = by_pk[ranked[1].unit_id]
        p = propose(second, "tap-the-lao-dong-tien-tien", root, "Xếp thứ hai Cụm thi đua số 1.")
        p = proposal_transition(actor=None, proposal=p, to=ProposalStatus.SUBMITTED)
        proposal_transition(
            actor=None,
            proposal=p,
            to=ProposalStatus.VOTED,
            council_members=9,
            votes_for=7,
            votes_against=1,
            votes_abstain=1,
            voted_on=today - datetime.timedelta(days=3),
        )
        third = by_pk[ranked[2].unit_id]
        p = propose(third, "giay-khen", root, "Xếp thứ ba Cụm thi đua số 1.")
        proposal_transition(actor=None, proposal=p, to=ProposalStatus.SUBMITTED)
        cell = Unit.objects.filter(path__startswith=winner.path, depth=winner.depth + 1).first()
        if cell is not None:
            with contextlib.suppress(ApplicationError):
                propose(cell, "giay-khen", winner, "Chi bộ hoàn thành quán triệt sớm nhất xã.")
        person = Person.objects.filter(unit__path__startswith=winner.path).order_by("pk").first()
        if person is not None:
            with contextlib.suppress(ApplicationError):
                proposal_create(
                    actor=None,
                    proposing_unit=winner,
                    kind=kinds["lao-dong-tien-tien"],
                    subject_kind=SubjectKind.PERSON,
                    subject_person=person,
                    achievements="Tích cực tuyên truyền, vận động thực hiện Chỉ thị 34.",
                    period_start=period[0],
                    period_end=period[1],
                    movement=movement,
                )
        for row in ranked[:3]:
            praise_create(
                actor=None,
                unit=by_pk[row.unit_id],
                text="Hoàn thành sớm việc quán triệt Chỉ thị 34 đến 100% cán bộ, đảng viên.",
                date=today - datetime.timedelta(days=rng.randint(2, 9)),
                movement=movement,
            )
    if stdout is not None:
        stdout.write(f"Đã tạo phong trào “{TITLE}” với {CLUSTERS} cụm thi đua.\n")
    # Individual registrations in the leading commune, ranked within it (page and .xlsx).
    leader_unit = by_pk.get(ranked[0].unit_id) if ranked else None
    if leader_unit is not None:
        people = Person.objects.filter(unit__path__startswith=leader_unit.path).order_by("code")[:4]
        for person in people:
            registration = registration_create(
                actor=None,
                movement=movement,
                unit=leader_unit,
                targets="Gương mẫu thực hiện “3 điều cần làm”, “4 điều cần tránh”; hoàn thành "
                "nhiệm vụ được giao đúng hạn.",
                person=person,
            )
            _council(movement, _score(movement, registration, rng), rng)
    return movement
