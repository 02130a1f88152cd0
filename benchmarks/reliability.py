"""The standing reliability suite (`make reliability`; not part of `make test`).

    .venv/bin/python benchmarks/reliability.py               # everything, SQLite and PostgreSQL
    .venv/bin/python benchmarks/reliability.py --kills 3 --rows 20000 --no-postgres

1. Hostile files: a corpus of crafted roster (.xlsx/.csv) and directive (.docx/.pdf) files is
   built in a temporary directory; each is read by a fresh child process (the same readers as
   the pages, the commands and the task worker) whose wall time and peak memory (ru_maxrss)
   are measured. Every file must be refused with a message (or read, when harmless) in under
   `--file-seconds` (10 s of CPU time) and `--file-mb` (500 MB).
2. kill -9 during imports: on a throwaway SQLite file and a throwaway PostgreSQL database,
   `manage.py import_roster` of a new `--rows`-row file (50,000) is killed with SIGKILL at a
   random moment, `--kills` times (10) per database; after each kill the database must hold
   all of the file's people or none (and memberships to match; SQLite's integrity_check ok).
3. Races: the concurrency tests (ten first openings of a report, ten workers handed one job,
   concurrent attendance marking) run under pytest on both databases.

Prints `figure: <name> <value> <unit>` lines and one line per hostile file; exits non-zero
when any check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_NAME = "trienkhai_reliability"
RACE_TESTS = [
    "tests/plans/test_report_race.py",
    "tests/reliability/test_races.py",
    "tests/rollout/test_attendance.py::test_figures_stay_exact_while_points_are_marked_concurrently",
]
PEOPLE_HEADER = "Mã cán bộ,Họ và tên,Giới tính,Năm sinh,Đối tượng,Chức vụ,Người đứng đầu,Mã đơn vị"


def figure(name: str, value: object, unit: str = "") -> None:
    print(f"figure: {name} {value} {unit}".rstrip(), flush=True)


# --- 1. hostile files ----------------------------------------------------------------------


def _zip(path: Path, parts: dict[str, bytes | Path], level: int = 6) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in parts.items():
            if isinstance(data, Path):
                archive.write(data, name)
            else:
                archive.writestr(name, data)


XLSX_BASE = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="C\xc3\xa1n b\xe1\xbb\x99" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}
SHEET_HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = b"</sheetData></worksheet>"


def _big_file(path: Path, head: bytes, unit: bytes, count: int, tail: bytes) -> Path:
    with open(path, "wb") as out:
        out.write(head)
        block = unit * 10_000
        for _ in range(count // 10_000):
            out.write(block)
        out.write(tail)
    return path


def build_corpus(folder: Path) -> list[tuple[str, str, Path]]:
    """(label, reader, path) for every hostile file; reader is "roster" or "directive"."""
    rng = random.Random(16)
    files: list[tuple[str, str, Path]] = []

    def add(label: str, reader: str, name: str) -> Path:
        path = folder / name
        files.append((label, reader, path))
        return path

    # The defect-4 file: ~10 MB on disk, a 396 MB shared-string table (~38:1).
    words = [f"Nguyễn Văn {rng.randrange(10**6):06d} ".encode() for _ in range(40)]
    strings = folder / "sst.xml"
    with open(strings, "wb") as out:
        out.write(
            b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        )
        written = 0
        while written < 396 * 1024 * 1024:
            chunk = b"".join(b"<si><t>" + rng.choice(words) * 3 + b"</t></si>" for _ in range(2000))
            out.write(chunk)
            written += len(chunk)
        out.write(b"</sst>")
    _zip(
        add("sharedStrings 396 MB", "roster", "chuoi-396mb.xlsx"),
        {
            **XLSX_BASE,
            "xl/sharedStrings.xml": strings,
            "xl/worksheets/sheet1.xml": SHEET_HEAD + SHEET_TAIL,
        },
        level=9,
    )
    strings.unlink()
    # Zip bomb: 1 GB of zeros in a sheet.
    zeros = _big_file(folder / "zeros.xml", b"", b"\0" * 1024, 1024 * 1024, b"")
    _zip(
        add("zip bomb 1 GB", "roster", "bom-zip.xlsx"),
        {**XLSX_BASE, "xl/worksheets/sheet1.xml": zeros},
        level=9,
    )
    zeros.unlink()
    # One row with 2 million cells.
    wide = folder / "wide.xml"
    with open(wide, "wb") as out:
        out.write(SHEET_HEAD + b'<row r="1">')
        for _ in range(200):
            cells = (
                b'<c t="inlineStr"><is><t>%d</t></is></c>' % rng.randrange(10**9)
                for _ in range(10_000)
            )
            out.write(b"".join(cells))
        out.write(b"</row>" + SHEET_TAIL)
    _zip(
        add("one row, 2 million cells", "roster", "hang-rong.xlsx"),
        {**XLSX_BASE, "xl/worksheets/sheet1.xml": wide},
    )
    wide.unlink()
    # One 30 MB cell.
    giant = folder / "giant.xml"
    with open(giant, "wb") as out:
        out.write(SHEET_HEAD + b'<row r="1"><c t="inlineStr"><is><t>')
        for _ in range(150):
            out.write(b" ".join(rng.choice(words) for _ in range(5000)))
        out.write(b"</t></is></c></row>" + SHEET_TAIL)
    _zip(
        add("one 30 MB cell", "roster", "o-khong-lo.xlsx"),
        {**XLSX_BASE, "xl/worksheets/sheet1.xml": giant},
    )
    giant.unlink()
    # 1 million empty rows, then data.
    empty = folder / "empty.xml"
    with open(empty, "wb") as out:
        out.write(SHEET_HEAD)
        for n in range(1, 1_000_001, 1000):
            out.write(b"".join(b'<row r="%d"/>' % (n + k) for k in range(1000)))
        out.write(b'<row r="1000001"><c t="inlineStr"><is><t>x</t></is></c></row>' + SHEET_TAIL)
    _zip(
        add("1 million empty rows", "roster", "hang-trong.xlsx"),
        {**XLSX_BASE, "xl/worksheets/sheet1.xml": empty},
    )
    empty.unlink()
    # XML attacks.
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&lol6;</t></is></c></row></sheetData></worksheet>'
    _zip(
        add("billion laughs (sheet)", "roster", "billion-laughs.xlsx"),
        {**XLSX_BASE, "xl/worksheets/sheet1.xml": laughs},
    )
    _zip(
        add("billion laughs (sharedStrings)", "roster", "billion-laughs-sst.xlsx"),
        {
            **XLSX_BASE,
            "xl/sharedStrings.xml": laughs.replace(b"worksheet", b"sst"),
            "xl/worksheets/sheet1.xml": SHEET_HEAD + SHEET_TAIL,
        },
    )
    nested = SHEET_HEAD + b"<row>" + b"<x>" * 100_000 + b"</x>" * 100_000 + b"</row>" + SHEET_TAIL
    _zip(
        add("100,000 nested elements", "roster", "long-sau.xlsx"),
        {**XLSX_BASE, "xl/worksheets/sheet1.xml": nested},
    )
    # Lies and encodings.
    add("executable named .xlsx", "roster", "exe.xlsx").write_bytes(
        b"MZ\x90\x00" + os.urandom(4096)
    )
    add("OLE (.xls) named .xlsx", "roster", "cu.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4096)
    )
    add("truncated zip", "roster", "cut.xlsx").write_bytes(
        (ROOT / "pyproject.toml").read_bytes()[:0] + b"PK\x03\x04" + os.urandom(2000)
    )
    rows = "\n".join(f"CB{i},Nguyễn Văn {i},Nam,1980,Đảng viên,,,XA-1" for i in range(2000))
    add("UTF-16 CSV", "roster", "utf16.csv").write_bytes(
        (PEOPLE_HEADER + "\n" + rows).encode("utf-16")
    )
    add("CSV with NUL after 8 KB", "roster", "nul.csv").write_bytes(
        (PEOPLE_HEADER + "\n" + rows + "\nCBX,Ng\x00uyen,Nam,1980,,,,XA-1\n").encode()
    )
    add("CP1258 CSV", "roster", "cp1258.csv").write_bytes(
        (PEOPLE_HEADER + "\n" + rows).encode("cp1258", "replace")
    )
    add("CSV over 20 MB", "roster", "lon.csv").write_bytes(
        ((PEOPLE_HEADER + "\n" + rows + "\n") * 300).encode()
    )
    add("CSV with one 19 MB line", "roster", "dong-dai.csv").write_bytes(
        PEOPLE_HEADER.encode() + b"\n" + b"x" * (19 * 1024 * 1024)
    )
    add("zip named .csv", "roster", "zip.csv").write_bytes(
        (folder / "billion-laughs.xlsx").read_bytes()
    )
    # Directive readers.
    docx_xml = _big_file(
        folder / "doc.xml",
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
        b"<w:p><w:r><w:t>Chi th\xe1\xbb\x8b s\xe1\xbb\x91 34</w:t></w:r></w:p>",
        1_000_000,
        b"</w:body></w:document>",
    )
    _zip(
        add(".docx with 1 million paragraphs", "directive", "trieu-doan.docx"),
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
            "word/document.xml": docx_xml,
        },
    )
    docx_xml.unlink()
    zeros = _big_file(folder / "z.xml", b"", b"\0" * 1024, 512 * 1024, b"")
    _zip(
        add(".docx zip bomb 512 MB", "directive", "bom.docx"), {"word/document.xml": zeros}, level=9
    )
    zeros.unlink()
    import zlib

    bomb = zlib.compress(b"BT /F1 12 Tf (A) Tj ET\n" * (20 * 1024 * 1024), 9)
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
        b"4 0 obj<</Length "
        + str(len(bomb)).encode()
        + b"/Filter/FlateDecode>>stream\n"
        + bomb
        + b"\nendstream endobj\n"
        b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    add("PDF with a 460 MB content stream", "directive", "bom.pdf").write_bytes(pdf)
    add("PDF that is not a PDF", "directive", "gia.pdf").write_bytes(
        b"%PDF-1.7\n" + os.urandom(100_000)
    )
    return files


def read_one(reader: str, path: str) -> None:
    """Child process: read one file, print {"refused": bool, "message": str}."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from apps.common.errors import ApplicationError

    started = time.process_time()  # CPU time: a shared machine does not inflate it
    try:
        if reader == "roster":
            from apps.people.roster.reader import read_roster

            book = read_roster(path)
            message = f"{book.row_count} dòng"
            refused = False
        else:
            from apps.directives.ingest.parser import IngestError
            from apps.directives.ingest.readers import read_file

            try:
                text = read_file(path)
                message, refused = f"{len(text)} ký tự", False
            except IngestError as exc:
                message, refused = str(exc), True
    except ApplicationError as exc:
        message, refused = exc.message, True
    seconds = time.process_time() - started
    # Peak resident memory of this process since exec (VmHWM; ru_maxrss would include the
    # parent's memory at fork time).
    status = Path("/proc/self/status").read_text()
    peak_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
    result = {"refused": refused, "message": message, "seconds": seconds, "mb": peak_kb / 1024}
    print(json.dumps(result, ensure_ascii=False))


