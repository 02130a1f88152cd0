import datetime

from apps.demo.inspections import load_inspections_demo
from apps.inspections.enums import CaseStatus, FollowUpStatus
from apps.inspections.models import DisciplineCase, Inspection, Programme
from tests.org.factories import UnitFactory
from tests.people.factories import PersonFactory
from tests.rollout.factories import make_rollout


def test_inspections_demo_has_every_stage_and_is_idempotent(world):
    ubkt = UnitFactory(code="LD-UBKT", name="Ủy ban Kiểm tra Tỉnh ủy", parent=world.root)
    PersonFactory(
        code="UBKT1",
        full_name="Trần Văn Kiểm",
        unit=ubkt,
        position="Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
    )
    PersonFactory(code="UBKT2", full_name="Lê Thị Tra", unit=ubkt)
    UnitFactory(code="X24781", name="Đảng bộ Phường Xuân Hương - Đà Lạt", parent=world.root)
    communes = [
        UnitFactory(code=f"X{i}", name=f"Đảng bộ xã Số {i}", parent=world.root) for i in range(1, 5)
    ]
    for i, unit in enumerate([*communes, world.commune_a, world.commune_b]):
        PersonFactory(code=f"DV{i}", full_name="Phạm Văn Đảng", unit=unit, position="Đảng viên")
    world.refresh()
    rollout = make_rollout(world, starts_on=datetime.date(2026, 11, 1))
    today = datetime.date(2026, 12, 1)
    load_inspections_demo(rollout, today=today)
    load_inspections_demo(rollout, today=today)
    assert Programme.objects.count() == 1
    statuses = sorted(Inspection.objects.values_list("status", flat=True))
    assert statuses == sorted(["concluded", "closed", "verifying", "draft_sent", "decided"])
    xh = Inspection.objects.get(subject__code="X24781")
    follow = sorted(xh.recommendations.values_list("status", flat=True))
    assert follow == [FollowUpStatus.OPEN, FollowUpStatus.VERIFIED]
    assert xh.findings.values("criterion").distinct().count() == 3
    assert Inspection.objects.filter(kind__is_supervision=True).count() == 1
    case = DisciplineCase.objects.get()
    assert case.status == CaseStatus.EXECUTED and case.form.name == "Khiển trách"
    assert case.notice_on < case.response_on < case.meeting_on < case.decided_on
