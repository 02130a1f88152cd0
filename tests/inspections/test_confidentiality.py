"""Who sees inspections and discipline cases: strictly above the subject, and the log of reads."""

import pytest
from django.urls import reverse

from apps.common.models import Notification
from apps.inspections import selectors
from apps.inspections.enums import InspectionStatus as S
from apps.inspections.models import DisciplineAccessLog
from tests.inspections.factories import make_case, make_inspection
from tests.people.factories import AssignmentFactory, PersonFactory, UserFactory


def _user(world, username, unit, role):
    user = UserFactory(username=username)
    AssignmentFactory(person=PersonFactory(unit=unit, user=user), unit=unit, role=role)
    return user


@pytest.fixture
def case(world):
    return make_case(world, person=world.person_a)  # a member of Chi bộ thôn 1, Xã A


def test_commune_officer_and_leader_of_the_subjects_unit_get_404_on_a_discipline_case(world, case):
    for who in ("officer_a", "leader_a", "officer_b", "member_a"):
        response = world.client(who).get(reverse("discipline_detail", args=[case.pk]))
        assert response.status_code == 404, who
    assert not DisciplineAccessLog.objects.exists()


def test_an_inspector_granted_at_the_subject_unit_itself_gets_404(world):
    """The rule is "an ANCESTOR unit": the committee of the subject's own unit does not see it."""
    own = _user(world, "kiemtra_chibo", world.cell_a1, "inspector")
    case = make_case(world, person=world.person_a)  # subject unit: Chi bộ thôn 1
    assert (
        world.client("officer_a").get(reverse("discipline_detail", args=[case.pk])).status_code
        == 404
    )
    client = world.client("admin")
    client.force_login(own)
    assert client.get(reverse("discipline_detail", args=[case.pk])).status_code == 404
    # The commune's committee is strictly above the cell: it sees the case.
    above = _user(world, "kiemtra_xa", world.commune_a, "inspector")
    client.force_login(above)
    assert client.get(reverse("discipline_detail", args=[case.pk])).status_code == 200


def test_every_read_of_a_case_writes_one_log_row(world, case):
    client = world.client("inspector")
    for expected in (1, 2, 3):
        response = client.get(reverse("discipline_detail", args=[case.pk]))
        assert response.status_code == 200
        assert DisciplineAccessLog.objects.filter(case=case).count() == expected
    row = DisciplineAccessLog.objects.filter(case=case).first()
    assert row.user == world.users["inspector"]
    # The log is shown to the inspection committee on the case page.
    assert "Nhật ký truy cập" in response.content.decode()
    assert response.content.decode().count("<td>inspector</td>") == 3


def test_admin_reads_are_logged_too_and_refusals_are_not(world, case):
    world.client("admin").get(reverse("discipline_detail", args=[case.pk]))
    world.client("officer_a").get(reverse("discipline_detail", args=[case.pk]))
    assert list(DisciplineAccessLog.objects.values_list("user__username", flat=True)) == ["admin"]


def test_inspection_in_progress_is_hidden_from_the_target_and_its_leaders(world):
    inspection = make_inspection(world, world.commune_a, status=S.VERIFYING)
    url = reverse("inspection_detail", args=[inspection.pk])
    for who in ("officer_a", "leader_a", "leader"):
        assert world.client(who).get(url).status_code == 404, who
    assert world.client("inspector").get(url).status_code == 200
    # The target has its own page: what is asked of it, no working file.
    target = world.client("officer_a").get(reverse("inspection_target", args=[inspection.pk]))
    assert target.status_code == 200
    assert "Tài liệu, chứng cứ" not in target.content.decode()
    assert (
        world.client("officer_b")
        .get(reverse("inspection_target", args=[inspection.pk]))
        .status_code
        == 404
    )


