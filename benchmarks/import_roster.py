"""Roster import benchmark: 100,000 people in 5,000 units, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/import_roster.py              # SQLite, plus PostgreSQL if
                                                              # DATABASE_URL is postgres://
    .venv/bin/python benchmarks/import_roster.py --postgres   # both
    .venv/bin/python benchmarks/import_roster.py --people 20000 --units 1000

Builds one .xlsx (sheets "Đơn vị" and "Cán bộ"), then, for each database in a fresh child
process: creates a throwaway database (a temp SQLite file, or `trienkhai_bench` on the
PostgreSQL server of DATABASE_URL / 127.0.0.1), migrates it, creates the root unit the file
hangs under, and times `roster_import` end to end (read, validate, write, history). Prints:

    figure: import_rows_per_s_<db> N rows/s
    figure: import_peak_memory_mb_<db> N MB      (ru_maxrss of the child process)

Target: at least 5,000 rows/s on both, peak memory below 500 MB.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/trienkhai"
BENCH_DB = "trienkhai_bench"
ROOT_CODE = "BENCH"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Hoài"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Việt",
    "Yến",
]
CATEGORIES = ["Đảng viên", "Đảng viên, Công chức", "Viên chức", "Người lao động", "Công chức"]
POSITIONS = ["Bí thư", "Phó Bí thư", "Chuyên viên", "Cán sự", "Nhân viên", ""]


def build_xlsx(path: Path, people: int, units: int) -> None:
    from openpyxl import Workbook

    rng = random.Random(34)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Đơn vị")
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên"])
    communes = max(1, units // 100)
    codes: list[str] = []
    for c in range(communes):
        code = f"B{c:03d}"
        sheet.append([code, f"Đảng bộ xã Thử Nghiệm {c + 1}", "Đảng bộ xã", ROOT_CODE])
        codes.append(code)
    cell_index = 0
    while len(codes) < units:
        parent = f"B{cell_index % communes:03d}"
        code = f"{parent}-{cell_index // communes + 1:03d}"
        sheet.append(
            [code, f"Chi bộ thôn {cell_index // communes + 1} ({parent})", "chi-bo", parent]
        )
        codes.append(code)
        cell_index += 1
    sheet = workbook.create_sheet("Cán bộ")
    sheet.append(
        [
            "Mã cán bộ",
            "Họ và tên",
            "Giới tính",
            "Năm sinh",
            "Đối tượng",
            "Chức vụ",
            "Người đứng đầu",
            "Mã đơn vị",
            "Điện thoại",
            "Email",
        ]
    )
    for i in range(people):
        female = rng.random() < 0.45
        name = f"{rng.choice(FAMILY)} {'Thị' if female else rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        sheet.append(
            [
                f"CB{i:06d}",
                name,
                "Nữ" if female else "Nam",
                rng.randint(1960, 2003),
                rng.choice(CATEGORIES),
                rng.choice(POSITIONS),
                "x" if i % 50 == 0 else "",
                codes[i % len(codes)],
                f"09{rng.randint(10_000_000, 99_999_999)}",
                f"cb{i}@thunghiem.gov.vn" if i % 3 == 0 else "",
            ]
        )
    workbook.save(path)


def _pg_admin_url(url: str, dbname: str) -> str:
    base, _, _old = url.rpartition("/")
    return f"{base}/{dbname}"


def _pg_conninfo(url: str) -> str:
    return _pg_admin_url(url, "postgres")


def run_child(db: str, xlsx: Path, pg_url: str) -> dict[str, Any]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    env["PYTHONPATH"] = str(ROOT)
    env["Q_SYNC"] = "1"
    tmpdir = None
    if db == "sqlite":
        tmpdir = tempfile.mkdtemp(prefix="trienkhai-bench-")
        env["DATABASE_URL"] = f"sqlite:///{tmpdir}/bench.sqlite3"
    else:
        import psycopg

        with psycopg.connect(_pg_conninfo(pg_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
        env["DATABASE_URL"] = _pg_admin_url(pg_url, BENCH_DB)
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(xlsx)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
    except subprocess.CalledProcessError as exc:
        print(exc.stdout, exc.stderr, file=sys.stderr)
        raise
    finally:
        if db == "sqlite" and tmpdir:
            for item in Path(tmpdir).iterdir():
                item.unlink()
            Path(tmpdir).rmdir()
        elif db == "postgres":
            import psycopg

            with psycopg.connect(_pg_conninfo(pg_url), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    line = [x for x in out.stdout.splitlines() if x.startswith("{")][-1]
    return json.loads(line)


def child(xlsx: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from apps.org.models import Unit, UnitKind
    from apps.people.models import Person
    from apps.people.roster import services

    root = Unit(
        code=ROOT_CODE,
        name="Đảng bộ tỉnh Thử Nghiệm",
        kind=UnitKind.objects.get(code="dang-bo-tinh"),
    )
    root.refresh_computed()
    Unit.objects.add_root(instance=root)

    first_seen: dict[str, float] = {}

    def progress(done: int, total: int, message: str) -> None:  # noqa: ARG001 - callback
        first_seen.setdefault(message, time.perf_counter())

    cpu_start = time.process_time()
    start = time.perf_counter()
    result = services.roster_import(
        actor=None, path_or_file=str(xlsx), filename=xlsx.name, progress=progress
    )
    end = time.perf_counter()
    cpu = time.process_time() - cpu_start
    elapsed = end - start
    marks = [start, *sorted(first_seen.values()), end]
    names = ["start", *sorted(first_seen, key=first_seen.__getitem__)]
    # Time until the first report of the next phase, attributed to the previous one.
    phases = {
        names[i].rstrip("…"): marks[i + 1] - marks[i]
        for i in range(len(names))
        if names[i] != "start"
    }
    phases = {"Đọc tệp" if k == "Đang đọc tệp" else k: v for k, v in phases.items()}
    assert result.people_created == Person.objects.count(), result
    rerun_start = time.perf_counter()
    again = services.roster_import(actor=None, path_or_file=str(xlsx), filename=xlsx.name)
    rerun = time.perf_counter() - rerun_start
    assert again.changed_rows == 0, again
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "rows": result.rows,
                "seconds": elapsed,
                "cpu_seconds": cpu,
                "rerun_seconds": rerun,
                "peak_mb": peak_mb,
                "units": result.units_created,
                "people": result.people_created,
                "phases": phases,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=5_000)
    parser.add_argument("--postgres", action="store_true", help="also run on PostgreSQL")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    url = os.environ.get("DATABASE_URL", "")
    pg_url = url if url.startswith("postgres") else DEFAULT_PG
    databases = [] if args.no_sqlite else ["sqlite"]
    if args.postgres or url.startswith("postgres"):
        databases.append("postgres")
    with tempfile.TemporaryDirectory(prefix="trienkhai-bench-") as tmp:
        xlsx = Path(tmp) / "danh-sach-100000.xlsx"
        t0 = time.perf_counter()
        build_xlsx(xlsx, args.people, args.units)
        print(
            f"built {xlsx.name}: {args.units} units, {args.people} people, "
            f"{xlsx.stat().st_size / 1048576:.1f} MB in {time.perf_counter() - t0:.1f} s"
        )
        for db in databases:
            load = os.getloadavg()[0]
            stats = run_child(db, xlsx, pg_url)
            rate = stats["rows"] / stats["seconds"]
            phases = ", ".join(f"{k} {v:.1f} s" for k, v in stats["phases"].items())
            print(
                f"{db}: {stats['rows']} rows ({stats['units']} units, {stats['people']} people) "
                f"in {stats['seconds']:.1f} s [{phases}]; re-import (no change) "
                f"{stats['rerun_seconds']:.1f} s; import process CPU {stats['cpu_seconds']:.1f} s "
                f"({stats['rows'] / stats['cpu_seconds']:.0f} rows per CPU-second); "
                f"load average before the run {load:.1f} on {os.cpu_count()} CPUs"
            )
            print(f"figure: import_rows_per_s_{db} {rate:.0f} rows/s")
            print(f"figure: import_peak_memory_mb_{db} {stats['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
