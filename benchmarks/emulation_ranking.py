"""Ranking 3,321 communes in 34 groups: ``python benchmarks/emulation_ranking.py [--postgres]``.

Builds only what the ranking reads, in a throwaway database (temporary SQLite, or with
``--postgres`` the database ``trienkhai_bench_emulation``, created and dropped here): a national
tree (root → 34 provinces → 3,321 communes → ``--cells`` cells each), a nation-scale rollout
with one maintained counter row per cell (people, exempt, done), a plan per commune (some
late), two due report periods with reports (some late, some missing), a movement with the
default rubric (seven criteria, four of them automatic) and one group per province, every
commune registered and scored by the council; findings and feedback come from fact providers
registered here (5,000 findings, 3,000 feedback), as the inspections and feedback apps would.

Then measures the live ranking of all 34 groups (automatic figures recomputed from the live
rows, sizes, normalisation, tie-break) — median of ``--repeat`` runs — and publishing one group
(compute + frozen snapshot). Prints ``figure: <name> <value> <unit>`` lines.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchdb import throwaway_database  # noqa: E402

PG_DB = "trienkhai_bench_emulation"
PROVINCES = 34
COMMUNES = 3321
BATCH = 5000


def build(cells_per_commune: int, seed: int = 34) -> dict:
    from django.utils import timezone

    from apps.directives.models import Directive, DirectiveKind
    from apps.emulation.enums import RegistrationStatus
    from apps.emulation.models import EmulationGroup, GroupMember, Movement, Registration, Score
    from apps.emulation.services.movements import DEFAULT_RUBRIC
    from apps.org.models import Unit, UnitKind
    from apps.plans.models import Plan, Report, ReportPeriod, ReportPeriodKind, ReportTemplate
    from apps.rollout.models import Rollout, RolloutUnitStat
    from apps.rollout.services import rollups

    rng = random.Random(seed)
    kinds = {k.code: k for k in UnitKind.objects.all()}

    def unit(path: str, code: str, name: str, kind: str, numchild: int) -> Unit:
        u = Unit(
            path=path,
            depth=len(path) // Unit.steplen,
            numchild=numchild,
            code=code,
            name=name,
            kind=kinds[kind],
        )
        u.refresh_computed()
        return u

    root_path = Unit._get_path(None, 1, 1)
    units = [unit(root_path, "VN", "Ban Chấp hành Trung ương (thử)", "dang-bo-tinh", PROVINCES)]
    per_province = [
        COMMUNES // PROVINCES + (1 if i < COMMUNES % PROVINCES else 0) for i in range(PROVINCES)
    ]
    province_paths: list[str] = []
    communes: list[tuple[int, str]] = []  # (province index, path)
    cells: list[str] = []
    n = 0
    for p in range(PROVINCES):
        ppath = Unit._get_path(root_path, 2, p + 1)
        province_paths.append(ppath)
        units.append(
            unit(ppath, f"T{p:02d}", f"Đảng bộ tỉnh số {p + 1}", "dang-bo-tinh", per_province[p])
        )
        for c in range(per_province[p]):
            cpath = Unit._get_path(ppath, 3, c + 1)
            communes.append((p, cpath))
            units.append(
                unit(
                    cpath,
                    f"X{n:04d}",
                    f"Đảng bộ xã Hòa Bình {n + 1}",
                    "dang-bo-xa",
                    cells_per_commune,
                )
            )
            n += 1
            for k in range(cells_per_commune):
                path = Unit._get_path(cpath, 4, k + 1)
                cells.append(path)
                units.append(unit(path, f"C{n:04d}-{k}", f"Chi bộ thôn {k + 1}", "chi-bo", 0))
    Unit.objects.bulk_create(units, batch_size=BATCH)
    ids = dict(Unit.objects.values_list("path", "pk"))
    root = Unit.objects.get(path=root_path)

    today = timezone.localdate()
    kind, _ = DirectiveKind.objects.get_or_create(code="chi-thi", defaults={"name": "Chỉ thị"})
    directive = Directive.objects.create(
        kind=kind,
        number="34",
        symbol="34-CT/TW",
        issuer=root,
        issuer_name="Ban Bí thư",
        issued_on=today - datetime.timedelta(days=200),
        title="Chỉ thị thử nghiệm",
    )
    rollout = Rollout.objects.create(
        directive=directive,
        unit=root,
        title="Quán triệt toàn quốc",
        starts_on=today - datetime.timedelta(days=180),
        dissemination_due=today - datetime.timedelta(days=30),
        plan_due=today - datetime.timedelta(days=120),
    )
    stats = []
    for path in cells:
        people = rng.randint(10, 60)
        stats.append(
            RolloutUnitStat(
                rollout=rollout,
                unit_id=ids[path],
                people=people,
                exempt=rng.randint(0, 2),
                done=rng.randint(people // 2, people - 2),
            )
        )
    RolloutUnitStat.objects.bulk_create(stats, batch_size=BATCH)
    rollups.fill_from_own_counters(rollout.pk)  # the roll-ups of the counters written above
    now = timezone.now()
    Plan.objects.bulk_create(
        [
            Plan(
                rollout=rollout,
                unit_id=ids[c],
                title="Kế hoạch",
                status="approved",
                first_submitted_at=now,
                submitted_at=now,
                submitted_late=rng.random() < 0.2,
            )
            for _, c in communes
            if rng.random() < 0.9
        ],
        batch_size=BATCH,
    )
    template = ReportTemplate.objects.create(rollout=rollout, title="Báo cáo")
    period_kind = ReportPeriodKind.objects.order_by("order")[0]
    periods = [
        ReportPeriod.objects.create(
            template=template,
            kind=period_kind,
            name=f"Quý {q}",
            starts_on=today - datetime.timedelta(days=180 - 90 * (q - 1)),
            ends_on=today - datetime.timedelta(days=91 - 90 * (q - 1)),
            due_on=today - datetime.timedelta(days=80 - 90 * (q - 1)),
        )
        for q in (1, 2)
    ]
    Report.objects.bulk_create(
        [
            Report(
                period=period,
                unit_id=ids[c],
                status="submitted",
                submitted_at=now,
                submitted_late=rng.random() < 0.25,
            )
            for period in periods
            for _, c in communes
            if rng.random() < 0.85
        ],
        batch_size=BATCH,
    )
    # The movement and its registrations in bulk (the service would notify 3,321 units' officers
    # one by one; the benchmark measures the ranking), with the rows the service writes.
    from apps.emulation.models import Criterion
    from apps.emulation.ranking import TIE_BREAK_RULE

    movement = Movement.objects.create(
        unit=root,
        title="Thi đua thực hiện Chỉ thị",
        directive=directive,
        rollout=rollout,
        starts_on=today - datetime.timedelta(days=180),
        ends_on=today + datetime.timedelta(days=180),
        appeal_days=0,
        tie_break=TIE_BREAK_RULE,
    )
    criteria = []
    for order, spec in enumerate(DEFAULT_RUBRIC, start=1):
        criteria.append(
            Criterion.objects.create(
                movement=movement,
                order=order,
                code=spec["code"],
                name=spec["name"],
                max_points=spec["max_points"],
                evidence=spec.get("evidence", ""),
                source=spec.get("source", "manual"),
                kind=spec.get("kind", "points"),
                points_each=spec.get("points_each", "0"),
                positive=spec.get("positive", True),
                normalisation=spec.get("normalisation", "none"),
            )
        )
    groups = [
        EmulationGroup.objects.create(movement=movement, name=f"Cụm {p + 1}", order=p + 1)
        for p in range(PROVINCES)
    ]
    GroupMember.objects.bulk_create(
        [GroupMember(group=groups[p], unit_id=ids[c], movement=movement) for p, c in communes],
        batch_size=BATCH,
    )
    Registration.objects.bulk_create(
        [
            Registration(
                movement=movement,
                group=groups[p],
                unit_id=ids[c],
                targets="100%",
                status=RegistrationStatus.COUNCIL_SCORED,
                council_scored_at=now,
            )
            for p, c in communes
        ],
        batch_size=BATCH,
    )
    manual = [crit for crit in criteria if not crit.is_auto]
    scores = []
    for reg_id in Registration.objects.values_list("pk", flat=True):
        for crit in criteria:
            value = None
            if not crit.is_auto:
                value = rng.randint(0, 4) if crit.kind == "count" else rng.randint(15, 30)
            scores.append(
                Score(registration_id=reg_id, criterion=crit, self_value=value, council_value=value)
            )
    Score.objects.bulk_create(scores, batch_size=BATCH)
    return {
        "movement": movement,
        "groups": groups,
        "cells": cells,
        "ids": ids,
        "manual": len(manual),
        "scores": len(scores),
        "today": today,
    }


def register_facts(ctx: dict, seed: int = 34) -> None:
    from apps.common import facts

    rng = random.Random(seed)
    cell_ids = [ctx["ids"][p] for p in ctx["cells"]]
    day = ctx["today"] - datetime.timedelta(days=20)

    def make(kind: str, count: int) -> list:
        return [
            facts.Fact(
                kind=kind,
                subject_kind="unit",
                subject_id=u,
                unit_id=u,
                date=day,
                code="x",
                label="x",
            )
            for u in rng.choices(cell_ids, k=count)
        ]

    findings, feedback = make("finding", 5000), make("feedback", 3000)
    facts.register("finding", lambda _q: findings)
    facts.register("feedback", lambda _q: feedback)


def measure(ctx: dict, repeat: int, suffix: str) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from apps.emulation.selectors import compute_rankings
    from apps.emulation.services.movements import group_publish

    movement, groups, today = ctx["movement"], ctx["groups"], ctx["today"]
    times = []
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            rankings = compute_rankings(movement=movement, groups=groups, as_of=today)
        times.append(time.perf_counter() - start)
    rows = sum(len(r.rows) for r in rankings)
    ranked = sum(r.ranked for r in rankings)
    assert rows == COMMUNES and ranked == COMMUNES, (rows, ranked)
    print(f"figure: ranked_units_{suffix} {ranked} count")
    print(f"figure: ranking_groups_{suffix} {len(rankings)} count")
    print(f"figure: ranking_all_groups_median_s_{suffix} {statistics.median(times):.3f} s")
    print(f"figure: ranking_all_groups_max_s_{suffix} {max(times):.3f} s")
    print(f"figure: ranking_all_groups_queries_{suffix} {len(queries)} count")
    from django.urls import reverse

    reverse("home")  # the URL resolver is populated once per process: not part of publishing
    start = time.perf_counter()
    snapshot = group_publish(actor=None, group=groups[0], as_of=today)
    print(f"figure: publish_one_group_s_{suffix} {time.perf_counter() - start:.3f} s")
    print(f"figure: published_rows_{suffix} {len(snapshot.rows) - 1} count")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL")
    parser.add_argument("--cells", type=int, default=10, help="cells per commune")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    with throwaway_database(postgres=args.postgres, pg_name=PG_DB, keep=args.keep) as db:
        from django.db import connection, transaction

        start = time.perf_counter()
        with transaction.atomic():
            ctx = build(args.cells)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        register_facts(ctx)
        print(f"figure: setup_build_s_{db.suffix} {time.perf_counter() - start:.1f} s")
        print(f"figure: units_{db.suffix} {len(ctx['ids'])} count")
        print(f"figure: stat_rows_{db.suffix} {len(ctx['cells'])} count")
        print(f"figure: score_rows_{db.suffix} {ctx['scores']} count")
        measure(ctx, args.repeat, db.suffix)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
