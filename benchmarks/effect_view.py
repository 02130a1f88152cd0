"""The directive's effect view at province scale: ``python benchmarks/effect_view.py [--postgres]``.

Builds in a throwaway database (see benchdb.py) a province of 5,000 units (root → 124 communes →
cells), Directive 34 with its 7 conduct criteria, one rollout at the root with maintained
counters for every unit (150,000 people, about 70% done, 60% committed), and the inspection
record of a busy year: 3 concluded inspections per commune (372) plus 1 in progress, each
covering 3 criteria, 4 findings per concluded inspection (1,488; half on cells, some naming a
person), one recommendation per finding (a third still open), and 300 decided discipline cases.

Measures, through the Django test client, ``/chi-thi/<pk>/hieu-qua/`` as the provincial
inspection committee (sees everything) at the root and at a commune, and as a commune leader at
its commune (p50 / p95 over ``--requests`` requests). Prints ``figure:`` lines.
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

from benchdb import build_province_units, throwaway_database  # noqa: E402

PG_DB = "trienkhai_bench_effect"


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def build(units_total: int, communes: int, people: int, seed: int = 34) -> dict:
    from django.contrib.auth import get_user_model

    from apps.access.models import Assignment
    from apps.directives.enums import Polarity
    from apps.directives.models import ConductCriterion, Directive, DirectiveKind
    from apps.inspections.enums import CaseStatus, FollowUpStatus, InspectionStatus, SubjectKind
    from apps.inspections.models import (
        DisciplineCase,
        DisciplineForm,
        Finding,
        Inspection,
        InspectionKind,
        Recommendation,
        ViolationLevel,
    )
    from apps.org.models import Unit
    from apps.people.models import Person
    from apps.rollout.models import Rollout, RolloutUnitStat
    from apps.rollout.services import rollups

    rng = random.Random(seed)
    tree = build_province_units(units_total=units_total, communes=communes)
    units = dict(Unit.objects.values_list("path", "pk"))
    root = Unit.objects.get(path=tree.root_path)
    directive = Directive.objects.create(
        kind=DirectiveKind.objects.get(code="chi-thi"),
        number="34",
        symbol="34-CT/TU",
        issuer=root,
        issued_on=datetime.date(2024, 4, 20),
        title="Phát huy tinh thần trách nhiệm, dám nghĩ, dám làm",
    )
    criteria = [
        ConductCriterion.objects.create(
            directive=directive,
            order=i + 1,
            polarity=Polarity.DO if i < 3 else Polarity.AVOID,
            text=f"Điều {i + 1}",
        )
        for i in range(7)
    ]
    today = datetime.date(2026, 6, 30)
    rollout = Rollout.objects.create(
        directive=directive,
        unit=root,
        title="Quán triệt Chỉ thị 34-CT/TU",
        starts_on=datetime.date(2026, 4, 1),
        dissemination_due=datetime.date(2026, 5, 31),
        plan_due=datetime.date(2026, 5, 31),
    )
    per_cell = max(1, people // max(1, len(tree.cell_paths)))
    RolloutUnitStat.objects.bulk_create(
        [
            RolloutUnitStat(
                rollout=rollout,
                unit_id=units[p],
                people=per_cell,
                done=int(per_cell * 0.7),
                attended=int(per_cell * 0.6),
                committed=int(per_cell * 0.6),
            )
            for p in tree.cell_paths
        ],
        batch_size=5000,
    )
    rollups.fill_from_own_counters(rollout.pk)  # the roll-ups of the counters written above
    kind = InspectionKind.objects.get(code="kiem-tra")
    levels = list(ViolationLevel.objects.all())
    user_model = get_user_model()

    def grant(username: str, path: str, role: str):
        user = user_model.objects.create_user(username=username, password="x")  # noqa: S106
        person = Person.objects.create(
            code=username,
            full_name=username,
            gender="nam",
            birth_year=1980,
            unit_id=units[path],
            user=user,
        )
        Assignment.objects.create(person=person, unit_id=units[path], role=role)
        return user

    inspector = grant("kiemtra", tree.root_path, "inspector")
    leader = grant("lanhdao.xa", tree.commune_paths[0], "leader")
    members = Person.objects.bulk_create(
        [
            Person(
                code=f"P{i:05d}",
                full_name=f"Đảng viên {i}",
                gender="nam",
                birth_year=1980,
                unit_id=units[rng.choice(tree.cell_paths)],
            )
            for i in range(600)
        ]
    )
    inspections = []
    for c, cpath in enumerate(tree.commune_paths):
        for k in range(4):
            concluded = k < 3
            inspections.append(
                Inspection(
                    kind=kind,
                    inspecting_unit=root,
                    subject_id=units[cpath],
                    directive=directive,
                    title=f"Kiểm tra {c}.{k}",
                    starts_on=today - datetime.timedelta(days=30 * (k + 1) + c % 20),
                    ends_on=today,
                    decision_number=f"{c}{k}-QĐ/UBKTTU",
                    decision_date=today,
                    status=InspectionStatus.CONCLUDED if concluded else InspectionStatus.VERIFYING,
                    concluded_on=today - datetime.timedelta(days=30 * k + c % 25)
                    if concluded
                    else None,
                    strengths="Tốt",
                )
            )
    Inspection.objects.bulk_create(inspections, batch_size=2000)
    through = Inspection.criteria.through
    through.objects.bulk_create(
        [
            through(inspection_id=i.pk, conductcriterion_id=criterion.pk)
            for i in inspections
            for criterion in rng.sample(criteria, 3)
        ],
        batch_size=5000,
    )
    findings = []
    cells_of = {cp: [p for p in tree.cell_paths if p.startswith(cp)] for cp in tree.commune_paths}
    for i in inspections:
        if i.status != InspectionStatus.CONCLUDED:
            continue
        for n in range(4):
            findings.append(
                Finding(
                    inspection=i,
                    criterion=rng.choice(criteria),
                    level=rng.choice(levels),
                    unit_id=i.subject_id,
                    text=f"Phát hiện {i.pk}.{n}",
                )
            )
    Finding.objects.bulk_create(findings, batch_size=5000)
    path_of = {pk: p for p, pk in units.items()}
    for f in findings[::2]:  # half the findings are about a cell of the commune
        cells = cells_of.get(path_of[f.unit_id]) or []
        if cells:
            f.unit_id = units[rng.choice(cells)]
    Finding.objects.bulk_update(findings[::2], ["unit"], batch_size=5000)
    people_through = Finding.people.through
    people_through.objects.bulk_create(
        [people_through(finding_id=f.pk, person_id=rng.choice(members).pk) for f in findings[::5]],
        batch_size=5000,
    )
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                inspection_id=f.inspection_id,
                finding=f,
                unit_id=f.unit_id,
                text="Khắc phục",
                deadline=today + datetime.timedelta(days=rng.randint(-60, 60)),
                status=FollowUpStatus.OPEN if n % 3 == 0 else FollowUpStatus.VERIFIED,
            )
            for n, f in enumerate(findings)
        ],
        batch_size=5000,
    )
    form = DisciplineForm.objects.get(subject_kind=SubjectKind.FULL_MEMBER, code="khien-trach")
    DisciplineCase.objects.bulk_create(
        [
            DisciplineCase(
                inspection_id=findings[n * 3].inspection_id,
                finding=findings[n * 3],
                handling_unit=root,
                subject_kind=SubjectKind.FULL_MEMBER,
                subject_unit_id=members[n].unit_id,
                subject_person=members[n],
                summary="Vi phạm",
                status=CaseStatus.EXECUTED,
                form=form,
                decided_on=today - datetime.timedelta(days=n % 90),
                effective_on=today,
            )
            for n in range(300)
        ],
        batch_size=2000,
    )
    return {
        "directive": directive,
        "rollout": rollout,
        "root_pk": root.pk,
        "commune_pk": units[tree.commune_paths[0]],
        "inspector": inspector,
        "leader": leader,
        "findings": len(findings),
        "inspections": len(inspections),
    }


def measure(ctx: dict, requests: int, suffix: str) -> None:
    from django.test import Client
    from django.urls import reverse

    url = reverse("directive_effect", args=[ctx["directive"].pk])

    def timed(user, unit_pk: int) -> list[float]:
        client = Client()
        client.force_login(user)
        for _ in range(3):
            assert client.get(url, {"unit": unit_pk}).status_code == 200
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url, {"unit": unit_pk})
            times.append(time.perf_counter() - start)
            assert response.status_code == 200
        return times

    # Reference: the rollout progress page at the root (31 ms p50 on SQLite on a quiet machine,
    # see README), measured in the same run, to read the figures above against the machine's load.
    client = Client()
    client.force_login(ctx["inspector"])
    progress_url = reverse("rollout_progress", args=[ctx["rollout"].pk])
    for _ in range(3):
        client.get(progress_url)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        assert client.get(progress_url, {"unit": ctx["root_pk"]}).status_code == 200
        times.append(time.perf_counter() - start)
    print(f"figure: reference_progress_root_p50_{suffix} {_ms(statistics.median(times))} ms")

    for name, user, unit_pk in (
        ("root_inspector", ctx["inspector"], ctx["root_pk"]),
        ("commune_inspector", ctx["inspector"], ctx["commune_pk"]),
        ("commune_leader", ctx["leader"], ctx["commune_pk"]),
    ):
        times = timed(user, unit_pk)
        print(f"figure: effect_{name}_p50_{suffix} {_ms(statistics.median(times))} ms")
        print(f"figure: effect_{name}_p95_{suffix} {_ms(_p95(times))} ms")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL")
    parser.add_argument("--units", type=int, default=5_000)
    parser.add_argument("--communes", type=int, default=124)
    parser.add_argument("--people", type=int, default=150_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    with throwaway_database(postgres=args.postgres, pg_name=PG_DB, keep=args.keep) as db:
        from django.db import connection, transaction

        start = time.perf_counter()
        with transaction.atomic():
            ctx = build(args.units, args.communes, args.people)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"figure: setup_build_s_{db.suffix} {time.perf_counter() - start:.1f} s")
        print(f"figure: effect_inspections_{db.suffix} {ctx['inspections']} count")
        print(f"figure: effect_findings_{db.suffix} {ctx['findings']} count")
        measure(ctx, args.requests, db.suffix)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
