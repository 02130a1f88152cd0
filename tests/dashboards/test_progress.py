import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from apps.dashboards import charts, exports
from apps.dashboards.progress import (
    completion_over_time,
    explain_pending,
    not_done_people,
    overdue_units,
    rollout_progress,
    subtree_statuses,
)
from apps.people.services import person_create, person_transfer
from apps.plans.enums import PlanStatus
from apps.plans.models import Plan
from apps.rollout.enums import ObligationState
from apps.rollout.models import Participant
from apps.rollout.services.participants import participant_set_exempt
from tests.dashboards.progress_helpers import (
    assert_exact_everywhere,
    hold_session,
    mark_all_present,
    recount,
)
from tests.org.factories import UnitFactory
from tests.people.factories import PersonFactory
from tests.rollout.factories import make_rollout

AFTER_DUE = datetime.date(2027, 1, 5)


def _rollout(world, **kw):
    return make_rollout(world, requires_commitment=False, **kw)


def _row(progress, unit):
    return next(r for r in progress.rows if r.unit.pk == unit.pk and not r.own)


def test_totals_equal_a_recount_from_participant_rows(world):
    PersonFactory.create_batch(3, unit=world.cell_a2)
    PersonFactory.create_batch(2, unit=world.commune_a)  # people directly at the commune
    rollout = _rollout(world)
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1])
    absent = Participant.objects.get(rollout=rollout, person=world.person_a)
    mark_all_present(world, session, world.cell_a1, absent=[absent])
    exempted = Participant.objects.filter(rollout=rollout, unit=world.cell_a2).first()
    assert exempted is not None
    participant_set_exempt(
        actor=world.users["officer_a"], participant=exempted, exempt=True, reason="Nghỉ ốm dài ngày"
    )
    assert_exact_everywhere(rollout)
    progress = rollout_progress(rollout=rollout, unit=world.commune_a)
    own = progress.rows[0]
    assert own.own and own.label == "Trực tiếp tại đơn vị"
    assert own.people == 2 + 2  # and officer_a, leader_a
    cell = _row(progress, world.cell_a1)
    assert (cell.people, cell.done) == (2, 1)
    assert cell.percent == 50.0
    assert progress.total.exempt == 1


def test_every_person_counts_once_at_their_current_unit(world):
    rollout = _rollout(world)
    root = rollout_progress(rollout=rollout, unit=world.root)
    assert root.total.people == Participant.objects.filter(rollout=rollout).count()
    assert Participant.objects.filter(rollout=rollout).values("person").distinct().count() == (
        root.total.people
    )


def test_person_joining_during_rollout_is_added_to_denominator(world):
    rollout = _rollout(world)
    before = recount(rollout, world.cell_a2)
    person_create(
        actor=world.users["officer_a"],
        code="NEW-1",
        full_name="Phạm Thị Mới Vào",
        gender="nu",
        birth_year=1995,
        unit=world.cell_a2,
        start=timezone.localdate(),
    )
    assert recount(rollout, world.cell_a2)[0] == before[0] + 1
    assert _row(rollout_progress(rollout=rollout, unit=world.commune_a), world.cell_a2).people == (
        before[0] + 1
    )
    assert_exact_everywhere(rollout)


def test_transferred_person_keeps_what_they_did_and_counts_at_new_unit(world):
    rollout = _rollout(world)
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1])
    mark_all_present(world, session, world.cell_a1)
    participant = Participant.objects.get(rollout=rollout, person=world.person_a)
    assert participant.done
    person_transfer(
        actor=world.users["admin"],
        person=world.person_a,
        unit=world.cell_b1,
        date=timezone.localdate(),
    )
    participant.refresh_from_db()
    assert participant.done and participant.unit_id == world.cell_b1.pk
    root = rollout_progress(rollout=rollout, unit=world.root)
    assert _row(root, world.commune_b).done == 1
    assert _row(root, world.commune_a).done == 1  # member_a, still in Chi bộ A1
    assert_exact_everywhere(rollout)


