# ruff: noqa: S608  (the SQL here is built from this script's own integers and names)
"""Nation scale on PostgreSQL: ``python benchmarks/nation.py [--people N --units N ...]``.

Builds the country in the PostgreSQL database ``tk_scale_nation`` (server from ``BENCH_PG_URL``,
default ``postgres://postgres@127.0.0.1:5432/postgres``; dropped and created here, kept after the
run so that ``--measure-only`` can measure again): the root → 34 provinces → 3,321 communes →
party cells, ~137,000 units and 5,600,000 people by default, one rollout about 70% done with a
session per commune (a connection point per cell) and the attendance of everyone who came,
plans of the communes and provinces, and the maintained counters (own, subtree roll-ups,
sessions' reach) filled by set-based SQL.

Memory stays flat: units and people are streamed into PostgreSQL with COPY in batches (the
secondary indexes of the big tables are dropped before and rebuilt after, foreign-key triggers
are off during the load: the data is consistent by construction, and the counter checker proves
the figures at the end); participants, attendance, plans and counters are derived server-side
with INSERT … SELECT.

Then measures, logged in as an officer at the root, through the Django test client:
- the progress page at the root, at a province and at a commune (p50 / p95);
- the officer's home page and the directive's effect view at the root (p50);
- marking 500 people present at one point with ``attendance_mark`` (median of three points);
- the hot row: ``--contention`` threads adding to the root's totals, with 16 shards and with 1;
- the counter checker over the whole rollout (differences must be 0).

Prints ``figure: <name> <value> <unit>`` lines, with the load average beside the timings.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchdb import pg_admin, pg_url  # noqa: E402

PG_DB = "tk_scale_nation"
COPY_BATCH = 50_000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Thanh", "Minh", "Quốc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Mai", "Nam", "Oanh"]
GIVEN += ["Phúc", "Quang", "Sơn", "Thảo", "Uyên", "Việt", "Xuân", "Yến"]
BIG = 500  # people in each of the three cells used for the marking measurement


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def figure(name: str, value: object, unit: str) -> None:
    print(f"figure: {name} {value} {unit}", flush=True)


def step(label: str, started: float) -> None:
    print(
        f"  {label}: {time.perf_counter() - started:.1f} s "
        f"(peak rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB, "
        f"load {_load()})",
        flush=True,
    )


def setup_django(*, create: bool, name: str = PG_DB) -> None:
    server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if create:
        pg_admin(server, f"DROP DATABASE IF EXISTS {name}")
        pg_admin(server, f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = pg_url(server, name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # also brings a kept database up to the code


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    """Streams tab-separated rows into `table` with COPY, COPY_BATCH rows per write."""
    n = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        buf: list[str] = []
        for row in rows:
            buf.append("\t".join(row))
            n += 1
            if len(buf) >= COPY_BATCH:
                copy.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            copy.write("\n".join(buf) + "\n")
    return n


def _drop_indexes(cursor, table: str) -> list[str]:
    """Drops the secondary indexes of `table` that back no constraint; returns their DDL."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.tablename = %s AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        [table],
    )
    rows = cursor.fetchall()
    for name, _ in rows:
        cursor.execute(f'DROP INDEX "{name}"')
    return [ddl for _, ddl in rows]


