import pytest
from django.test import Client
from django.urls import reverse

from apps.plans.enums import PlanStatus
from apps.plans.models import Plan
from apps.plans.services.plans import plan_create, plan_transition
from tests.plans.factories import docx_upload, fake_pdf_upload
from tests.rollout.factories import make_rollout


@pytest.fixture
def rollout(world):
    return make_rollout(world)


def _plan_b(world, rollout):
    plan = plan_create(
        actor=world.users["officer_b"], rollout=rollout, unit=world.cell_b1, title="KH B1"
    )
    return plan_transition(
        actor=world.users["officer_b"], plan=plan, to=PlanStatus.SUBMITTED, document=docx_upload()
    )


def test_officer_creates_and_submits_plan_then_leader_returns_and_approves(world, rollout):
    officer = world.client("officer_a")
    officer.post(
        reverse("plan_new", args=[rollout.pk]) + f"?unit={world.cell_a1.pk}",
        {"title": "Kế hoạch chi bộ 1"},
    )
    plan = Plan.objects.get(unit=world.cell_a1)
    response = officer.post(
        reverse("plan_submit", args=[plan.pk]), {"document": docx_upload(), "note": ""}
    )
    assert response.status_code == 302
    leader = world.client("leader_a")
    leader.post(
        reverse("plan_decide", args=[plan.pk]),
        {"decision": "returned", "comment": "Bổ sung phân công"},
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    assert (
        "Bổ sung phân công" in officer.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    )
    officer.post(reverse("plan_submit", args=[plan.pk]), {"note": "Đã bổ sung"})
    leader.post(reverse("plan_decide", args=[plan.pk]), {"decision": "approved", "comment": ""})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.versions.count() == 2


def test_plan_list_flags_and_shows_children(world, rollout):
    page = world.client("officer_a").get(
        reverse("plan_list", args=[rollout.pk]) + f"?unit={world.commune_a.pk}"
    )
    text = page.content.decode()
    assert "Chi bộ thôn 1 An Bình" in text and "Chi bộ thôn 2 An Bình" in text
    assert "Bình Lợi" not in text


def test_fake_document_upload_shows_message_and_changes_nothing(world, rollout):
    plan = plan_create(
        actor=world.users["officer_a"], rollout=rollout, unit=world.cell_a1, title="KH"
    )
    response = world.client("officer_a").post(
        reverse("plan_submit", args=[plan.pk]), {"document": fake_pdf_upload()}
    )
    assert "không phải là tệp PDF hợp lệ" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_plan_routes_scope(world, rollout):
    plan_b = _plan_b(world, rollout)
    version_b = plan_b.versions.get()
    officer_a = world.client("officer_a")
    assert officer_a.get(reverse("plan_detail", args=[plan_b.pk])).status_code == 404
    assert officer_a.post(reverse("plan_submit", args=[plan_b.pk]), {}).status_code == 404
    assert officer_a.get(reverse("plan_version_document", args=[version_b.pk])).status_code == 404
    assert (
        officer_a.get(
            reverse("plan_list", args=[rollout.pk]) + f"?unit={world.commune_b.pk}"
        ).status_code
        == 404
    )
    assert (
        officer_a.get(
            reverse("plan_new", args=[rollout.pk]) + f"?unit={world.cell_b1.pk}"
        ).status_code
        == 404
    )
    # Approval by someone outside the superior unit: not even visible.
    assert (
        world.client("leader_a")
        .post(reverse("plan_decide", args=[plan_b.pk]), {"decision": "approved"})
        .status_code
        == 404
    )
    plan_b.refresh_from_db()
    assert plan_b.status == PlanStatus.SUBMITTED
    member = world.client("member_a")
    for url in (
        reverse("plan_list", args=[rollout.pk]),
        reverse("plan_detail", args=[plan_b.pk]),
        reverse("plan_new", args=[rollout.pk]),
    ):
        assert member.get(url).status_code == 403
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(world.users["leader"])
    assert (
        csrf.post(reverse("plan_decide", args=[plan_b.pk]), {"decision": "approved"}).status_code
        == 403
    )
    plan_b.refresh_from_db()
    assert plan_b.status == PlanStatus.SUBMITTED


def test_own_leader_sees_no_decision_form_on_own_plan(world, rollout):
    plan = plan_create(
        actor=world.users["officer_a"], rollout=rollout, unit=world.commune_a, title="KH xã"
    )
    plan_transition(
        actor=world.users["officer_a"], plan=plan, to=PlanStatus.SUBMITTED, document=docx_upload()
    )
    html = world.client("leader_a").get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "plan-decide-form" not in html
    response = world.client("leader_a").post(
        reverse("plan_decide", args=[plan.pk]), {"decision": "approved"}
    )
    assert "cấp trên trực tiếp" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
