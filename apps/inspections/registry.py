"""What this app adds to the shared frame, registered from `InspectionsConfig.ready`: facts,
menu entries, home-page work items, and the reaction to a follow-up task reported done
(plans.hooks)."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from apps.access import scoping
from apps.common import facts
from apps.common.plugins import (
    MenuEntry,
    ObjectAction,
    WorkItem,
    register_menu,
    register_object_action,
    register_work,
)
from apps.inspections import selectors
from apps.inspections.enums import InspectionStatus, Origin
from apps.inspections.facts import discipline_facts, finding_facts, inspection_facts
from apps.inspections.services.inspections import follow_up_completed
from apps.plans import hooks as plans_hooks
from apps.plans.models import Report, Task

GROUP = "Kiểm tra, giám sát"


def inspector_work(user: Any) -> list[WorkItem]:
    if not scoping.has_action(user, "inspection.manage"):
        return []
    waiting = selectors.inspections_waiting(actor=user)
    follow = selectors.recommendations_pending(actor=user, today=timezone.localdate())
    base = reverse("inspection_list")
    items = [
        WorkItem(
            "Kiểm tra khi có dấu hiệu vi phạm chờ ban hành quyết định",
            selectors.signs_waiting(actor=user),
            f"{base}?trang_thai={InspectionStatus.PLANNED}&can_cu={Origin.SIGNS}",
            urgency=1,
            group=GROUP,
        ),
        WorkItem(
            "Cuộc kiểm tra đã có báo cáo tự kiểm tra, cần thẩm tra",
            waiting.get(InspectionStatus.VERIFYING, 0),
            f"{base}?trang_thai={InspectionStatus.VERIFYING}",
            group=GROUP,
        ),
        WorkItem(
            "Đối tượng đã có ý kiến về dự thảo, cần kết luận",
            waiting.get(InspectionStatus.RESPONDED, 0),
            f"{base}?trang_thai={InspectionStatus.RESPONDED}",
            urgency=1,
            group=GROUP,
        ),
        WorkItem(
            "Kiến nghị đã khắc phục, chờ kiểm tra xác nhận",
            follow["to_verify"],
            f"{base}?trang_thai={InspectionStatus.CONCLUDED}",
            urgency=1,
            group=GROUP,
        ),
        WorkItem(
            "Kiến nghị quá hạn khắc phục",
            follow["overdue"],
            f"{base}?trang_thai={InspectionStatus.CONCLUDED}",
            urgency=2,
            group=GROUP,
        ),
    ]
    if scoping.has_action(user, "discipline.manage"):
        items.append(
            WorkItem(
                "Vụ việc kỷ luật đang xem xét",
                selectors.cases_waiting(actor=user),
                reverse("discipline_list"),
                group=GROUP,
            )
        )
    return items


def target_work(user: Any) -> list[WorkItem]:
    if not scoping.has_action(user, "inspection.respond"):
        return []
    qs = selectors.inspections_for_target(actor=user)
    url = reverse("inspections_for_unit")
    return [
        WorkItem(
            "Yêu cầu báo cáo tự kiểm tra",
            qs.filter(status=InspectionStatus.SELF_REPORT).count(),
            url,
            urgency=1,
            group=GROUP,
        ),
        WorkItem(
            "Dự thảo kết luận chờ đơn vị cho ý kiến",
            qs.filter(status=InspectionStatus.DRAFT_SENT).count(),
            url,
            urgency=1,
            group=GROUP,
        ),
    ]


def report_actions(user: Any, report: Report) -> list[ObjectAction]:
    """On a unit's report: an inspection committee above the unit may open an inspection
    "khi có dấu hiệu vi phạm" from it."""
    if not selectors.can_oversee(user, "inspection.manage", report.unit):
        return []
    url = f"{reverse('inspection_create')}?tu_bao_cao={report.pk}"
    return [ObjectAction("Kiểm tra khi có dấu hiệu vi phạm", url)]


def _task_done(task: Task) -> None:
    follow_up_completed(task.pk, task.status)


def register_all() -> None:
    facts.register("finding", finding_facts)
    facts.register("discipline", discipline_facts)
    facts.register("inspection", inspection_facts)
    register_menu(MenuEntry("Kiểm tra, giám sát", "inspection_list", "inspection.view", 60))
    register_menu(MenuEntry("Kỷ luật đảng", "discipline_list", "discipline.view", 61))
    register_menu(
        MenuEntry("Kiểm tra đối với đơn vị", "inspections_for_unit", "inspection.respond", 62)
    )
    register_work(inspector_work)
    register_work(target_work)
    register_object_action("plans.report", report_actions)
    plans_hooks.register_task_done(_task_done)
