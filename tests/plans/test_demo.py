from apps.demo.plans import load_plans_demo
from apps.plans.enums import PlanStatus
from apps.plans.models import Plan, Report, Task
from tests.rollout.factories import make_rollout


def test_load_plans_demo_is_idempotent_and_varied(world):
    rollout = make_rollout(world)
    load_plans_demo(rollout)
    load_plans_demo(rollout)
    statuses = set(Plan.objects.filter(rollout=rollout).values_list("status", flat=True))
    assert PlanStatus.APPROVED in statuses and PlanStatus.RETURNED in statuses
    assert Task.objects.filter(rollout=rollout, parent__isnull=False).count() == 2
    assert Report.objects.filter(period__template__rollout=rollout, status="submitted").exists()