def test_leaders_see_the_conclusion_once_published(world):
    inspection = make_inspection(world, world.commune_a, status=S.RESPONDED)
    url = reverse("inspection_conclusion", args=[inspection.pk])
    assert world.client("leader_a").get(url).status_code == 404
    from apps.inspections.services import inspections as svc

    svc.inspection_conclude(
        actor=None, inspection=inspection, strengths="Tốt", shortcomings="Còn chậm"
    )
    assert world.client("leader_a").get(url).status_code == 200
    assert world.client("leader").get(url).status_code == 200
    assert world.client("officer_a").get(url).status_code == 403  # no conclusion.view anywhere
    finding = inspection.findings.first()
    assert (
        world.client("leader_a").get(reverse("finding_detail", args=[finding.pk])).status_code
        == 200
    )


def test_lists_show_only_what_the_inspector_oversees(world):
    a = make_inspection(world, world.commune_a)
    b = make_inspection(world, world.commune_b)
    commune_inspector = _user(world, "kiemtra_xa", world.commune_a, "inspector")
    assert set(selectors.inspection_list(actor=world.users["inspector"])) == {a, b}
    assert list(selectors.inspection_list(actor=commune_inspector)) == []
    cell = make_inspection(world, world.cell_a1)
    assert list(selectors.inspection_list(actor=commune_inspector)) == [cell]


def test_each_step_notifies_whoever_must_act(world):
    inspection = make_inspection(world, world.commune_a, status=S.SELF_REPORT)
    officer = world.users["officer_a"]
    assert Notification.objects.filter(
        user=officer, event_key=f"inspection:{inspection.pk}:self_report"
    ).exists()
    from apps.inspections.services import inspections as svc

    svc.self_report_submit(actor=officer, inspection=inspection, text="Báo cáo")
    assert Notification.objects.filter(
        user=world.users["inspector"], event_key=f"inspection:{inspection.pk}:self_report_received"
    ).exists()


def test_subject_is_notified_in_due_process(world):
    user = UserFactory(username="dv_a")
    world.person_a.user = user
    world.person_a.save()
    case = make_case(world, person=world.person_a, status="decided")
    keys = set(Notification.objects.filter(user=user).values_list("event_key", flat=True))
    assert keys == {f"discipline:{case.pk}:notified", f"discipline:{case.pk}:decided"}


def test_work_items_for_the_committee_and_the_target(world):
    from apps.common.plugins import work_items
    from tests.inspections.factories import complete_follow_ups

    make_inspection(world, world.commune_a, status=S.SELF_REPORT)
    concluded = make_inspection(world, world.commune_b, status=S.CONCLUDED)
    officer = {i.label: i.count for i in work_items(world.users["officer_a"])}
    assert officer["Yêu cầu báo cáo tự kiểm tra"] == 1
    assert "Kiến nghị đã khắc phục, chờ kiểm tra xác nhận" not in officer
    complete_follow_ups(concluded)
    inspector = {i.label: i.count for i in work_items(world.users["inspector"])}
    assert inspector["Kiến nghị đã khắc phục, chờ kiểm tra xác nhận"] == 1
    # …and the committee was told when the task was reported done.
    rec = concluded.recommendations.get()
    assert Notification.objects.filter(
        user=world.users["inspector"], event_key=f"recommendation:{rec.pk}:done"
    ).exists()
    assert Notification.objects.filter(
        user=world.users["officer_b"], event_key=f"recommendation:{rec.pk}:assigned"
    ).exists()


def test_overdue_follow_ups_escalate_once_a_day(world):
    import datetime

    from apps.dashboards.reminders import reminders_send

    inspection = make_inspection(world, world.commune_a, status=S.CONCLUDED)  # deadline 31/12/2026
    rec = inspection.recommendations.get()
    day = datetime.date(2027, 1, 5)
    reminders_send(today=day)
    reminders_send(today=day)
    key = f"reminder:followup:{rec.pk}:{day.isoformat()}"
    assert Notification.objects.filter(user=world.users["officer_a"], event_key=key).count() == 1
    assert Notification.objects.filter(user=world.users["inspector"], event_key=key).count() == 1
    assert not Notification.objects.filter(user=world.users["officer_b"], event_key=key).exists()