def build(args: argparse.Namespace) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from apps.access.models import Assignment
    from apps.common.text import collation_key, person_sort_key, strip_diacritics
    from apps.directives.models import Directive, DirectiveKind
    from apps.org.models import Unit, UnitKind
    from apps.people.models import Person
    from apps.rollout.models import ConnectionPoint, Rollout, Session
    from apps.rollout.services import rollups

    rng = random.Random(34)
    kinds = dict(UnitKind.objects.values_list("code", "pk"))
    today = timezone.localdate()
    valid_from = (today - datetime.timedelta(days=400)).isoformat()

    # --- units: root → provinces → communes → cells, paths computed here ---
    started = time.perf_counter()
    cells_total = args.units - 1 - args.provinces - args.communes
    communes_of = [
        args.communes // args.provinces + (1 if i < args.communes % args.provinces else 0)
        for i in range(args.provinces)
    ]
    cells_of = [
        cells_total // args.communes + (1 if i < cells_total % args.communes else 0)
        for i in range(args.communes)
    ]
    root = Unit._get_path(None, 1, 1)
    province_paths: list[str] = []
    commune_paths: list[str] = []
    cell_paths: list[str] = []

    def unit_row(path: str, code: str, name: str, kind: str, numchild: int) -> list[str]:
        return [
            path,
            str(len(path) // Unit.steplen),
            str(numchild),
            code,
            name,
            valid_from,
            strip_diacritics(f"{name} {code}")[:255],
            collation_key(name)[:600],
            str(kinds.get(kind) or next(iter(kinds.values()))),
        ]

    def units():
        yield unit_row(root, "TW", "Đảng bộ Khối các cơ quan Trung ương", "dang-bo-tinh", 34)
        c = 0
        for p in range(args.provinces):
            ppath = Unit._get_path(root, 2, p + 1)
            province_paths.append(ppath)
            yield unit_row(
                ppath,
                f"T{p:02d}",
                f"Đảng bộ tỉnh Sông Hồng {p + 1}",
                "dang-bo-tinh",
                communes_of[p],
            )
            for k in range(communes_of[p]):
                cpath = Unit._get_path(ppath, 3, k + 1)
                commune_paths.append(cpath)
                yield unit_row(
                    cpath, f"X{c:04d}", f"Đảng bộ xã Hòa Ninh {c + 1}", "dang-bo-xa", cells_of[c]
                )
                for j in range(cells_of[c]):
                    path = Unit._get_path(cpath, 4, j + 1)
                    cell_paths.append(path)
                    yield unit_row(
                        path,
                        f"X{c:04d}-{j:03d}",
                        f"Chi bộ thôn Đạ Tẻh {c + 1}.{j + 1}",
                        "chi-bo",
                        0,
                    )
                c += 1

    columns = [
        "path",
        "depth",
        "numchild",
        "code",
        "name",
        "valid_from",
        "search_text",
        "sort_key",
        "kind_id",
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        n_units = _copy(cursor, "org_unit", columns, units())
    ids = dict(Unit.objects.values_list("path", "pk"))
    step(f"units ({n_units})", started)

    # --- people: streamed with COPY, three cells of exactly 500 kept apart ---
    started = time.perf_counter()
    middle_commune = len(commune_paths) // 2
    big_cells = [p for p in cell_paths if p[:12] == commune_paths[middle_commune]][:3]
    others = [p for p in cell_paths if p not in set(big_cells)]
    rest = args.people - BIG * len(big_cells)
    names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
    keys = {n: person_sort_key(n) for n in names}
    folded = {n: strip_diacritics(n) for n in names}

    def people():
        i = 0
        plan = [(p, BIG) for p in big_cells] + [
            (p, rest // len(others) + (1 if k < rest % len(others) else 0))
            for k, p in enumerate(others)
        ]
        for path, count in plan:
            unit_id = str(ids[path])
            for _ in range(count):
                name = names[rng.randrange(len(names))]
                code = f"P{i:07d}"
                yield [
                    code,
                    name,
                    "nam" if i % 2 else "nu",
                    str(1960 + i % 40),
                    str(1 << (i % 4)),
                    "",
                    "f",
                    "",
                    "",
                    f"{folded[name]} {code.lower()}"[:200],
                    keys[name],
                    unit_id,
                ]
                i += 1

    columns = [
        "code", "full_name", "gender", "birth_year", "category_mask", "position", "is_head",
        "phone", "email", "search_text", "sort_key", "unit_id",
    ]  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # no FK triggers
        dropped = _drop_indexes(cursor, "people_person")
        n_people = _copy(cursor, "people_person", columns, people())
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for ddl in dropped:
            cursor.execute(ddl)
    step(f"people ({n_people}, COPY + {len(dropped)} indexes rebuilt)", started)

    # --- the officer, the directive, the rollout ---
    started = time.perf_counter()
    officer = get_user_model().objects.create_user(
        username="bench_officer",
        password="bench-pass-2026",  # noqa: S106
    )
    officer_person = Person.objects.create(
        code="OFFICER",
        full_name="Cán bộ Văn phòng Trung ương",
        gender="nam",
        birth_year=1980,
        unit_id=ids[root],
        user=officer,
    )
    Assignment.objects.create(person=officer_person, unit_id=ids[root], role="officer")
    kind, _ = DirectiveKind.objects.get_or_create(code="chi-thi", defaults={"name": "Chỉ thị"})
    directive = Directive.objects.create(
        kind=kind,
        number="34",
        symbol="34-CT/TW",
        issuer_id=ids[root],
        issuer_name="Ban Bí thư",
        issued_on=today - datetime.timedelta(days=35),
        title="Phát huy tinh thần trách nhiệm, sự năng động, sáng tạo, dám nghĩ, dám làm",
    )
    rollout = Rollout.objects.create(
        directive=directive,
        unit_id=ids[root],
        title="Quán triệt Chỉ thị 34-CT/TW",
        starts_on=today - datetime.timedelta(days=30),
        dissemination_due=today + datetime.timedelta(days=10),
        plan_due=today + datetime.timedelta(days=15),
        requires_commitment=True,
    )
    r = rollout.pk
    big_ids = ",".join(str(ids[p]) for p in big_cells)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SELECT setseed(0.34)")
        # A session per commune, held 2–28 days ago; a point at the commune and at each cell.
        cursor.execute(
            f"""
            INSERT INTO rollout_session (title, starts_at, ends_at, place, mode, checkin_code,
                created_at, rollout_id, unit_id)
            SELECT 'Hội nghị quán triệt Chỉ thị 34-CT/TW ' || u.name, t.s, t.s + interval '3 hours',
                'Hội trường UBND xã', 'hybrid', 'C' || u.id, now(), {r}, u.id
            FROM org_unit u,
                LATERAL (SELECT now() - (2 + floor(random() * 26)) * interval '1 day'
                                - floor(random() * 6) * interval '1 hour' + u.id * interval '0 s'
                         AS s) t
            WHERE u.depth = 3
            """
        )
        cursor.execute(
            f"""
            INSERT INTO rollout_connectionpoint (place, unit_id, session_id)
            SELECT CASE WHEN u.depth = 3 THEN 'Hội trường xã' ELSE 'Nhà văn hóa' END, u.id, s.id
            FROM org_unit u
            JOIN org_unit c ON c.path = substr(u.path, 1, 12)
            JOIN rollout_session s ON s.unit_id = c.id AND s.rollout_id = {r}
            WHERE u.depth >= 3 AND u.id NOT IN ({big_ids})
            """
        )
    step("rollout, sessions, points", started)

    # --- participants: 70% done (92% at a session, the rest by make-up study), 6% came but
    # have not signed, 1% exempt; the three big cells untouched ---
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SELECT setseed(0.7)")
        dropped = _drop_indexes(cursor, "rollout_participant")
        cursor.execute(
            f"""
            INSERT INTO rollout_participant (joined_on, exempt, exempt_reason, attended,
                makeup_passed, commitment_signed, done, done_at, person_id, unit_id, rollout_id)
            SELECT %s, x.roll >= 0.76 AND x.roll < 0.77,
                CASE WHEN x.roll >= 0.76 AND x.roll < 0.77 THEN 'Nghỉ ốm dài ngày' ELSE '' END,
                (x.roll < 0.70 AND x.came) OR (x.roll >= 0.70 AND x.roll < 0.76),
                x.roll < 0.70 AND NOT x.came,
                x.roll < 0.70, x.roll < 0.70,
                CASE WHEN x.roll < 0.70 THEN now() - floor(x.roll * 42) * interval '1 day'
                    - floor(random() * 600) * interval '1 minute' END,
                x.id, x.unit_id, {r}
            FROM (
                SELECT p.id, p.unit_id,
                    CASE WHEN p.unit_id IN ({big_ids}) THEN 1.0 ELSE random() END AS roll,
                    random() < 0.92 AS came
                FROM people_person p
            ) x
            """,
            [rollout.starts_on],
        )
        n_participants = cursor.rowcount
        for ddl in dropped:
            cursor.execute(ddl)
    step(f"participants ({n_participants})", started)

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        dropped = _drop_indexes(cursor, "rollout_attendance")
        cursor.execute(
            f"""
            INSERT INTO rollout_attendance (status, reason, self_checkin, marked_at, point_id,
                participant_id, session_id)
            SELECT 'present', '', false, s.starts_at, pt.id, p.id, s.id
            FROM rollout_participant p
            JOIN rollout_connectionpoint pt ON pt.unit_id = p.unit_id
            JOIN rollout_session s ON s.id = pt.session_id AND s.rollout_id = {r}
            WHERE p.rollout_id = {r} AND p.attended
            """
        )
        n_attendance = cursor.rowcount
        for ddl in dropped:
            cursor.execute(ddl)
        # Plans: every province and two communes in three submitted, the rest drafts.
        cursor.execute(
            f"""
            INSERT INTO plans_plan (title, status, first_submitted_at, submitted_at, created_at,
                rollout_id, unit_id, submitted_late)
            SELECT 'Kế hoạch thực hiện Chỉ thị 34-CT/TW', t.status,
                CASE WHEN t.status = 'submitted' THEN now() END,
                CASE WHEN t.status = 'submitted' THEN now() END, now(), {r}, u.id, false
            FROM org_unit u,
                LATERAL (SELECT CASE WHEN u.depth = 2 OR u.id % 3 <> 0 THEN 'submitted'
                         ELSE 'draft' END AS status) t
            WHERE u.depth IN (2, 3)
            """
        )
        n_plans = cursor.rowcount
    step(f"attendance ({n_attendance}), plans ({n_plans})", started)

    # --- the maintained counters, set-based: own, subtree (per depth), sessions' reach ---
    started = time.perf_counter()
    fields = ", ".join(rollups.FIELDS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO rollout_rolloutunitstat (rollout_id, unit_id, {fields})
            SELECT {r}, u.id, count(p.id), count(p.id) FILTER (WHERE p.exempt),
                count(p.id) FILTER (WHERE p.done), count(p.id) FILTER (WHERE p.attended),
                count(p.id) FILTER (WHERE p.makeup_passed),
                count(p.id) FILTER (WHERE p.commitment_signed)
            FROM org_unit u LEFT JOIN rollout_participant p ON p.unit_id = u.id AND p.rollout_id = {r}
            GROUP BY u.id
            """
        )
        sums = ", ".join(f"sum(s.{f})" for f in rollups.FIELDS)
        for depth in range(1, 5):
            cursor.execute(
                f"""
                INSERT INTO rollout_rolloutsubtreestat (rollout_id, unit_id, shard, {fields})
                SELECT {r}, a.id, s.unit_id % {rollups.SHARDS}, {sums}
                FROM rollout_rolloutunitstat s
                JOIN org_unit u ON u.id = s.unit_id
                JOIN org_unit a ON a.path = substr(u.path, 1, {depth * Unit.steplen})
                WHERE s.rollout_id = {r} AND u.depth >= {depth} AND s.people > 0
                GROUP BY a.id, s.unit_id % {rollups.SHARDS}
                """
            )
            cursor.execute(
                f"""
                INSERT INTO rollout_sessionreach (rollout_id, unit_id, session_id, starts_at, points)
                SELECT {r}, a.id, s.id, s.starts_at, count(*)
                FROM rollout_connectionpoint pt
                JOIN rollout_session s ON s.id = pt.session_id AND s.rollout_id = {r}
                JOIN org_unit u ON u.id = pt.unit_id
                JOIN org_unit a ON a.path = substr(u.path, 1, {depth * Unit.steplen})
                WHERE u.depth >= {depth}
                GROUP BY a.id, s.id, s.starts_at
                """
            )
    # Sessions running now for the three 500-person cells (not reached yet).
    now = timezone.now()
    big_points = []
    for path in big_cells:
        with transaction.atomic():
            session = Session.objects.create(
                rollout=rollout,
                unit_id=ids[path],
                title="Hội nghị quán triệt tại chi bộ",
                starts_at=now - datetime.timedelta(minutes=30),
                ends_at=now + datetime.timedelta(hours=2),
                place="Nhà văn hóa",
                mode="in_person",
                checkin_code="BIG500",
            )
            point = ConnectionPoint.objects.create(
                session=session, unit_id=ids[path], place="Nhà văn hóa"
            )
            rollups.points_added([point])
            big_points.append(point)
    with connection.cursor() as cursor:
        for table in (
            "rollout_rolloutunitstat",
            "rollout_rolloutsubtreestat",
            "rollout_sessionreach",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("ANALYZE")
    step("counters and roll-ups, ANALYZE", started)
    return {
        "rollout": rollout,
        "officer": officer,
        "province_pk": ids[province_paths[len(province_paths) // 2]],
        "commune_pk": ids[commune_paths[middle_commune + 1]],
        "big_points": big_points,
    }


def context() -> dict:
    """What measure() needs, from a database built earlier (--measure-only)."""
    from django.contrib.auth import get_user_model

    from apps.org.models import Unit
    from apps.rollout.models import ConnectionPoint, Rollout

    rollout = Rollout.objects.get(title="Quán triệt Chỉ thị 34-CT/TW")
    provinces = list(Unit.objects.filter(depth=2).order_by("path").values_list("pk", flat=True))
    communes = list(Unit.objects.filter(depth=3).order_by("path").values_list("pk", flat=True))
    return {
        "rollout": rollout,
        "officer": get_user_model().objects.get(username="bench_officer"),
        "province_pk": provinces[len(provinces) // 2],
        "commune_pk": communes[len(communes) // 2 + 1],
        "big_points": list(
            ConnectionPoint.objects.filter(session__checkin_code="BIG500").order_by("pk")
        ),
    }


def measure(ctx: dict, requests: int) -> None:
    from django.test import Client
    from django.urls import reverse

    from apps.rollout.enums import AttendanceStatus
    from apps.rollout.models import Attendance
    from apps.rollout.services.sessions import attendance_mark

    rollout = ctx["rollout"]
    client = Client()
    client.force_login(ctx["officer"])
    root_url = reverse("rollout_progress", args=[rollout.pk])

    def timed(url: str, n: int = requests) -> list[float]:
        for _ in range(3):  # warm-up
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(n):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, url
        return times

    load = _load()
    root = timed(root_url)
    province = timed(f"{root_url}?don_vi={ctx['province_pk']}")
    commune = timed(f"{root_url}?don_vi={ctx['commune_pk']}")
    home = timed(reverse("home"), max(5, requests // 3))
    effect = timed(reverse("directive_effect", args=[rollout.directive_id]), max(5, requests // 3))
    figure("progress_root_p50_ms", _ms(statistics.median(root)), "ms")
    figure("progress_root_p95_ms", _ms(_p95(root)), "ms")
    figure("progress_province_p50_ms", _ms(statistics.median(province)), "ms")
    figure("progress_commune_p50_ms", _ms(statistics.median(commune)), "ms")
    figure("progress_commune_p95_ms", _ms(_p95(commune)), "ms")
    figure("home_root_officer_p50_ms", _ms(statistics.median(home)), "ms")
    figure("effect_root_p50_ms", _ms(statistics.median(effect)), "ms")
    figure("load_average_during_pages", load, "1/5/15min")

    load = _load()
    marks = []
    for point in ctx["big_points"]:
        Attendance.objects.filter(point=point).delete()  # re-runnable (--measure-only)
        start = time.perf_counter()
        written = attendance_mark(
            actor=ctx["officer"], point=point, default_status=AttendanceStatus.PRESENT
        )
        marks.append(time.perf_counter() - start)
        assert written == BIG, written
    figure("attendance_500_marks_ms", _ms(statistics.median(marks)), "ms")
    figure("load_average_during_marks", load, "1/5/15min")


def contention(ctx: dict, threads: int, per_thread: int) -> None:
    """Writers adding to the totals of different cells (so of the same root) at once: the
    throughput with the roll-ups' 16 shards against a single row per unit (SHARDS = 1).
    Runs on a scratch rollout, deleted afterwards."""
    from django.db import connections, transaction

    from apps.org.models import Unit
    from apps.rollout.models import Rollout
    from apps.rollout.services import rollups

    rollout = ctx["rollout"]
    scratch = Rollout.objects.create(
        directive_id=rollout.directive_id,
        unit_id=rollout.unit_id,
        title="scratch: contention",
        starts_on=rollout.starts_on,
        dissemination_due=rollout.dissemination_due,
        plan_due=rollout.plan_due,
    )
    cells = list(Unit.objects.filter(depth=4).order_by("?").values_list("pk", "path")[:threads])
    original = rollups.SHARDS
    try:
        for shards in (16, 1):
            rollups.SHARDS = shards
            latencies: list[float] = []
            lock = threading.Lock()

            def writer(
                unit_id: int, path: str, latencies: list[float], lock: threading.Lock
            ) -> None:
                mine = []
                try:
                    for _ in range(per_thread):
                        start = time.perf_counter()
                        with transaction.atomic():
                            rollups.tree_lock_shared()
                            rollups.add_own_changes(
                                scratch.pk, [(unit_id, path, (1, 0, 1, 1, 0, 1))]
                            )
                        mine.append(time.perf_counter() - start)
                finally:
                    connections.close_all()
                with lock:
                    latencies.extend(mine)

            load = _load()
            workers = [threading.Thread(target=writer, args=(*c, latencies, lock)) for c in cells]
            start = time.perf_counter()
            for w in workers:
                w.start()
            for w in workers:
                w.join()
            elapsed = time.perf_counter() - start
            figure(f"hot_root_writes_per_s_shards{shards}", round(len(latencies) / elapsed), "tx/s")
            figure(f"hot_root_write_p95_ms_shards{shards}", _ms(_p95(latencies)), "ms")
            figure(f"load_average_during_contention_shards{shards}", load, "1/5/15min")
    finally:
        rollups.SHARDS = original
        scratch.delete()


def check(ctx: dict) -> None:
    from apps.rollout.services import rollups

    load = _load()
    start = time.perf_counter()
    diffs = rollups.check(ctx["rollout"].pk)
    figure("checker_seconds", round(time.perf_counter() - start, 1), "s")
    figure("checker_differences", len(diffs), "count")
    figure("figures_exact", "yes" if not diffs else "no", "")
    figure("load_average_during_checker", load, "1/5/15min")
    for d in diffs[:10]:
        print(f"  {d}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=5_600_000)
    parser.add_argument("--units", type=int, default=137_000)
    parser.add_argument("--communes", type=int, default=3_321)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--contention", type=int, default=8, help="writer threads (0: skip)")
    parser.add_argument("--db", default=PG_DB, help="database name (dropped and created)")
    parser.add_argument("--measure-only", action="store_true", help="reuse the built database")
    args = parser.parse_args(argv)

    setup_django(create=not args.measure_only, name=args.db)
    if args.measure_only:
        ctx = context()
    else:
        print(f"building {args.people} people in {args.units} units (load {_load()})", flush=True)
        start = time.perf_counter()
        ctx = build(args)
        figure("build_seconds", round(time.perf_counter() - start, 1), "s")
        figure(
            "build_peak_rss_mb",
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "MB",
        )
    from apps.org.models import Unit
    from apps.rollout.models import Participant

    figure("units", Unit.objects.count(), "count")
    figure("participants", Participant.objects.filter(rollout=ctx["rollout"]).count(), "count")
    measure(ctx, args.requests)
    if args.contention:
        contention(ctx, args.contention, 100)
    check(ctx)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
