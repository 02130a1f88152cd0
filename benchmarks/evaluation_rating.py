"""Rating a province for a period: ``python benchmarks/evaluation_rating.py [--postgres]``.

Builds a province (≈5,000 units: root → 124 communes → cells) with 150,000 people in a
throwaway database (temporary SQLite file, or with ``--postgres`` the PostgreSQL database
``trienkhai_bench_ratings``, created and dropped here; server from ``BENCH_PG_URL``), opens
the annual period at the root (one evaluation per person and per party organisation, with
``period_open``), gives everyone points, and registers a discipline provider with 1,500
disciplined people.

Measures:
- ``evaluation_period_open_s``: opening the period (155,000 evaluations written);
- ``evaluation_rating_s`` (median of ``--repeat``): ``period_rating_preview`` at the root —
  points → level (thresholds and capping rules) → quota check of every competent body
  (target < 10 s).

Prints ``figure: <name>_<sqlite|postgres> <value>`` lines.
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

PG_DB = "trienkhai_bench_ratings"
BATCH = 5000


def build(people: int, units_total: int, communes: int, seed: int = 34) -> dict:
    from django.db import connection

    from apps.common import facts
    from apps.common.facts import Fact, FactQuery
    from apps.evaluations import services
    from apps.evaluations.models import EvaluationPeriodKind, RuleSet
    from apps.org.models import Unit
    from apps.people.models import Person

    rng = random.Random(seed)
    tree = build_province_units(units_total=units_total, communes=communes, batch=BATCH)
    cells = list(Unit.objects.filter(path__in=tree.cell_paths).values_list("pk", flat=True))
    rows = []
    for i in range(people):
        rows.append(
            Person(
                code=f"B{i:07d}",
                full_name=f"Nguyễn Văn {i}",
                gender="nam",
                birth_year=1960 + i % 40,
                unit_id=cells[i % len(cells)],
            )
        )
    Person.objects.bulk_create(rows, batch_size=BATCH)
    root = Unit.objects.get(path=tree.root_path)
    start = time.perf_counter()
    period = services.period_open(
        actor=None,
        unit=root,
        kind=EvaluationPeriodKind.objects.get(code="nam"),
        rule_set=RuleSet.objects.get(code="366-qd-tw-2025"),
        title="Đánh giá, xếp loại chất lượng năm 2024",
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 12, 31),
        self_due=datetime.date(2024, 12, 20),
    )
    open_s = time.perf_counter() - start
    with connection.cursor() as cursor:
        # 40.0–99.9 points, spread deterministically.
        cursor.execute(
            "UPDATE evaluations_evaluation SET self_points = 40 + ((id * 37) %% 600) / 10.0 "
            "WHERE period_id = %s AND subject_kind = 'person'",
            [period.pk],
        )
    ids = list(Person.objects.values_list("pk", flat=True))
    disciplined = rng.sample(ids, 1500)
    rows_f = [
        Fact(
            kind="discipline",
            subject_kind="person",
            subject_id=pid,
            unit_id=0,
            date=datetime.date(2024, 6, 1),
            code=rng.choice(["khien-trach", "canh-cao"]),
            label="Khiển trách",
        )  # fmt: skip
        for pid in disciplined
    ]

    def provider(query: FactQuery) -> list[Fact]:
        return rows_f if query.subject_kind == "person" else []

    facts.register("discipline", provider)
    return {"period": period, "root": root, "open_s": open_s}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--people", type=int, default=150_000)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--communes", type=int, default=124)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with throwaway_database(postgres=args.postgres, pg_name=PG_DB) as db:
        from apps.evaluations.selectors import period_rating_preview

        t0 = time.perf_counter()
        built = build(args.people, args.units, args.communes)
        print(f"built in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        if args.postgres:
            # Statistics as autovacuum would have them on a running server: right after a bulk
            # load PostgreSQL estimates one row per table and picks nested loops (21 s, not 2).
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        timings = []
        preview = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            preview = period_rating_preview(period=built["period"])
            timings.append(time.perf_counter() - start)
        assert preview is not None
        print(
            f"rated {preview.rated} people, {preview.bodies} bodies, "
            f"{len(preview.over_quota)} over quota; "
            + "; ".join(f"{lv.name}: {n}" for lv, n in preview.counts),
            file=sys.stderr,
        )
        print(f"figure: evaluation_period_open_s_{db.suffix} {built['open_s']:.2f} s")
        print(f"figure: evaluation_rating_s_{db.suffix} {statistics.median(timings):.2f} s")


if __name__ == "__main__":
    main()
