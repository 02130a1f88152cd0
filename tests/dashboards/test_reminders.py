import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django_q.models import Schedule

from apps.common.models import Notification
from apps.dashboards.reminders import reminders_send
from apps.rollout.models import Participant
from tests.dashboards.progress_helpers import hold_session, mark_all_present
from tests.people.factories import AssignmentFactory, PersonFactory, UserFactory
from tests.rollout.factories import make_rollout

SOON = datetime.date(2026, 12, 29)  # 2 days before the 31/12/2026 deadline
FAR = datetime.date(2026, 11, 25)
LATE = datetime.date(2027, 1, 2)


@pytest.fixture
def rollout(world):
    for name in ("officer_a", "officer_b"):
        user = world.users[name]
        user.email = f"{name}@trienkhai.test"
        user.save(update_fields=["email"])
    return make_rollout(world, requires_commitment=False)


@pytest.fixture
def officer_root(world):
    user = UserFactory(username="officer_root", email="root@trienkhai.test")
    AssignmentFactory(
        person=PersonFactory(unit=world.root, user=user), unit=world.root, role="officer"
    )
    return user


STUDY = "Bạn còn phải hoàn thành học tập Chỉ thị 34-CT/TU"


def _titles(user):
    """Titles of the user's notifications, other than their own study reminder."""
    return list(_reminders().filter(user=user).exclude(title=STUDY).values_list("title", flat=True))


def _reminders():
    """The reminders only (scheduling a session also notifies, once, when it happens)."""
    return Notification.objects.filter(event_key__startswith="reminder:")


def _body(user):
    return _reminders().exclude(title=STUDY).get(user=user).body


def test_officers_of_units_behind_are_reminded_as_the_deadline_approaches(world, rollout):
    counts = reminders_send(today=SOON)
    assert counts.approaching == 2  # officer_a (Xã A) and officer_b (Xã B)
    assert _titles(world.users["officer_a"]) == [
        "Sắp đến hạn triển khai Chỉ thị 34-CT/TU: đơn vị còn chậm"
    ]
    body = _body(world.users["officer_a"])
    assert world.commune_a.name in body and world.cell_a1.name not in body  # its own unit only
    assert world.commune_b.name not in body
    officer_mails = [m.to[0] for m in mail.outbox if m.subject != STUDY]
    assert sorted(officer_mails) == ["officer_a@trienkhai.test", "officer_b@trienkhai.test"]
    assert counts.emails == len(mail.outbox)


def test_nothing_is_sent_far_from_the_deadline(world, rollout):
    counts = reminders_send(today=FAR)
    assert counts.sent == 0 and not mail.outbox
    assert not _reminders().exists()


def test_at_most_one_reminder_per_person_per_rule_per_day(world, rollout):
    first = reminders_send(today=SOON)
    again = reminders_send(today=SOON)
    assert first.sent > 0 and again.sent == 0
    assert again.duplicates == first.sent
    assert (
        Notification.objects.filter(event_key__endswith=f":{SOON.isoformat()}").count()
        == first.sent
    )
    assert len(mail.outbox) == first.emails
    next_day = reminders_send(today=SOON + datetime.timedelta(days=1))
    assert next_day.sent == first.sent


def test_a_notification_already_inserted_for_the_event_means_no_second_send(world, rollout):
    Notification.objects.create(
        user=world.users["officer_a"],
        title="đã gửi",
        event_key=f"reminder:rollout-{rollout.pk}-approaching:{SOON.isoformat()}",
    )
    counts = reminders_send(today=SOON)
    assert _titles(world.users["officer_a"]) == ["đã gửi"]
    assert counts.approaching == 1 and counts.duplicates == 1


def test_overdue_units_escalate_to_the_officers_of_the_level_above(world, rollout, officer_root):
    reminders_send(today=LATE)
    [title] = _titles(world.users["officer_a"])
    assert title == "Quá hạn triển khai Chỉ thị 34-CT/TU: đơn vị chậm tiến độ"
    body_a = _body(world.users["officer_a"])
    assert world.commune_a.name in body_a
    assert f"{world.cell_a1.name}" in body_a and "(đơn vị cấp dưới)" in body_a
    body_root = _body(officer_root)
    assert f"- {world.commune_a.name}" in body_root and f"- {world.commune_b.name}" in body_root
    assert (
        _reminders()
        .exclude(title=STUDY)
        .get(user=officer_root)
        .url.startswith(f"/trien-khai/{rollout.pk}/cham-tien-do/")
    )


def test_a_unit_on_time_is_not_reported(world, rollout):
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1, world.cell_a2])
    mark_all_present(world, session, world.cell_a1)
    mark_all_present(world, session, world.cell_a2)
    reminders_send(today=SOON)
    body = _body(world.users["officer_a"])
    assert world.cell_a1.name not in body
    assert "nộp kế hoạch" in body  # Xã A still owes its plan


def test_members_who_still_owe_study_are_reminded(world, rollout):
    member = world.users["member_a"]
    member.email = "member@trienkhai.test"
    member.save(update_fields=["email"])
    counts = reminders_send(today=SOON)
    # Everyone with a login owes study: member_a and the six officials of the tree.
    assert counts.study == Participant.objects.filter(person__user__isnull=False).count() == 7
    assert list(_reminders().filter(user=member).values_list("title", flat=True)) == [STUDY]
    body = _reminders().get(user=member).body
    assert "Trần Thị Đảng Viên" in body and "31/12/2026" in body
    assert "member@trienkhai.test" in [m.to[0] for m in mail.outbox]


def test_members_done_or_exempt_are_not_reminded(world, rollout):
    Participant.objects.filter(rollout=rollout, person=world.member_a).update(exempt=True)
    reminders_send(today=SOON)
    assert not _reminders().filter(user=world.users["member_a"]).exists()


def test_command_prints_counts_and_accepts_a_date(world, rollout):
    out = io.StringIO()
    call_command("send_reminders", "--date", SOON.isoformat(), stdout=out)
    text = out.getvalue()
    assert "approaching: 2" in text and "already_sent_today: 0" in text
    out = io.StringIO()
    call_command("send_reminders", "--date", SOON.isoformat(), stdout=out)
    assert "approaching: 0" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "29/12/2026")


def test_daily_schedule_exists(db):
    schedule = Schedule.objects.get(func="apps.dashboards.reminders.reminders_run_daily")
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1
