"""Locust users for `make load` (run by benchmarks/load/run.py against `make cluster`).

The mix (50 users by default): officers marking attendance at their commune's connection points,
members studying, leaders on dashboards and lists, an exporter. Each request is named
"<kind>: <page>" where kind is detail, list (lists and dashboards) or export, so that the report
can hold each kind to its target. Users are signed in by cookies that `manage.py load_prepare`
created (plan.json), not by 1,500 argon2 log-ins.

A separate class, StormUser (fixed count), waits until STORM_AT seconds after the start, then
sends the plan's self check-ins on one session, spread evenly over STORM_SECONDS.
"""

import json
import os
import random
import re
import time
from collections import deque
from typing import Any

from locust import HttpUser, between, constant, events, task
from locust.exception import StopUser

PLAN: dict[str, Any] = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115
STORM_AT = float(os.environ.get("STORM_AT", "60"))
STORM_SECONDS = float(os.environ.get("STORM_SECONDS", "60"))
STORM_USERS = int(os.environ.get("STORM_USERS", "50"))
CSRF = "loadtest" * 4  # any 32-character secret: Django compares it with the cookie
START = time.time()
_storm = deque(PLAN["storm"]["cookies"])
_pools = {key: deque(PLAN[key]) for key in ("officers", "leaders", "exporters", "members")}


_server_errors: dict[str, int] = {}


@events.test_start.add_listener
def _started(**kwargs: Any) -> None:
    global START
    START = time.time()


@events.request.add_listener
def _count_server_errors(name: str, response: Any = None, **kwargs: Any) -> None:
    status = getattr(response, "status_code", None)
    if status is not None and (status >= 500 or status == 0):
        key = f"{name} ({status})"
        _server_errors[key] = _server_errors.get(key, 0) + 1


@events.test_stop.add_listener
def _write_server_errors(**kwargs: Any) -> None:
    path = os.environ.get("LOAD_SERVER_ERRORS")
    if path:
        with open(path, "w") as handle:
            json.dump(_server_errors, handle)


class _Signed(HttpUser):
    abstract = True
    pool = ""

    def on_start(self) -> None:
        entry = _pools[self.pool][0]
        _pools[self.pool].rotate(-1)
        self.entry = entry
        cookie = entry["cookie"] if isinstance(entry, dict) else entry
        self.client.cookies.set("sessionid", cookie)
        self.client.cookies.set("csrftoken", CSRF)

    def get(self, url: str, name: str, **kwargs: Any) -> Any:
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code == 200 and "dang-nhap" in response.url:
                response.failure("signed out")
            return response

    def post(self, url: str, name: str, data: dict[str, str], **kwargs: Any) -> Any:
        headers = {"X-CSRFToken": CSRF, "Referer": self.host + url, **kwargs.pop("headers", {})}
        return self.client.post(url, name=name, data=data, headers=headers, **kwargs)


class Officer(_Signed):
    weight = 15
    pool = "officers"
    wait_time = between(2, 6)

    @task(3)
    def point(self) -> None:
        self.get(f"/diem-cau/{random.choice(PLAN['points'])}/", "detail: session_point")

    @task(2)
    def mark(self) -> None:
        pk = random.choice(PLAN["points"])
        self.get(f"/diem-cau/{pk}/diem-danh/", "detail: session_mark (form)")
        self.post(
            f"/diem-cau/{pk}/diem-danh/",
            "write: session_mark (all present)",
            {"all_present": "1"},
            headers={"HX-Request": "true"},
        )

    @task(1)
    def sessions(self) -> None:
        self.get(
            f"/trien-khai/{PLAN['rollout']}/don-vi/{PLAN['commune']}/hoi-nghi/",
            "list: session_list",
        )

    @task(2)
    def home(self) -> None:
        self.get("/", "list: home (officer)")

    @task(1)
    def progress(self) -> None:
        self.get(
            f"/trien-khai/{PLAN['rollout']}/tien-do/?unit={PLAN['commune']}",
            "list: rollout_progress (commune)",
        )


class Member(_Signed):
    weight = 20
    pool = "members"
    wait_time = between(3, 8)

    @task(3)
    def task_list(self) -> None:
        self.get("/cua-toi/", "list: my_tasks")

    @task(3)
    def participation(self) -> None:
        self.get(f"/cua-toi/{self.entry['participation']}/", "detail: my_participation")

    @task(2)
    def read(self) -> None:
        pk = self.entry["participation"]
        self.get(f"/cua-toi/{pk}/toan-van/", "detail: my_reading")
        self.post(f"/cua-toi/{pk}/toan-van/", "write: my_reading (done)", {})

    @task(1)
    def quiz(self) -> None:
        self.get(f"/cua-toi/{self.entry['participation']}/kiem-tra/", "detail: my_quiz")


