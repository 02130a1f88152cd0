"""A handler opens an inspection "khi có dấu hiệu vi phạm" straight from a concluded feedback,
through the inspections service: the origin is recorded both ways, the committee is told and
sees it on its home page, and the sender stays hidden from the unit concerned."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.common.notifications import Notification
from apps.common.plugins import work_items
from apps.feedback import services
from apps.feedback.enums import FollowUpKind, OutcomeCode
from apps.inspections.enums import InspectionStatus as S
from apps.inspections.enums import Origin, TeamRole
from apps.inspections.models import Inspection
from apps.inspections.services import inspections as isvc
from tests.feedback.factories import SENDER_CONTACT, SENDER_EMAIL, SENDER_NAME, submit
from tests.feedback.test_views import crawl
from tests.inspections.factories import head_person, shared_rollout
from tests.people.factories import AssignmentFactory, PersonFactory, UserFactory

SECRETS = (SENDER_NAME, SENDER_CONTACT, SENDER_EMAIL)


def _concluded(world, outcome=OutcomeCode.SUBSTANTIATED):
    criterion = shared_rollout(world).directive.criteria.order_by("order").first()
    feedback, _ = submit(world.commune_a, criterion=criterion)
    inspector = world.users["inspector"]
    services.feedback_accept(actor=inspector, feedback=feedback)
    services.feedback_identify(actor=inspector, feedback=feedback, person=world.person_a)
    return services.feedback_conclude(
        actor=inspector, feedback=feedback, outcome=outcome, conclusion="Có dấu hiệu vi phạm."
    )


def _open(world, feedback, actor="inspector"):
    today = timezone.localdate()
    return services.feedback_open_inspection(
        actor=world.users[actor],
        feedback=feedback,
        title="Kiểm tra khi có dấu hiệu vi phạm đối với xã An Bình",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=20),
    )


def test_opening_creates_a_real_inspection_with_its_origin(world):
    feedback = _concluded(world)
    follow_up = _open(world, feedback)
    inspection = follow_up.inspection
    assert inspection is not None and follow_up.kind == FollowUpKind.INSPECTION
    assert inspection.status == S.PLANNED and inspection.origin == Origin.SIGNS
    assert inspection.kind.code == "kiem-tra-dau-hieu"
    assert inspection.origin_object == feedback
    assert inspection.inspecting_unit == world.root and inspection.subject == world.commune_a
    assert list(inspection.criteria.all()) == [feedback.criterion]
    assert list(inspection.target_people.all()) == [world.person_a]
    assert feedback.reference in inspection.origin_note
    # nothing of the sender is copied into the inspection
    for value in (inspection.title, inspection.content, inspection.origin_note):
        for secret in (*SECRETS, feedback.description):
            assert secret not in value


@pytest.mark.parametrize(
    "prepare,message",
    [
        ("open", "sau khi đã kết luận"),
        ("not_substantiated", "đúng hoặc đúng một phần"),
        ("twice", "Đã mở cuộc kiểm tra"),
    ],
)
def test_opening_is_refused_and_changes_nothing(world, prepare, message):
    if prepare == "open":
        feedback, _ = submit(world.commune_a)
        services.feedback_accept(actor=world.users["inspector"], feedback=feedback)
    elif prepare == "not_substantiated":
        feedback = _concluded(world, OutcomeCode.NOT_SUBSTANTIATED)
    else:
        feedback = _concluded(world)
        _open(world, feedback)
    before = Inspection.objects.count()
    with pytest.raises(ApplicationError, match=message):
        _open(world, feedback)
    assert Inspection.objects.count() == before
    assert feedback.follow_ups.filter(kind=FollowUpKind.INSPECTION).count() == before


def test_only_the_handler_may_open_it(world):
    feedback = _concluded(world)
    for role in ("leader", "officer_a"):
        with pytest.raises(Exception):  # noqa: B017 - 404 or permission refusal
            _open(world, feedback, actor=role)
    assert not Inspection.objects.exists()
    # and through the page: 403 without feedback.handle
    url = reverse("feedback_act", args=[feedback.pk])
    assert world.client("leader").post(url, {"action": "inspection"}).status_code == 403
    assert not Inspection.objects.exists()


def test_handler_opens_it_from_the_page_and_both_pages_link(world):
    second = UserFactory(username="inspector2")
    AssignmentFactory(
        person=PersonFactory(unit=world.root, user=second), unit=world.root, role="inspector"
    )
    feedback = _concluded(world)
    client = world.client("inspector")
    detail_url = reverse("feedback_detail", args=[feedback.pk])
    assert 'id="form-inspection"' in client.get(detail_url).content.decode()
    act = reverse("feedback_act", args=[feedback.pk])
    bad = client.post(act, {"action": "inspection", "title": "Kiểm tra", "starts_on": ""})
    assert bad.status_code == 400 and not Inspection.objects.exists()
    today = timezone.localdate()
    response = client.post(
        act,
        {
            "action": "inspection",
            "title": "Kiểm tra khi có dấu hiệu vi phạm đối với xã An Bình",
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=10)).isoformat(),
            "note": "Xác minh việc hẹn lại nhiều lần",
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    page = client.get(detail_url).content.decode()
    assert inspection.get_absolute_url() in page and 'id="form-inspection"' not in page
    inspection_page = client.get(inspection.get_absolute_url()).content.decode()
    assert detail_url in inspection_page and feedback.reference in inspection_page
    # whoever must act next (the committee) is told and sees it on the home page
    told = Notification.objects.filter(event_key=f"inspection:{inspection.pk}:opened")
    assert {n.user_id for n in told} == {second.pk}
    labels = {i.label: i.count for i in work_items(world.users["inspector"])}
    assert labels["Kiểm tra khi có dấu hiệu vi phạm chờ ban hành quyết định"] == 1
    home = client.get(reverse("home")).content.decode()
    assert "Kiểm tra khi có dấu hiệu vi phạm chờ ban hành quyết định" in home


def test_unit_concerned_never_sees_the_sender_through_the_inspection(world):
    feedback = _concluded(world)
    inspection = _open(world, feedback).inspection
    isvc.team_member_add(
        actor=None, inspection=inspection, person=head_person(world), role=TeamRole.HEAD
    )
    isvc.inspection_decide(
        actor=None, inspection=inspection, number="7-QĐ/UBKTTU", date=timezone.localdate()
    )
    for role in ("officer_a", "leader_a"):
        client = world.client(role)
        assert client.get(inspection.get_absolute_url()).status_code == 404
        pages = crawl(
            client,
            [
                reverse("home"),
                reverse("inspections_for_unit"),
                f"/kiem-tra/{inspection.pk}/doi-tuong/",
                reverse("notifications"),
            ],
        )
        assert pages.get(f"/kiem-tra/{inspection.pk}/doi-tuong/"), role
        for url, body in pages.items():
            for secret in (*SECRETS, feedback.description):
                assert secret not in body, f"{secret!r} shown to {role} on {url}"
