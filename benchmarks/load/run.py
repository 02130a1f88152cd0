"""`make load`: the load and failure test of the running `make cluster` (loopback only).

1. `manage.py load_prepare` (a fresh storm session, member accounts, signed-in sessions).
2. locust, headless, for --minutes: 50 users of the mix (benchmarks/load/locustfile.py) plus
   the storm users, who send 1,500 self check-ins on one session within 60 s.
3. Meanwhile, at fixed fractions of the run: one gunicorn instance killed (kill -9) and started
   again a while later, one task worker killed and started again, the replica stopped (reads
   fall back to the primary) and started again.
4. The report: p50/p95 per endpoint against the targets (detail ≤ 300 ms, lists/dashboards ≤
   800 ms), server errors (5xx) and failures, the check-ins recorded, the counter checker
   (`manage.py check_counters`, when the project has it), the load average; printed as
   `figure:` lines and written to var/load/report.md.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLUSTER = ROOT / "deploy" / "cluster.sh"
OUT = ROOT / "var" / "load"
PY = str(ROOT / ".venv" / "bin" / "python")
LOCUST = str(ROOT / "var" / "loadenv" / "bin" / "locust")
TARGETS = {"detail": 300.0, "list": 800.0}


def cluster_env() -> dict[str, str]:
    text = subprocess.run([str(CLUSTER), "env"], check=True, capture_output=True, text=True).stdout
    env = dict(os.environ)
    for line in text.splitlines():
        if not line.startswith("export "):
            continue
        for part in line[len("export ") :].split(" "):
            key, _, value = part.partition("=")
            value = value.strip("'")
            if value.startswith("${"):  # ${NAME:-default}
                name, _, default = value[2:-1].partition(":-")
                value = os.environ.get(name, default)
            env[key] = value
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout.strip()


def has_command(env: dict[str, str], name: str) -> bool:
    return name in manage(env, "help", "--commands").split()


class Faults(threading.Thread):
    """Kills and restarts processes at fixed fractions of the run; notes when."""

    def __init__(self, seconds: float, start: float, env: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.env = env
        self.start_at = start
        self.log: list[str] = []
        plan = [
            (0.35, "kill one gunicorn instance (kill -9)", ["kill-app", "2"]),
            (0.40, "kill one task worker (kill -9)", ["kill-worker", "1"]),
            (0.50, "start the gunicorn instance again", ["start-app", "2"]),
            (0.55, "start the task worker again", ["start-worker", "1"]),
            (0.65, "stop the replica", ["stop-replica"]),
            (0.85, "start the replica again", ["start-replica"]),
        ]
        self.steps = [(seconds * f, what, cmd) for f, what, cmd in plan]

    def run(self) -> None:
        for at, what, cmd in self.steps:
            time.sleep(max(0.0, self.start_at + at - time.time()))
            subprocess.run([str(CLUSTER), *cmd], env=self.env, check=False)
            self.log.append(f"{time.time() - self.start_at:6.0f} s  {what}")
            print(f"[load] {self.log[-1]}", flush=True)


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def server_errors(prefix: Path) -> dict[str, int]:
    errors: dict[str, int] = {}
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return errors
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            errors[f"{row['Name']}: {row['Error']}"] = int(row["Occurrences"])
    return errors


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--storm", type=int, default=1500)
    parser.add_argument("--storm-seconds", type=float, default=60.0)
    parser.add_argument("--no-faults", action="store_true")
    args = parser.parse_args()
    seconds = args.minutes * 60
    OUT.mkdir(parents=True, exist_ok=True)
    env = cluster_env()
    host = env["SITE_URL"]
    if subprocess.run(["curl", "-fs", "-o", "/dev/null", f"{host}/suc-khoe/"]).returncode:
        print(f"The cluster does not answer on {host}: run `make cluster` first.")
        return 2
    plan_path = OUT / "plan.json"
    print(
        "[load] preparing:",
        manage(env, "load_prepare", "--out", str(plan_path), "--storm", str(args.storm)),
        flush=True,
    )
    plan = json.loads(plan_path.read_text())
    storm_users = 50
    locust_env = {
        **env,
        "LOAD_PLAN": str(plan_path),
        "STORM_AT": str(min(90.0, seconds * 0.15)),
        "STORM_SECONDS": str(args.storm_seconds),
        "STORM_USERS": str(storm_users),
        "LOAD_SERVER_ERRORS": str(OUT / "server_errors.json"),
    }
    prefix = OUT / "locust"
    (OUT / "server_errors.json").unlink(missing_ok=True)
    load_before = os.getloadavg()
    start = time.time()
    faults = Faults(seconds, start, env)
    locust = subprocess.Popen(
        [
            LOCUST,
            "-f",
            str(ROOT / "benchmarks" / "load" / "locustfile.py"),
            "--headless",
            "--host",
            host,
            "--users",
            str(args.users + storm_users),
            "--spawn-rate",
            "20",
            "--run-time",
            f"{int(seconds)}s",
            "--stop-timeout",
            "30",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=locust_env,
    )
    if not args.no_faults:
        faults.start()
    loads = []
    while locust.poll() is None:
        loads.append(os.getloadavg()[0])
        time.sleep(5)
    elapsed = time.time() - start
    # Whatever the timeline reached, everything runs again before the checks.
    for cmd in (["start-app", "2"], ["start-worker", "1"], ["start-replica"]):
        subprocess.run([str(CLUSTER), *cmd], env=env, check=False)

    if not Path(f"{prefix}_stats.csv").exists():
        print(f"locust ended without statistics (exit status {locust.returncode}).")
        return 2
    rows = read_stats(prefix)
    failures = server_errors(prefix)
    checkins = json.loads(manage(env, "load_prepare", "--count", str(plan["storm"]["session"])))
    if has_command(env, "check_counters"):
        checker = manage(env, "check_counters")
        checker_line = checker.splitlines()[-1] if checker else "(no output)"
    else:
        checker = ""
        checker_line = "not available (manage.py check_counters is not on this branch)"

    lines = [
        f"# Load run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(start))}",
        "",
        f"{args.users} users of the mix + {storm_users} storm users for {elapsed / 60:.1f} min; "
        f"load average at start {load_before[0]:.2f}, during the run "
        f"mean {sum(loads) / max(1, len(loads)):.2f}, max {max(loads, default=0):.2f} "
        f"({os.cpu_count()} cores, shared).",
        "",
        "| endpoint | requests | failures | p50 ms | p95 ms | max ms | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    missed = []
    for row in rows:
        name = row["Name"]
        if name == "Aggregated":
            continue
        kind = name.split(":", 1)[0]
        p95 = float(row["95%"] or 0)
        target = TARGETS.get(kind)
        verdict = ""
        if target is not None:
            verdict = f"≤ {target:.0f}: {'ok' if p95 <= target else 'MISSED'}"
            if p95 > target:
                missed.append(name)
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | "
            f"{row['95%']} | {float(row['Max Response Time']):.0f} | {verdict} |"
        )
    errors_path = OUT / "server_errors.json"
    server = json.loads(errors_path.read_text()) if errors_path.exists() else {}
    total_5xx = sum(server.values())
    lines += ["", f"Server errors (5xx or no answer): {total_5xx}"]
    lines += [f"- {count} × {key}" for key, count in server.items()]
    lines += ["", "Failures:" if failures else "Failures: none"]
    lines += [f"- {count} × {key}" for key, count in failures.items()]
    lines += ["", "Timeline:"] + [f"- {entry}" for entry in faults.log]
    lines += [
        "",
        f"Self check-ins recorded: {checkins['self_checkins']}/{args.storm} "
        f"(session {plan['storm']['session']}).",
        f"Counter checker: {checker_line}",
    ]
    report = "\n".join(lines) + "\n"
    (OUT / "report.md").write_text(report)
    if checker:
        (OUT / "check_counters.txt").write_text(checker)
    print(report)
    aggregated = next((r for r in rows if r["Name"] == "Aggregated"), None)
    if aggregated:
        print(f"figure: load_requests {aggregated['Request Count']} requests")
        print(f"figure: load_p50 {aggregated['50%']} ms")
        print(f"figure: load_p95 {aggregated['95%']} ms")
    print(f"figure: load_failures {sum(failures.values())} requests")
    print(f"figure: load_server_errors {total_5xx} requests")
    print(f"figure: storm_checkins {checkins['self_checkins']} of {args.storm}")
    print(f"figure: load_average_mean {sum(loads) / max(1, len(loads)):.2f}")
    ok = not missed and not failures and checkins["self_checkins"] == args.storm
    print("targets met" if ok else f"targets missed: {', '.join(missed) or 'see failures'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
