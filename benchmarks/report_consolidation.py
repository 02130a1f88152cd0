"""Report consolidation at province scale: ``python benchmarks/report_consolidation.py [--postgres]``.

Builds a province (≈5,000 units: root → 124 communes → cells) in a throwaway database — a
temporary SQLite file, or with ``--postgres`` the PostgreSQL database
``trienkhai_bench_reports`` (created and dropped here; server from ``BENCH_PG_URL``, default
``postgres://postgres@127.0.0.1:5432/postgres``) — with one rollout, its report template
(6 indicators, 4 narrative sections), a quarterly period, and every cell's and commune's
quarterly report submitted (≈30,000 figures). Rollout counters are bulk-written per cell so
the export has progress figures and a chart.

Measures (median of ``--repeat`` runs):
- ``report_consolidation_ms``: ``report_consolidation`` at the root (target ≤ 300 ms);
- ``report_docx_ms``: loading the bundle and rendering the root report as .docx, Party
  layout, chart included (target ≤ 2 s).

Prints ``figure: <name>_<sqlite|postgres> <value> ms`` lines.
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

PG_DB = "trienkhai_bench_reports"
BATCH = 5000


def build(units_total: int, communes: int, seed: int = 34) -> dict:
    from django.utils import timezone

    from apps.directives.models import Directive, DirectiveKind
    from apps.org.models import Unit
    from apps.plans.enums import ReportStatus
    from apps.plans.models import Report, ReportPeriodKind, ReportSection, ReportValue
    from apps.plans.services.reports import report_period_create, report_template_setup
    from apps.rollout.models import Rollout, RolloutUnitStat
    from apps.rollout.services import rollups

    rng = random.Random(seed)
    tree = build_province_units(units_total=units_total, communes=communes, batch=BATCH)
    root_path = tree.root_path
    by_path = {u.path: u for u in Unit.objects.all()}
    root = by_path[root_path]

    directive = Directive.objects.create(
        kind=DirectiveKind.objects.get(code="chi-thi"),
        number="34",
        symbol="34-CT/TU",
        issuer=root,
        issued_on=datetime.date(2024, 4, 20),
        title="Phát huy tinh thần trách nhiệm, sự năng động, sáng tạo",
    )
    rollout = Rollout.objects.create(
        directive=directive,
        unit=root,
        title="Quán triệt Chỉ thị 34-CT/TU",
        starts_on=datetime.date(2024, 4, 20),
        dissemination_due=datetime.date(2024, 5, 31),
        plan_due=datetime.date(2024, 6, 30),
    )
    stats = []
    for u in by_path.values():
        if u.depth == 3:
            people = rng.randint(10, 50)
            done = int(people * rng.uniform(0.4, 1.0))
            stats.append(
                RolloutUnitStat(rollout=rollout, unit=u, people=people, done=done, attended=done)
            )
    RolloutUnitStat.objects.bulk_create(stats, batch_size=BATCH)
    rollups.fill_from_own_counters(rollout.pk)  # the roll-ups of the counters written above

    template = report_template_setup(actor=None, rollout=rollout)
    period = report_period_create(
        actor=None,
        template=template,
        kind=ReportPeriodKind.objects.get(code="quy"),
        name="Quý II năm 2024",
        starts_on=datetime.date(2024, 4, 1),
        ends_on=datetime.date(2024, 6, 30),
        due_on=datetime.date(2024, 7, 5),
    )
    indicators = list(template.indicators.all())
    sections = list(template.sections.all())
    now = timezone.now()
    reporters = [u for u in by_path.values() if u.depth >= 2]
    Report.objects.bulk_create(
        [
            Report(period=period, unit=u, status=ReportStatus.SUBMITTED, submitted_at=now)
            for u in reporters
        ],
        batch_size=BATCH,
    )
    reports = list(Report.objects.filter(period=period).values_list("pk", "unit_id"))
    values = [
        ReportValue(
            report_id=rid,
            period=period,
            unit_id=uid,
            indicator=i,
            value=rng.randint(0, 40),
            auto=bool(i.auto_source),
            submitted=True,
        )
        for rid, uid in reports
        for i in indicators
    ]
    ReportValue.objects.bulk_create(values, batch_size=BATCH)
    ReportSection.objects.bulk_create(
        [
            ReportSection(report_id=rid, section=s, text="Nội dung báo cáo.")
            for rid, _ in reports
            for s in sections
        ],
        batch_size=BATCH,
    )
    return {"period": period, "root": root, "reports": len(reports), "values": len(values)}


def measure(ctx: dict, repeat: int, suffix: str) -> None:
    from apps.dashboards.reports.selectors import report_bundle
    from apps.dashboards.reports.services import report_render
    from apps.plans.models import ReportPeriod
    from apps.plans.selectors import report_consolidation

    period = ReportPeriod.objects.select_related("template__rollout__directive__kind").get(
        pk=ctx["period"].pk
    )
    root = ctx["root"]
    report_consolidation(period=period, unit=root)  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        c = report_consolidation(period=period, unit=root)
        times.append(time.perf_counter() - start)
    docx_times = []
    for _ in range(max(3, repeat // 4)):
        start = time.perf_counter()
        rendered = report_render(
            bundle=report_bundle(period=period, unit=root), fmt="docx", layout="party"
        )
        docx_times.append(time.perf_counter() - start)
    print(f"figure: report_units_{suffix} {c.total.expected} count")
    print(f"figure: report_submitted_{suffix} {c.total.reported} count")
    print(f"figure: report_docx_bytes_{suffix} {len(rendered.content)} bytes")
    print(
        f"figure: report_consolidation_ms_{suffix} {statistics.median(times) * 1000:.1f} ms",
        flush=True,
    )
    print(
        f"figure: report_docx_ms_{suffix} {statistics.median(docx_times) * 1000:.1f} ms", flush=True
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL")
    parser.add_argument("--units", type=int, default=5_000)
    parser.add_argument("--communes", type=int, default=124)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    with throwaway_database(postgres=args.postgres, pg_name=PG_DB, keep=args.keep) as db:
        from django.db import connection, transaction

        suffix = db.suffix
        start = time.perf_counter()
        with transaction.atomic():
            ctx = build(args.units, args.communes)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"figure: setup_migrate_s_{suffix} {db.migrate_seconds:.1f} s")
        print(f"figure: setup_build_s_{suffix} {time.perf_counter() - start:.1f} s")
        print(f"figure: report_values_{suffix} {ctx['values']} count")
        measure(ctx, args.repeat, suffix)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
