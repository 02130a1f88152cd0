"""Plan workflow: one test per allowed and per refused transition, late flag, versions."""

import datetime

import pytest
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.plans.enums import PlanStatus
from apps.plans.models import Plan
from apps.plans.services.plans import TRANSITIONS, plan_create, plan_transition
from apps.rollout.services.deadlines import unit_deadline_set
from tests.plans.factories import docx_upload, fake_pdf_upload, pdf_upload
from tests.rollout.factories import make_rollout


@pytest.fixture
def rollout(world):
    return make_rollout(world)


def _plan(world, rollout, unit=None):
    return plan_create(
        actor=world.users["officer_a"],
        rollout=rollout,
        unit=unit or world.cell_a1,
        title="Kế hoạch thực hiện Chỉ thị 34",
    )


def _submitted(world, rollout, unit=None):
    plan = _plan(world, rollout, unit)
    return plan_transition(
        actor=world.users["officer_a"], plan=plan, to=PlanStatus.SUBMITTED, document=docx_upload()
    )


def test_transition_table_is_exactly_the_workflow():
    assert set(TRANSITIONS) == {
        (PlanStatus.DRAFT, PlanStatus.SUBMITTED),
        (PlanStatus.RETURNED, PlanStatus.SUBMITTED),
        (PlanStatus.SUBMITTED, PlanStatus.APPROVED),
        (PlanStatus.SUBMITTED, PlanStatus.RETURNED),
    }


# --- allowed ------------------------------------------------------------------------------


def test_draft_to_submitted_keeps_version_one(world, rollout):
    plan = _submitted(world, rollout)
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.versions.get().number == 1
    assert plan.versions.get().document.name.endswith(".docx")


def test_submitted_to_approved_by_leader_of_superior_unit(world, rollout):
    plan = _submitted(world, rollout)
    plan = plan_transition(actor=world.users["leader_a"], plan=plan, to=PlanStatus.APPROVED)
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_at is not None
    assert plan.versions.get().decision == PlanStatus.APPROVED


def test_submitted_to_returned_with_comment(world, rollout):
    plan = _submitted(world, rollout)
    plan = plan_transition(
        actor=world.users["leader_a"], plan=plan, to=PlanStatus.RETURNED, comment="Bổ sung tiến độ"
    )
    assert plan.status == PlanStatus.RETURNED
    assert plan.versions.get().comment == "Bổ sung tiến độ"


def test_returned_to_submitted_creates_new_version_and_keeps_old(world, rollout):
    plan = _submitted(world, rollout)
    plan_transition(actor=world.users["leader_a"], plan=plan, to=PlanStatus.RETURNED, comment="Sửa")
    plan = plan_transition(
        actor=world.users["officer_a"], plan=plan, to=PlanStatus.SUBMITTED, document=pdf_upload()
    )
    assert plan.status == PlanStatus.SUBMITTED
    assert list(plan.versions.values_list("number", "decision")) == [(1, "returned"), (2, "")]


def test_resubmission_without_new_file_reuses_previous_document(world, rollout):
    plan = _submitted(world, rollout)
    plan_transition(actor=world.users["leader_a"], plan=plan, to=PlanStatus.RETURNED, comment="Sửa")
    plan = plan_transition(actor=world.users["officer_a"], plan=plan, to=PlanStatus.SUBMITTED)
    first, second = plan.versions.all()
    assert second.document.name == first.document.name


def test_transitions_are_logged_in_history(world, rollout):
    plan = _submitted(world, rollout)
    plan_transition(
        actor=world.users["leader_a"], plan=plan, to=PlanStatus.RETURNED, comment="Thiếu"
    )
    reasons = list(
        plan.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons[-1] == "Đã trình → Trả lại để hoàn thiện: Thiếu"
    assert plan.history.order_by("history_id").last().history_user == world.users["leader_a"]


# --- refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (PlanStatus.DRAFT, PlanStatus.APPROVED),
        (PlanStatus.DRAFT, PlanStatus.RETURNED),
        (PlanStatus.SUBMITTED, PlanStatus.SUBMITTED),
        (PlanStatus.RETURNED, PlanStatus.APPROVED),
        (PlanStatus.APPROVED, PlanStatus.RETURNED),
        (PlanStatus.APPROVED, PlanStatus.SUBMITTED),
        (PlanStatus.APPROVED, PlanStatus.DRAFT),
        (PlanStatus.SUBMITTED, PlanStatus.DRAFT),
    ],
)
def test_transition_not_in_table_is_refused(world, rollout, start, to):
    plan = _plan(world, rollout)
    Plan.objects.filter(pk=plan.pk).update(status=start)
    with pytest.raises(ApplicationError, match="Không thể chuyển kế hoạch"):
        plan_transition(
            actor=world.users["admin"], plan=plan, to=to, comment="x", document=docx_upload()
        )
    plan.refresh_from_db()
    assert plan.status == start


def test_unit_own_leader_cannot_approve_own_plan(world, rollout):
    plan = _submitted(world, rollout, unit=world.commune_a)
    with pytest.raises(ApplicationError, match="cấp trên trực tiếp"):
        plan_transition(actor=world.users["leader_a"], plan=plan, to=PlanStatus.APPROVED)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_root_leader_approves_commune_plan(world, rollout):
    plan = _submitted(world, rollout, unit=world.commune_a)
    plan = plan_transition(actor=world.users["leader"], plan=plan, to=PlanStatus.APPROVED)
    assert plan.status == PlanStatus.APPROVED


def test_officer_cannot_approve(world, rollout):
    plan = _submitted(world, rollout)
    with pytest.raises(ApplicationError):
        plan_transition(actor=world.users["officer_a"], plan=plan, to=PlanStatus.APPROVED)


def test_return_without_comment_is_refused(world, rollout):
    plan = _submitted(world, rollout)
    with pytest.raises(ApplicationError, match="ghi rõ ý kiến"):
        plan_transition(actor=world.users["leader_a"], plan=plan, to=PlanStatus.RETURNED)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_first_submission_requires_a_document(world, rollout):
    plan = _plan(world, rollout)
    with pytest.raises(ApplicationError, match="đính kèm"):
        plan_transition(actor=world.users["officer_a"], plan=plan, to=PlanStatus.SUBMITTED)


def test_upload_not_what_its_name_claims_is_refused_and_nothing_changes(world, rollout):
    plan = _plan(world, rollout)
    with pytest.raises(ApplicationError, match="không phải là tệp PDF hợp lệ"):
        plan_transition(
            actor=world.users["officer_a"],
            plan=plan,
            to=PlanStatus.SUBMITTED,
            document=fake_pdf_upload(),
        )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert not plan.versions.exists()


def test_sibling_officer_cannot_create_plan_for_other_commune(world, rollout):
    from django.http import Http404

    with pytest.raises(Http404):
        plan_create(actor=world.users["officer_b"], rollout=rollout, unit=world.cell_a1, title="X")


# --- late flag ----------------------------------------------------------------------------


def test_plan_submitted_after_cascaded_deadline_is_flagged_late(world, rollout):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    rollout.starts_on = yesterday - datetime.timedelta(days=30)
    rollout.save(update_fields=["starts_on"])
    unit_deadline_set(
        actor=world.users["officer_a"],
        rollout=rollout,
        unit=world.commune_a,
        dissemination_due=yesterday,
        plan_due=yesterday,
    )
    plan = _submitted(world, rollout)
    assert plan.submitted_late


def test_plan_submitted_in_time_is_not_late(world, rollout):
    plan = _submitted(world, rollout)
    assert not plan.submitted_late
