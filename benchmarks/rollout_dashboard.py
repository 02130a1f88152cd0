"""Rollout progress at province scale: ``python benchmarks/rollout_dashboard.py [--postgres]``.

Builds a province (150,000 people in 5,000 units: root → 124 communes → cells) in a throwaway
database — a temporary SQLite file, or with ``--postgres`` the PostgreSQL database
``trienkhai_bench_rollout`` (created and dropped here; server from ``BENCH_PG_URL``, default
``postgres://postgres@127.0.0.1:5432/postgres``) — with one rollout about 70% done (participants
bulk-created with their flags and ``done_at`` spread over 30 days, counters recomputed by
``stats_recompute``), one session per commune with a point per cell, and attendance rows.

Then measures, logged in as an officer at the root, through the Django test client:
- the progress page at the root and at a commune (p50 / p95 over ``--requests`` requests);
- the root chart page (the first, uncached drawing, then p50 / p95 as served) and its size,
  and the officer's home page (p50);
- marking attendance for a 500-person connection point in one call of the service
  ``attendance_mark`` (all present; median of three different points);
- the single hand-written SQL aggregation of the same root figures straight from the
  participant rows, and the ratio of the root page to it.

Prints ``figure: <name> <value> <unit>`` lines (names end in ``_sqlite`` or ``_postgres``).
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

PG_DB = "trienkhai_bench_rollout"
BATCH = 5000


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def build(people_total: int, units_total: int, communes: int, seed: int = 34) -> dict:
    """Bulk-builds the province, the rollout and its sessions; returns what measure() needs."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from apps.access.models import Assignment
    from apps.common.text import person_sort_key, strip_diacritics
    from apps.directives.models import Directive, DirectiveKind
    from apps.org.models import Unit
    from apps.people.models import Person, PersonCategory
    from apps.plans.enums import PlanStatus
    from apps.plans.models import Plan
    from apps.rollout.enums import AttendanceStatus, SessionMode
    from apps.rollout.models import Attendance, ConnectionPoint, Participant, Rollout, Session
    from apps.rollout.services import rollups
    from apps.rollout.services.participants import lock_stats, stats_recompute

    rng = random.Random(seed)
    tree = build_province_units(units_total=units_total, communes=communes, batch=BATCH)
    root_path, commune_paths, cell_paths = tree.root_path, tree.commune_paths, tree.cell_paths
    ids = dict(Unit.objects.values_list("path", "pk"))

    # Three cells of exactly 500 people, not yet reached, for the attendance measurement.
    big_cells = cell_paths[5:8]
    others = [p for p in cell_paths if p not in big_cells]
    categories = [c.mask for c in PersonCategory.objects.all()] or [1]
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
    middle = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Thanh", "Minh", "Quốc"]
    given = [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Giang",
        "Hà",
        "Khánh",
        "Lan",
        "Mai",
        "Nam",
        "Oanh",
        "Phúc",
        "Quang",
        "Sơn",
        "Thảo",
        "Uyên",
        "Việt",
        "Xuân",
        "Yến",
    ]
    people: list[Person] = []
    unit_of_person: list[str] = []
    slots = [p for p in big_cells for _ in range(500)]
    rest = people_total - len(slots)
    slots += [others[i % len(others)] for i in range(rest)]
    for i, path in enumerate(slots):
        name = f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)}"
        person = Person(
            code=f"P{i:07d}",
            full_name=name,
            gender="nam" if i % 2 else "nu",
            birth_year=1960 + i % 40,
            category_mask=rng.choice(categories),
            unit_id=ids[path],
        )
        person.search_text = strip_diacritics(f"{name} {person.code}")[:200]
        person.sort_key = person_sort_key(name)
        people.append(person)
        unit_of_person.append(path)
    Person.objects.bulk_create(people, batch_size=BATCH)

    user_model = get_user_model()
    officer = user_model.objects.create_user(
        username="bench_officer",
        password="bench-pass-2026",  # noqa: S106
    )
    officer_person = Person.objects.create(
        code="OFFICER",
        full_name="Cán bộ Văn phòng Tỉnh ủy",
        gender="nam",
        birth_year=1980,
        unit_id=ids[root_path],
        user=officer,
    )
    Assignment.objects.create(person=officer_person, unit_id=ids[root_path], role="officer")

    kind, _ = DirectiveKind.objects.get_or_create(code="chi-thi", defaults={"name": "Chỉ thị"})
    today = timezone.localdate()
    directive = Directive.objects.create(
        kind=kind,
        number="34",
        symbol="34-CT/TU",
        issuer_id=ids[root_path],
        issuer_name="Ban Thường vụ Tỉnh ủy",
        issued_on=today - datetime.timedelta(days=35),
        title="Phát huy tinh thần trách nhiệm, sự năng động, sáng tạo, dám nghĩ, dám làm",
    )
    rollout = Rollout.objects.create(
        directive=directive,
        unit_id=ids[root_path],
        title="Quán triệt Chỉ thị 34-CT/TU",
        starts_on=today - datetime.timedelta(days=30),
        dissemination_due=today + datetime.timedelta(days=10),
        plan_due=today + datetime.timedelta(days=15),
        requires_commitment=True,
    )
    now = timezone.now()
    sessions = []
    for c, cpath in enumerate(commune_paths):
        start = now - datetime.timedelta(days=rng.randint(2, 28), hours=rng.randint(0, 5))
        sessions.append(
            Session(
                rollout=rollout,
                unit_id=ids[cpath],
                title=f"Hội nghị quán triệt Chỉ thị 34-CT/TU xã {c + 1}",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=3),
                place="Hội trường UBND xã",
                mode=SessionMode.HYBRID,
                checkin_code=f"C{c:05d}",
            )
        )
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    session_of = {s.unit_id: s for s in Session.objects.filter(rollout=rollout)}
    points = [
        ConnectionPoint(session=session_of[ids[cp]], unit_id=ids[cp], place="Hội trường xã")
        for cp in commune_paths
    ]
    points += [
        ConnectionPoint(session=session_of[ids[p[:8]]], unit_id=ids[p], place="Nhà văn hóa")
        for p in cell_paths
        if p not in big_cells
    ]
    ConnectionPoint.objects.bulk_create(points, batch_size=BATCH)
    point_of = {(pt.session_id, pt.unit_id): pt.pk for pt in ConnectionPoint.objects.all()}

    person_rows = list(
        Person.objects.filter(code__startswith="P").order_by("pk").values_list("pk", "unit_id")
    )
    big_ids = {ids[p] for p in big_cells}
    participants = []
    for pk, unit_id in person_rows:
        p = Participant(rollout=rollout, person_id=pk, unit_id=unit_id, joined_on=rollout.starts_on)
        if unit_id not in big_ids:
            roll = rng.random()
            if roll < 0.70:
                p.attended = rng.random() < 0.92
                p.makeup_passed = not p.attended
                p.commitment_signed = True
                p.done = True
                p.done_at = now - datetime.timedelta(
                    days=rng.randint(0, 29), minutes=rng.randint(0, 600)
                )
            elif roll < 0.76:
                p.attended = True  # came, has not signed the commitment yet
            elif roll < 0.77:
                p.exempt, p.exempt_reason = True, "Nghỉ ốm dài ngày"
        participants.append(p)
    Participant.objects.bulk_create(participants, batch_size=BATCH)
    Participant.objects.create(
        rollout=rollout, person=officer_person, unit_id=ids[root_path], joined_on=rollout.starts_on
    )
    unit_ids = list(ids.values())
    with transaction.atomic():
        lock_stats(rollout.pk, unit_ids)
        stats_recompute(rollout.pk, unit_ids)

    attendances = []
    for pk, unit_id, session_unit in Participant.objects.filter(
        rollout=rollout, attended=True
    ).values_list("pk", "unit_id", "unit__path"):
        session = session_of[ids[session_unit[:8]]]
        attendances.append(
            Attendance(
                session=session,
                point_id=point_of[(session.pk, unit_id)],
                participant_id=pk,
                status=AttendanceStatus.PRESENT,
                marked_at=session.starts_at,
            )
        )
    Attendance.objects.bulk_create(attendances, batch_size=BATCH)
    plans = [
        Plan(
            rollout=rollout,
            unit_id=ids[cp],
            title="Kế hoạch thực hiện Chỉ thị 34",
            status=PlanStatus.SUBMITTED if i % 3 else PlanStatus.DRAFT,
        )
        for i, cp in enumerate(commune_paths)
    ]
    Plan.objects.bulk_create(plans)

    # Sessions for the 500-person points, running now.
    big_points = []
    for path in big_cells:
        session = Session.objects.create(
            rollout=rollout,
            unit_id=ids[path],
            title="Hội nghị quán triệt tại chi bộ",
            starts_at=now - datetime.timedelta(minutes=30),
            ends_at=now + datetime.timedelta(hours=2),
            place="Nhà văn hóa",
            mode=SessionMode.IN_PERSON,
            checkin_code="BIG500",
        )
        big_points.append(
            ConnectionPoint.objects.create(session=session, unit_id=ids[path], place="Nhà văn hóa")
        )
    rollups.fill_from_own_counters(rollout.pk)  # the points above were written directly
    commune_pk = ids[commune_paths[len(commune_paths) // 2]]
    return {
        "rollout": rollout,
        "officer": officer,
        "root_path": root_path,
        "commune_pk": commune_pk,
        "big_points": big_points,
        "attended_rows": len(attendances),
    }


ROOT_SQL = """
SELECT substr(u.path, 1, %(width)s) AS prefix,
       count(*) AS people,
       sum(CASE WHEN p.exempt THEN 1 ELSE 0 END) AS exempt,
       sum(CASE WHEN p.done THEN 1 ELSE 0 END) AS done
FROM rollout_participant p
JOIN org_unit u ON u.id = p.unit_id
WHERE p.rollout_id = %(rollout)s AND u.path LIKE %(prefix)s
GROUP BY 1
"""


def measure(ctx: dict, requests: int, suffix: str) -> dict[str, float]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from apps.dashboards.progress import rollout_progress
    from apps.rollout.enums import AttendanceStatus
    from apps.rollout.services.sessions import attendance_mark

    rollout = ctx["rollout"]
    client = Client()
    client.force_login(ctx["officer"])
    root_url = reverse("rollout_progress", args=[rollout.pk])
    commune_url = f"{root_url}?unit={ctx['commune_pk']}"

    def timed(url: str) -> list[float]:
        for _ in range(3):  # warm-up
            assert client.get(url).status_code == 200
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200
        return times

    root_times = timed(root_url)
    commune_times = timed(commune_url)
    # The root chart (131 children: distribution + worst and best units), first drawing
    # uncached, then as served (the image is cached until the figures change); the home page.
    chart_url = reverse("rollout_progress_charts", args=[rollout.pk])
    from apps.dashboards.charts import clear_cache

    clear_cache()
    start = time.perf_counter()
    chart_response = client.get(chart_url)
    chart_first = time.perf_counter() - start
    assert chart_response.status_code == 200
    chart_kb = len(chart_response.content) / 1024
    chart_times = timed(chart_url)
    home_times = timed(reverse("home"))

    params = {
        "width": len(ctx["root_path"]) + 4,
        "rollout": rollout.pk,
        "prefix": ctx["root_path"] + "%",
    }
    sql_times = []
    rows: list[tuple] = []
    with connection.cursor() as cursor:
        for _ in range(3 + requests):
            start = time.perf_counter()
            cursor.execute(ROOT_SQL, params)
            rows = cursor.fetchall()
            sql_times.append(time.perf_counter() - start)
    sql_times = sql_times[3:]
    root = rollout_progress(rollout=rollout, unit=rollout.unit)
    sql_people = sum(r[1] for r in rows)
    sql_done = sum(r[3] for r in rows)
    if (sql_people, sql_done) != (root.total.people, root.total.done):
        raise SystemExit(
            f"page totals {root.total.people}/{root.total.done} differ from SQL "
            f"{sql_people}/{sql_done}"
        )

    mark_times = []
    for point in ctx["big_points"]:
        start = time.perf_counter()
        written = attendance_mark(
            actor=ctx["officer"], point=point, default_status=AttendanceStatus.PRESENT
        )
        mark_times.append(time.perf_counter() - start)
        assert written == 500, written

    root_p50 = statistics.median(root_times)
    sql_p50 = statistics.median(sql_times)
    figures = {
        f"progress_root_p50_ms_{suffix}": (_ms(root_p50), "ms"),
        f"progress_root_p95_ms_{suffix}": (_ms(_p95(root_times)), "ms"),
        f"progress_commune_p50_ms_{suffix}": (_ms(statistics.median(commune_times)), "ms"),
        f"chart_root_first_ms_{suffix}": (_ms(chart_first), "ms"),
        f"chart_root_p50_ms_{suffix}": (_ms(statistics.median(chart_times)), "ms"),
        f"chart_root_p95_ms_{suffix}": (_ms(_p95(chart_times)), "ms"),
        f"chart_root_page_kb_{suffix}": (round(chart_kb, 1), "KB"),
        f"home_root_officer_p50_ms_{suffix}": (_ms(statistics.median(home_times)), "ms"),
        f"progress_commune_p95_ms_{suffix}": (_ms(_p95(commune_times)), "ms"),
        f"attendance_500_marks_ms_{suffix}": (_ms(statistics.median(mark_times)), "ms"),
        f"root_sql_ms_{suffix}": (_ms(sql_p50), "ms"),
        f"root_page_to_sql_ratio_{suffix}": (round(root_p50 / sql_p50, 2), "ratio"),
        f"progress_root_people_{suffix}": (root.total.people, "count"),
        f"progress_root_done_percent_{suffix}": (root.total.percent or 0, "percent"),
    }
    for name, (value, unit) in figures.items():
        print(f"figure: {name} {value} {unit}", flush=True)
    return {k: v for k, (v, _) in figures.items()}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL")
    parser.add_argument("--people", type=int, default=150_000)
    parser.add_argument("--units", type=int, default=5_000)
    parser.add_argument("--communes", type=int, default=124)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    with throwaway_database(postgres=args.postgres, pg_name=PG_DB, keep=args.keep) as db:
        from django.db import connection, transaction

        suffix = db.suffix
        start = time.perf_counter()
        with transaction.atomic():
            ctx = build(args.people, args.units, args.communes)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"figure: setup_migrate_s_{suffix} {db.migrate_seconds:.1f} s")
        print(f"figure: setup_build_s_{suffix} {time.perf_counter() - start:.1f} s")
        print(f"figure: attendance_rows_{suffix} {ctx['attended_rows']} count")
        measure(ctx, args.requests, suffix)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
