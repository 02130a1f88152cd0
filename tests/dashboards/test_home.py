"""Home pages (what needs me now) and the notifications of every workflow step."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.common.models import Notification
from apps.common.plugins import WorkItem, register_work
from apps.dashboards.home import rollout_work, worst_first
from apps.plans.enums import PlanStatus, ReportStatus
from apps.plans.selectors import plans_awaiting_decision
from apps.plans.services.plans import plan_create, plan_transition
from apps.plans.services.reports import report_open, report_save, report_transition
from apps.rollout.enums import AttendanceStatus
from apps.rollout.models import ConnectionPoint
from apps.rollout.services.sessions import attendance_mark
from apps.rollout.services.study import study_read
from tests.dashboards.progress_helpers import hold_session
from tests.people.factories import AssignmentFactory, PersonFactory, UserFactory
from tests.plans.factories import docx_upload, make_quarter
from tests.rollout.factories import make_rollout


@pytest.fixture
def rollout(world):
    return make_rollout(world)


@pytest.fixture
def cell_officer(world):
    user = UserFactory(username="officer_a1", email="a1@trienkhai.test")
    person = PersonFactory(full_name="Phạm Văn Chi Bộ", unit=world.cell_a1, user=user)
    AssignmentFactory(person=person, unit=world.cell_a1, role="officer")
    return user


def _submitted_plan(world, rollout, unit, actor):
    plan = plan_create(actor=actor, rollout=rollout, unit=unit, title=f"Kế hoạch {unit.name}")
    return plan_transition(actor=actor, plan=plan, to=PlanStatus.SUBMITTED, document=docx_upload())


def _labels(user):
    return {item.label: item for item in rollout_work(user)}


def _home(world, role):
    response = world.client(role).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


# --- who decides a plan -------------------------------------------------------------------------


def test_a_cell_plan_waits_for_the_commune_leader_not_the_province(world, rollout, cell_officer):
    plan = _submitted_plan(world, rollout, world.cell_a1, cell_officer)
    assert list(plans_awaiting_decision(actor=world.users["leader_a"])) == [plan]
    assert not plans_awaiting_decision(actor=world.users["leader"]).exists()
    assert not plans_awaiting_decision(actor=world.users["officer_b"]).exists()


def test_a_commune_plan_waits_for_the_province_leader(world, rollout):
    plan = _submitted_plan(world, rollout, world.commune_a, world.users["officer_a"])
    assert list(plans_awaiting_decision(actor=world.users["leader"])) == [plan]
    assert not plans_awaiting_decision(actor=world.users["leader_a"]).exists()  # its own


def test_leader_home_counts_plans_waiting_and_the_count_drops_after_deciding(
    world, rollout, cell_officer
):
    plan = _submitted_plan(world, rollout, world.cell_a1, cell_officer)
    item = _labels(world.users["leader_a"])["Kế hoạch chờ đồng chí phê duyệt"]
    assert item.count == 1
    assert item.url == f"/dot-trien-khai/{rollout.pk}/ke-hoach/?cho=toi"
    html = _home(world, "leader_a")
    assert "Kế hoạch chờ đồng chí phê duyệt" in html and item.url.replace("&", "&amp;") in html
    listed = world.client("leader_a").get(item.url).content.decode()
    assert plan.title in listed and "Chờ tôi quyết định" in listed
    plan_transition(actor=world.users["leader_a"], plan=plan, to=PlanStatus.APPROVED)
    assert "Kế hoạch chờ đồng chí phê duyệt" not in _labels(world.users["leader_a"])


def test_leader_home_shows_headline_figures_and_units_worst_first(world, rollout):
    html = _home(world, "leader")
    assert "đã hoàn thành quán triệt" in html
    assert world.commune_a.name in html and world.commune_b.name in html
    assert f"/trien-khai/{rollout.pk}/cham-tien-do/?unit={world.root.pk}&amp;cap=1" in html


def test_worst_first_puts_overdue_then_lowest_share_first(world, rollout):
    from apps.dashboards.progress import rollout_progress

    progress = rollout_progress(rollout=rollout, unit=world.root, today=datetime.date(2027, 3, 1))
    rows = worst_first(progress.children)
    assert rows[0].overdue
    percents = [r.percent for r in rows if r.percent is not None]
    assert percents == sorted(percents)


# --- officer ------------------------------------------------------------------------------------


def test_officer_home_lists_plan_report_and_people_owing_with_deadlines(world, rollout):
    period = make_quarter(rollout)
    items = _labels(world.users["officer_a"])
    plan_item = items[f"Lập và trình kế hoạch: {world.commune_a.name}"]
    assert plan_item.url == f"/dot-trien-khai/{rollout.pk}/ke-hoach/tao/?unit={world.commune_a.pk}"
    assert plan_item.detail == "hạn 31/12/2026"
    report_item = items[f"Gửi báo cáo {period.name} — {world.commune_a.name}"]
    assert report_item.url == reverse("report_edit", args=[period.pk, world.commune_a.pk])
    owing = items[f"Người chưa hoàn thành học tập — {world.commune_a.name}"]
    assert owing.count == 4  # officer_a, leader_a, member_a, person_a
    assert owing.url == f"/trien-khai/{rollout.pk}/chua-hoan-thanh/?unit={world.commune_a.pk}"
    assert world.commune_b.name not in " ".join(items)


def test_officer_sees_sessions_to_mark_until_marked(world, rollout):
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1])
    point = ConnectionPoint.objects.get(session=session, unit=world.cell_a1)
    label = f"Điểm danh: {session.title} — {world.cell_a1.name}"
    items = _labels(world.users["officer_a"])
    assert items[label].url == reverse("session_mark", args=[point.pk])
    attendance_mark(
        actor=world.users["officer_a"], point=point, default_status=AttendanceStatus.PRESENT
    )
    assert label not in _labels(world.users["officer_a"])


def test_officer_sees_a_session_to_hold(world, rollout):
    session = hold_session(
        world, rollout, world.commune_a, [], starts_in=datetime.timedelta(days=2)
    )
    item = _labels(world.users["officer_a"])[f"Tổ chức: {session.title} — {world.commune_a.name}"]
    assert item.url == reverse("session_detail", args=[session.pk])


def test_returned_report_is_urgent_on_the_officer_home(world, rollout, cell_officer):
    period = make_quarter(rollout)
    report = report_open(actor=cell_officer, period=period, unit=world.cell_a1)
    report_save(actor=cell_officer, report=report, values={}, submit=True)
    assert f"Gửi báo cáo {period.name} — {world.cell_a1.name}" not in _labels(cell_officer)
    report_transition(
        actor=world.users["officer_a"], report=report, to=ReportStatus.RETURNED, comment="Sửa"
    )
    item = _labels(cell_officer)[f"Báo cáo bị trả lại: {period.name} — {world.cell_a1.name}"]
    assert item.urgency == 2


def test_other_apps_work_items_show_on_the_home_page(world, rollout):
    def provider(user):
        if user.username != "officer_a":
            return []
        return [WorkItem("Phản ánh chờ tiếp nhận", 3, "/phan-anh/?cho=toi", 1, "Phản ánh")]

    register_work(provider)
    try:
        html = _home(world, "officer_a")
        assert "Phản ánh chờ tiếp nhận" in html and "/phan-anh/?cho=toi" in html
        assert "Phản ánh chờ tiếp nhận" not in _home(world, "officer_b")
    finally:
        from apps.common import plugins

        plugins._work.remove(provider)


def test_home_page_queries_are_bounded(world, rollout, django_assert_max_num_queries):
    make_quarter(rollout)
    hold_session(world, rollout, world.commune_a, [world.cell_a1])
    client = world.client("officer_a")
    with django_assert_max_num_queries(40):
        client.get(reverse("home"))
    client = world.client("leader")
    with django_assert_max_num_queries(40):
        client.get(reverse("home"))


# --- member -------------------------------------------------------------------------------------


def test_member_home_lists_each_step_with_one_tap(world, rollout):
    html = _home(world, "member_a")
    participant = rollout.participants.get(person=world.member_a)
    assert "Việc bạn còn phải làm" in html
    assert reverse("my_reading", args=[participant.pk]) in html
    assert f"{reverse('my_participation', args=[participant.pk])}#cam-ket" in html
    study_read(actor=world.users["member_a"], participant=participant)
    html = _home(world, "member_a")
    assert f"{reverse('my_participation', args=[participant.pk])}#kiem-tra" in html
    assert reverse("my_reading", args=[participant.pk]) not in html


def test_member_home_has_no_officials_section(world, rollout):
    assert "Việc cần xử lý" not in _home(world, "member_a")


# --- notifications ------------------------------------------------------------------------------


def test_plan_submission_notifies_the_deciding_leader_once(world, rollout, cell_officer):
    world.users["leader_a"].email = "leader_a@trienkhai.test"
    world.users["leader_a"].save(update_fields=["email"])
    with pytest.MonkeyPatch.context():
        plan = _submitted_plan(world, rollout, world.cell_a1, cell_officer)
    note = Notification.objects.get(user=world.users["leader_a"])
    assert note.url == plan.get_absolute_url()
    assert "chờ phê duyệt" in note.title
    assert not Notification.objects.filter(user=world.users["leader"]).exists()


def test_plan_decision_notifies_the_unit_officers(world, rollout, cell_officer):
    plan = _submitted_plan(world, rollout, world.cell_a1, cell_officer)
    plan_transition(actor=world.users["leader_a"], plan=plan, to=PlanStatus.RETURNED, comment="x")
    note = Notification.objects.get(user=cell_officer)
    assert "trả lại" in note.title and note.url == plan.get_absolute_url()
    plan_transition(actor=cell_officer, plan=plan, to=PlanStatus.SUBMITTED)
    plan_transition(actor=world.users["leader_a"], plan=plan, to=PlanStatus.APPROVED)
    titles = list(Notification.objects.filter(user=cell_officer).values_list("title", flat=True))
    assert len(titles) == 2 and any("phê duyệt" in t for t in titles)
    assert Notification.objects.filter(user=world.users["leader_a"]).count() == 2


def test_report_submission_and_return_notify(world, rollout, cell_officer):
    period = make_quarter(rollout)
    report = report_open(actor=cell_officer, period=period, unit=world.cell_a1)
    report_save(actor=cell_officer, report=report, values={}, submit=True)
    for name in ("leader_a", "officer_a"):
        note = Notification.objects.get(user=world.users[name])
        assert note.url == report.get_absolute_url()
    report_transition(
        actor=world.users["officer_a"], report=report, to=ReportStatus.RETURNED, comment="Sửa"
    )
    note = Notification.objects.get(user=cell_officer)
    assert "trả lại" in note.title and "Sửa" in note.body


def test_scheduling_a_session_notifies_point_officers_and_members(world, rollout, cell_officer):
    world.users["member_a"].email = "member@trienkhai.test"
    world.users["member_a"].save(update_fields=["email"])
    session = hold_session(
        world, rollout, world.commune_a, [world.cell_a1], starts_in=datetime.timedelta(days=1)
    )
    officer_note = Notification.objects.get(user=cell_officer, event_key__contains="officer")
    assert officer_note.url == reverse("session_detail", args=[session.pk])
    member_note = Notification.objects.get(user=world.users["member_a"])
    assert member_note.url == reverse("my_tasks")
    assert not Notification.objects.filter(user=world.users["officer_b"]).exists()


def test_emails_go_after_commit(world, rollout, cell_officer, django_capture_on_commit_callbacks):
    world.users["leader_a"].email = "leader_a@trienkhai.test"
    world.users["leader_a"].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        _submitted_plan(world, rollout, world.cell_a1, cell_officer)
    assert "leader_a@trienkhai.test" in [m.to[0] for m in mail.outbox]


def test_unread_badge_counts_the_new_notification(world, rollout, cell_officer):
    _submitted_plan(world, rollout, world.cell_a1, cell_officer)
    html = _home(world, "leader_a")
    assert 'Thông báo <span class="badge warn">1</span>' in html


def test_report_due_reminder_goes_to_officers_of_units_without_report(world, rollout):
    from apps.dashboards.reminders import reminders_send

    period = make_quarter(rollout, due=timezone.localdate() + datetime.timedelta(days=2))
    counts = reminders_send(today=timezone.localdate())
    assert counts.reports_due >= 2
    note = Notification.objects.get(
        user=world.users["officer_a"], event_key__startswith=f"reminder:report-{period.pk}-due"
    )
    assert note.url == reverse("report_edit", args=[period.pk, world.commune_a.pk])


def test_an_officer_of_two_units_is_reminded_of_both_reports_in_one_message(world, rollout):
    """Both units missing their report are listed; before, the second unit's reminder hit the
    one-per-day event key and was dropped."""
    from apps.dashboards.reminders import reminders_send

    AssignmentFactory(person=world.users["officer_a"].person, unit=world.cell_a1, role="officer")
    period = make_quarter(rollout, due=timezone.localdate() + datetime.timedelta(days=2))
    reminders_send(today=timezone.localdate())
    note = Notification.objects.get(
        user=world.users["officer_a"], event_key__startswith=f"reminder:report-{period.pk}-due"
    )
    assert world.commune_a.name in note.body and world.cell_a1.name in note.body
    assert "2 đơn vị chưa gửi" in note.title
    assert note.url == reverse("report_periods", args=[rollout.pk])