def test_progress_page_query_count_does_not_grow_with_children(world):
    rollout = _rollout(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            progress = rollout_progress(rollout=rollout, unit=world.commune_a)
            [r.obligations for r in progress.rows]
        return len(ctx.captured_queries)

    few = count()
    for i in range(6):
        unit = UnitFactory(name=f"Chi bộ mới {i}", parent=world.commune_a)
        PersonFactory(unit=unit)
    rollout = _rollout(world, title="Đợt thứ hai")
    world.commune_a.refresh_from_db()
    assert count() == few
    assert len(rollout_progress(rollout=rollout, unit=world.commune_a).children) == 8


def test_session_totals_count_a_session_once(world):
    rollout = _rollout(world)
    hold_session(world, rollout, world.commune_a, [world.cell_a1, world.cell_a2])
    progress = rollout_progress(rollout=rollout, unit=world.commune_a)
    assert _row(progress, world.cell_a1).sessions_held == 1
    assert _row(progress, world.cell_a2).sessions_held == 1
    assert progress.total.sessions_held == 1
    root = rollout_progress(rollout=rollout, unit=world.root)
    assert _row(root, world.commune_a).sessions_held == 1
    assert _row(root, world.commune_b).sessions_held == 0


def test_obligation_states_follow_sessions_people_and_plans(world):
    rollout = _rollout(world)
    hold_session(world, rollout, world.commune_a, [])  # a point at the commune only
    hold_session(
        world, rollout, world.commune_b, [], actor="officer_b", starts_in=datetime.timedelta(days=3)
    )
    Plan.objects.create(
        rollout=rollout, unit=world.commune_a, title="Kế hoạch", status=PlanStatus.SUBMITTED
    )
    Plan.objects.create(
        rollout=rollout, unit=world.commune_b, title="Kế hoạch", status=PlanStatus.DRAFT
    )
    today = datetime.date(2026, 12, 1)
    root = rollout_progress(rollout=rollout, unit=world.root, today=today)
    a, b = _row(root, world.commune_a), _row(root, world.commune_b)
    assert a.obligations == {
        "session": ObligationState.DONE,
        "people": ObligationState.NOT_STARTED,
        "plan": ObligationState.DONE,
    }
    assert b.obligations["session"] == ObligationState.IN_PROGRESS
    assert b.obligations["plan"] == ObligationState.IN_PROGRESS
    assert not a.overdue
    # The commune's session (its point covers the whole commune) reaches its cells.
    commune = rollout_progress(rollout=rollout, unit=world.commune_a, today=today)
    assert _row(commune, world.cell_a1).obligations["session"] == ObligationState.DONE
    late = rollout_progress(rollout=rollout, unit=world.root, today=AFTER_DUE)
    assert _row(late, world.commune_a).obligations["people"] == ObligationState.OVERDUE
    assert _row(late, world.commune_b).overdue_names == [
        "Tổ chức hội nghị",
        "Hoàn thành quán triệt",
        "Nộp kế hoạch",
    ]


def test_effective_deadlines_of_the_level_are_shown(world):
    from apps.rollout.services.deadlines import unit_deadline_set

    rollout = _rollout(world)
    unit_deadline_set(
        actor=world.users["officer_a"],
        rollout=rollout,
        unit=world.commune_a,
        dissemination_due=datetime.date(2026, 12, 20),
        plan_due=datetime.date(2026, 12, 24),
    )
    progress = rollout_progress(rollout=rollout, unit=world.commune_a)
    assert progress.total.deadlines is not None
    assert progress.total.deadlines.dissemination == datetime.date(2026, 12, 20)
    assert _row(progress, world.cell_a1).deadlines.plan == datetime.date(2026, 12, 24)
    on_the_21st = rollout_progress(
        rollout=rollout, unit=world.root, today=datetime.date(2026, 12, 21)
    )
    assert _row(on_the_21st, world.commune_a).overdue
    assert not _row(on_the_21st, world.commune_b).overdue


def test_overdue_units_lists_every_late_unit_of_the_subtree(world):
    rollout = _rollout(world)
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1, world.cell_a2])
    mark_all_present(world, session, world.cell_a1)
    for unit in (
        world.root,
        world.commune_a,
        world.commune_b,
        world.cell_a1,
        world.cell_a2,
        world.cell_b1,
    ):
        Plan.objects.create(
            rollout=rollout, unit=unit, title="Kế hoạch", status=PlanStatus.APPROVED
        )
    late = {s.name for s in overdue_units(rollout=rollout, unit=world.root, today=AFTER_DUE)}
    assert world.cell_a1.name not in late  # everyone done, session held, plan approved
    assert {world.commune_b.name, world.cell_b1.name, world.root.name} <= late
    assert overdue_units(rollout=rollout, unit=world.root, today=datetime.date(2026, 12, 1)) == []
    only_a = {s.name for s in overdue_units(rollout=rollout, unit=world.commune_a, today=AFTER_DUE)}
    assert world.commune_b.name not in only_a and world.cell_b1.name not in only_a