class Leader(_Signed):
    weight = 12
    pool = "leaders"
    wait_time = between(3, 8)

    @task(4)
    def home(self) -> None:
        self.get("/", "list: home (leader)")

    @task(3)
    def progress(self) -> None:
        self.get(f"/trien-khai/{PLAN['rollout']}/tien-do/", "list: rollout_progress (province)")

    @task(2)
    def progress_child(self) -> None:
        unit = random.choice(PLAN["province_children"])
        self.get(
            f"/trien-khai/{PLAN['rollout']}/tien-do/?unit={unit}",
            "list: rollout_progress (unit below)",
        )

    @task(1)
    def overdue(self) -> None:
        self.get(f"/trien-khai/{PLAN['rollout']}/cham-tien-do/", "list: rollout_overdue")

    @task(1)
    def pending(self) -> None:
        self.get(f"/trien-khai/{PLAN['rollout']}/chua-hoan-thanh/", "list: rollout_pending")

    @task(1)
    def effect(self) -> None:
        self.get(f"/chi-thi/{PLAN['directive']}/hieu-qua/", "list: directive_effect")

    @task(2)
    def people(self) -> None:
        page = random.randint(1, 20)
        self.get(f"/can-bo/?trang={page}", "list: person_list")

    @task(1)
    def tree(self) -> None:
        self.get(f"/don-vi/{PLAN['province']}/", "detail: unit_detail")

    @task(1)
    def directive(self) -> None:
        self.get(f"/chi-thi/{PLAN['directive']}/", "detail: directive_detail")


JOB = re.compile(r"/tac-vu/(\d+)/")


class Exporter(_Signed):
    weight = 3
    pool = "exporters"
    wait_time = between(20, 40)

    @task(3)
    def progress_xlsx(self) -> None:
        self.get(f"/trien-khai/{PLAN['rollout']}/tien-do.xlsx", "export: rollout_progress_xlsx")

    @task(1)
    def people_xlsx(self) -> None:
        """20,000 rows: a background job on a task worker, polled until its file is ready."""
        response = self.get("/can-bo/xuat.xlsx", "export: person_export (start)")
        found = JOB.search(response.url or "") or JOB.search(response.text or "")
        if not found:
            return
        job = found.group(1)
        deadline = time.time() + 180
        while time.time() < deadline:
            time.sleep(2)
            page = self.get(f"/tac-vu/{job}/", "detail: job_status (poll)")
            if 'data-status="done"' in page.text:
                self.get(f"/tac-vu/{job}/tai-ve/", "export: job_download")
                return
            if 'data-status="failed"' in page.text:
                if "job-retry" in page.text:
                    # Its worker was killed: do what the page offers, "Chạy lại".
                    self.post(f"/tac-vu/{job}/chay-lai/", "write: job_retry (interrupted)", {})
                    continue
                self._job_failure(f"export: person_export (job {job} failed)")
                return
        self._job_failure(f"export: person_export (job {job} not done in 180 s)")

    def _job_failure(self, name: str) -> None:
        events.request.fire(
            request_type="JOB",
            name=name,
            response_time=0,
            response_length=0,
            exception=RuntimeError(name),
            context={},
        )


class StormUser(HttpUser):
    """The self check-in storm: all the plan's members check in on one session, evenly spread
    over STORM_SECONDS from STORM_AT."""

    fixed_count = STORM_USERS
    wait_time = constant(0)

    @task
    def storm(self) -> None:
        wait = START + STORM_AT - time.time()
        if wait > 0:
            time.sleep(min(wait, 5))
            return
        interval = STORM_SECONDS * STORM_USERS / len(PLAN["storm"]["cookies"])
        try:
            cookie = _storm.popleft()
        except IndexError:
            raise StopUser() from None
        began = time.time()
        self.client.cookies.clear()
        self.client.cookies.set("sessionid", cookie)
        self.client.cookies.set("csrftoken", CSRF)
        url = f"/hoi-nghi/{PLAN['storm']['session']}/diem-danh/"
        with self.client.post(
            url,
            name="write: self check-in (storm)",
            data={"ma": PLAN["storm"]["code"]},
            headers={"X-CSRFToken": CSRF, "Referer": self.host + url, "HX-Request": "true"},
            catch_response=True,
        ) as response:
            if response.status_code == 200 and "đã điểm danh" not in response.text:
                response.failure("check-in not confirmed")
        time.sleep(max(0.0, interval - (time.time() - began)))