def run_child(args: list[str], timeout: float) -> tuple[int, float, float, str]:
    """(exit status, wall seconds, peak RSS MB, stdout) of a child process."""
    started = time.perf_counter()
    proc = subprocess.Popen([PY, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = started + timeout
    out = b""
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if proc.stdout is not None:
        out = proc.stdout.read()
        proc.stdout.close()
    return status, elapsed, usage.ru_maxrss / 1024, out.decode("utf-8", "replace")


def hostile_files(max_seconds: float, max_mb: float) -> bool:
    folder = Path(tempfile.mkdtemp(prefix="trienkhai-hostile-"))
    ok = True
    try:
        started = time.perf_counter()
        corpus = build_corpus(folder)
        figure("hostile_corpus_build_s", f"{time.perf_counter() - started:.1f}", "s")
        refused = 0
        worst_mb = worst_s = 0.0
        for label, reader, path in corpus:
            status, seconds, mb, out = run_child(
                [__file__, "--read", reader, str(path)], timeout=max_seconds * 12
            )
            line = out.strip().splitlines()[-1] if out.strip() else ""
            try:
                verdict = json.loads(line)
                seconds, mb = verdict["seconds"], verdict["mb"]
            except (ValueError, KeyError):
                verdict = {"refused": None, "message": f"exit {status}: {line[-200:]}"}
            good = (
                status == 0
                and seconds <= max_seconds
                and mb <= max_mb
                and verdict["refused"] is not None
            )
            ok &= good
            refused += bool(verdict["refused"])
            worst_mb, worst_s = max(worst_mb, mb), max(worst_s, seconds)
            size = path.stat().st_size / 1048576
            print(
                f"{'ok  ' if good else 'FAIL'} {label:34} {size:6.1f} MB  "
                f"{'refused' if verdict['refused'] else 'read':7} {seconds:5.2f} s {mb:6.0f} MB peak — "
                f"{verdict['message'][:110]}",
                flush=True,
            )
        figure("hostile_files", len(corpus), "files")
        figure("hostile_files_refused", refused, "files")
        figure("hostile_worst_peak_mb", f"{worst_mb:.0f}", "MB")
        figure("hostile_worst_seconds", f"{worst_s:.2f}", "s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return ok


# --- 2. kill -9 during imports --------------------------------------------------------------

SETUP = """
from django.contrib.auth import get_user_model
from apps.org.models import Unit, UnitKind
kind = UnitKind.objects.get(code="dang-bo-tinh")
cell = UnitKind.objects.get(code="chi-bo")
root = Unit.add_root(code="KILL", name="Đảng bộ thử ngắt", kind=kind)
for i in range(200):
    root.refresh_from_db()
    root.add_child(code=f"KILL-{i:03d}", name=f"Chi bộ {i}", kind=cell)
get_user_model().objects.create_superuser("reliability", "r@example.invalid", "x-Reliability-2026")
"""

CHECK = """
import json, sys
from django.db import connection
from apps.people.models import Membership, Person
prefix = sys.argv[1]
people = Person.objects.filter(code__startswith=prefix).count()
members = Membership.objects.filter(person__code__startswith=prefix).count()
integrity = "ok"
if connection.vendor == "sqlite":
    with connection.cursor() as c:
        c.execute("PRAGMA integrity_check")
        integrity = c.fetchone()[0]
print(json.dumps({"people": people, "members": members, "integrity": integrity}))
"""


def _django(code: str, env: dict[str, str], *args: str, timeout: float = 600) -> str:
    out = subprocess.run(  # noqa: S603
        [PY, "-c", "import django; django.setup()\n" + code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return out.stdout


def _people_csv(path: Path, prefix: str, rows: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(PEOPLE_HEADER + "\n")
        for n in range(rows):
            out.write(
                f"{prefix}{n:06d},Nguyễn Văn {n},Nam,{1960 + n % 40},Đảng viên,,,KILL-{n % 200:03d}\n"
            )


def kills(postgres: bool, count: int, rows: int) -> tuple[int, int]:
    """(kills survived, kills run) on one database."""
    tmp = Path(tempfile.mkdtemp(prefix="trienkhai-kill-"))
    if postgres:
        import psycopg

        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
            conn.execute(f"CREATE DATABASE {PG_NAME}")
        url = PG_SERVER.rpartition("/")[0] + "/" + PG_NAME
    else:
        url = f"sqlite:///{tmp}/kill.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "Q_SYNC": "1",
    }
    db = "postgres" if postgres else "sqlite"
    survived = 0
    try:
        subprocess.run([PY, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
        _django(SETUP, env)
        estimate = 20.0
        for attempt in range(count):
            prefix = f"K{attempt:02d}-"
            path = tmp / f"kill-{attempt}.csv"
            _people_csv(path, prefix, rows)
            delay = random.uniform(0.3, 1.0) * estimate
            started = time.perf_counter()
            proc = subprocess.Popen(  # noqa: S603
                [PY, "manage.py", "import_roster", str(path), "--user", "reliability"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                proc.wait(timeout=delay)
                finished = True
                estimate = max(2.0, time.perf_counter() - started)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                finished = False
            state = json.loads(_django(CHECK, env, prefix).strip().splitlines()[-1])
            whole = state["people"] in (0, rows) and state["members"] == state["people"]
            good = whole and state["integrity"] == "ok"
            survived += good
            print(
                f"{'ok  ' if good else 'FAIL'} {db} kill {attempt + 1}/{count} at {delay:5.1f} s"
                f"{' (finished first)' if finished else ''}: {state['people']} people, "
                f"{state['members']} memberships, integrity {state['integrity']}",
                flush=True,
            )
            path.unlink()
    finally:
        if postgres:
            import psycopg

            with psycopg.connect(PG_SERVER, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
        shutil.rmtree(tmp, ignore_errors=True)
    figure(f"kills_survived_{db}", f"{survived}/{count}")
    return survived, count


# --- 3. races -------------------------------------------------------------------------------


def races(postgres: bool) -> tuple[int, int]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    db = "postgres" if postgres else "sqlite"
    if postgres:
        env["DATABASE_URL"] = PG_SERVER.rpartition("/")[0] + "/tk_reliability_races"
    else:
        env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603
        [PY, "-m", "pytest", "-q", "-p", "no:randomly", "--create-db", *RACE_TESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    passed = int(last.split(" passed")[0].split()[-1]) if " passed" in last else 0
    total = passed + (int(last.split(" failed")[0].split()[-1]) if " failed" in last else 0)
    print(f"{'ok  ' if result.returncode == 0 else 'FAIL'} races on {db}: {last}", flush=True)
    figure(f"races_passed_{db}", f"{passed}/{max(total, len(RACE_TESTS))}")
    return passed, max(total, len(RACE_TESTS))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--read", nargs=2, metavar=("READER", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--file-seconds", type=float, default=10.0)
    parser.add_argument("--file-mb", type=float, default=500.0)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--db", choices=["sqlite", "postgres"], help="one database only")
    parser.add_argument("--only", choices=["files", "kills", "races"])
    args = parser.parse_args()
    if args.read:
        read_one(*args.read)
        return 0
    ok = True
    databases = [False] if args.no_postgres else [False, True]
    if args.db:
        databases = [args.db == "postgres"]
    if args.only in (None, "files"):
        ok &= hostile_files(args.file_seconds, args.file_mb)
    if args.only in (None, "races"):
        for postgres in databases:
            passed, total = races(postgres)
            ok &= passed == total
    if args.only in (None, "kills"):
        for postgres in databases:
            survived, total = kills(postgres, args.kills, args.rows)
            ok &= survived == total
    print("reliability: " + ("all checks passed" if ok else "FAILURES above"), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