def test_overdue_units_is_a_constant_number_of_queries(world):
    rollout = _rollout(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            overdue_units(rollout=rollout, unit=world.root, today=AFTER_DUE)
        return len(ctx.captured_queries)

    few = count()
    for i in range(5):
        cell = UnitFactory(name=f"Chi bộ {i}", parent=world.commune_b)
        PersonFactory(unit=UnitFactory(name=f"Tổ đảng {i}", parent=cell))
    rollout = _rollout(world, title="Đợt hai")
    world.root.refresh_from_db()
    assert count() == few
    statuses = subtree_statuses(rollout=rollout, unit=world.root, today=AFTER_DUE)
    assert statuses[0].people == Participant.objects.filter(rollout=rollout).count()


def test_completion_over_time_is_cumulative(world):
    rollout = _rollout(world)
    participants = list(
        Participant.objects.filter(rollout=rollout, unit__path__startswith=world.commune_a.path)
    )
    base = timezone.now() - datetime.timedelta(days=3)
    for i, p in enumerate(participants):
        Participant.objects.filter(pk=p.pk).update(
            done=True, done_at=base + datetime.timedelta(days=i % 2)
        )
    series = completion_over_time(rollout=rollout, unit=world.commune_a)
    assert series[-1][1] == len(participants)
    assert [n for _, n in series] == sorted(n for _, n in series)
    assert len(series) == 2


def test_pending_people_with_reasons(world):
    rollout = _rollout(world)
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1])
    absent = Participant.objects.get(rollout=rollout, person=world.person_a)
    mark_all_present(world, session, world.cell_a1, absent=[absent])
    pending = list(not_done_people(rollout=rollout, unit=world.commune_a))
    assert absent in pending
    reasons = {p.participant.person.full_name: p.reason for p in explain_pending(pending)}
    assert reasons["Nguyễn Thái Học"].startswith("Vắng không lý do")
    assert "chưa học bù" in reasons["Nguyễn Thái Học"]
    assert all(not p.done for p in pending)
    assert len(pending) == rollout_progress(rollout=rollout, unit=world.commune_a).total.pending


def test_charts_render_vietnamese_text_offline(world):
    points = [(datetime.date(2026, 11, d), 10.0 * d) for d in range(1, 8)]
    svg = charts.completion_svg(points, title="Tiến độ Đảng bộ xã Ảnh Hưởng")
    assert svg.startswith("<svg") and 'aria-label="Tiến độ Đảng bộ xã Ảnh Hưởng"' in svg
    assert "<metadata" not in svg and 'href="http' not in svg  # nothing fetched at run time
    bars = [("Chi bộ thôn Ấp Đồng Nai", 72.5), ("Phường Bảo Lộc", 100.0)]
    assert "<svg" in charts.children_svg(bars)
    assert charts.children_png(bars).startswith(b"\x89PNG")
    assert charts.completion_png(points).startswith(b"\x89PNG")
    assert charts.completion_svg([]) == ""


def test_xlsx_renderer_makes_no_queries_and_formats_cells(world, django_assert_num_queries):
    PersonFactory.create_batch(2, unit=world.commune_a)
    rollout = _rollout(world)
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1])
    mark_all_present(world, session, world.cell_a1)
    progress = rollout_progress(rollout=rollout, unit=world.commune_a)
    with django_assert_num_queries(0):
        content = exports.progress_xlsx(
            title="Tiến độ quán triệt Chỉ thị 34-CT/TU",
            unit_name=world.commune_a.name,
            rows=progress.rows,
            total=progress.total,
            generated_at=timezone.localtime(),
        )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.freeze_panes == "B5"
    assert sheet["A4"].value == "Đơn vị" and sheet["E4"].value == "Tỉ lệ hoàn thành"
    assert sheet["A5"].value == "Trực tiếp tại đơn vị"
    cell_row = next(r for r in range(5, 9) if sheet[f"A{r}"].value == world.cell_a1.name)
    assert sheet[f"B{cell_row}"].value == 2 and sheet[f"D{cell_row}"].value == 2
    assert sheet[f"E{cell_row}"].value == pytest.approx(1.0)
    assert sheet[f"E{cell_row}"].number_format == "0.0%"
    last = 5 + len(progress.rows)
    assert sheet[f"A{last}"].value == "Tổng cộng"
    assert sheet[f"B{last}"].value == progress.total.people
