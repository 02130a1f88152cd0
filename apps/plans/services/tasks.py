"""Tasks: creation, progress, delegation to lower units with roll-up, evidence, comments.

Roll-up rule (stored on the parent task, shown on its page):
- `average`: the parent's progress is the simple average of its child tasks' progress;
- `weighted`: sum(child.progress × child.weight) / sum(child.weight).
Cancelled child tasks are left out. The parent is recomputed, then its own parent, each
with one aggregate query, whenever a child's progress changes.
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Sum

from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.types import Actor
from apps.org.models import Unit
from apps.people.models import Person
from apps.plans import hooks
from apps.plans.enums import RollupRule, TaskStatus
from apps.plans.models import Plan, Task, TaskComment, TaskEvidence
from apps.plans.services.plans import require_scope
from apps.plans.uploads import EVIDENCE_FILES, check_upload
from apps.rollout.models import Rollout


def _status_for(progress: int, current: str) -> str:
    if current == TaskStatus.CANCELLED:
        return current
    if progress >= 100:
        return TaskStatus.DONE
    if progress > 0:
        return TaskStatus.IN_PROGRESS
    return TaskStatus.NOT_STARTED


@transaction.atomic
def task_create(
    *,
    actor: Actor,
    rollout: Rollout,
    unit: Unit,
    title: str,
    start: datetime.date,
    deadline: datetime.date,
    owner: Person | None = None,
    plan: Plan | None = None,
    description: str = "",
    weight: int = 1,
) -> Task:
    require_scope(actor, "task.manage", unit)
    if not unit.path.startswith(rollout.unit.path):
        raise ApplicationError("Đơn vị không thuộc phạm vi của đợt triển khai này.")
    title = " ".join(title.split())
    if not title:
        raise ApplicationError("Cần nhập tên nhiệm vụ.")
    if deadline < start:
        raise ApplicationError(
            f"Thời hạn {deadline:%d/%m/%Y} không được trước ngày bắt đầu {start:%d/%m/%Y}."
        )
    if owner is not None and not owner.unit.path.startswith(unit.path):
        raise ApplicationError(f"{owner.full_name} không thuộc đơn vị {unit.name}.")
    if plan is not None and (plan.unit_id != unit.pk or plan.rollout_id != rollout.pk):
        raise ApplicationError("Kế hoạch không thuộc đơn vị này.")
    if weight < 1:
        raise ApplicationError("Trọng số phải là số nguyên dương.")
    task = Task(
        rollout=rollout,
        unit=unit,
        title=title,
        description=description.strip(),
        start=start,
        deadline=deadline,
        owner=owner,
        plan=plan,
        weight=weight,
        created_by=actor_user(actor),
    )
    task.full_clean()
    task._history_user = actor_user(actor)  # type: ignore[attr-defined]
    task.save()
    return task


def _recompute(task: Task) -> None:
    """Sets a delegated task's progress from its children, then walks up the parents."""
    current: Task | None = task
    while current is not None and current.rollup_rule != RollupRule.MANUAL:
        children = Task.objects.filter(parent=current).exclude(status=TaskStatus.CANCELLED)
        agg = children.aggregate(
            weighted=Sum(F("progress") * F("weight")),
            weights=Sum("weight"),
            total=Sum("progress"),
            n=Count("pk"),
        )
        if current.rollup_rule == RollupRule.WEIGHTED:
            value = (agg["weighted"] or 0) / agg["weights"] if agg["weights"] else 0
        else:
            value = (agg["total"] or 0) / agg["n"] if agg["n"] else 0
        progress = int(round(value))
        status = _status_for(progress, current.status)
        if progress != current.progress or status != current.status:
            current.progress = progress
            current.status = status
            current._change_reason = "Tính lại tiến độ từ nhiệm vụ con"  # type: ignore[attr-defined]
            current.save(update_fields=["progress", "status"])
        current = current.parent


@transaction.atomic
def task_progress_set(
    *, actor: Actor, task: Task, progress: int, status: str | None = None
) -> Task:
    require_scope(actor, "task.manage", task.unit)
    if task.rollup_rule != RollupRule.MANUAL:
        raise ApplicationError(
            "Tiến độ của nhiệm vụ đã giao cho cấp dưới được tính tự động từ các nhiệm vụ con."
        )
    if not 0 <= progress <= 100:
        raise ApplicationError("Tiến độ phải là số từ 0 đến 100.")
    was_done = task.status == TaskStatus.DONE
    if status is not None and status not in TaskStatus.values:
        raise ApplicationError("Trạng thái không hợp lệ.")
    task.progress = progress
    task.status = status if status else _status_for(progress, task.status)
    if task.status == TaskStatus.DONE and progress < 100:
        task.progress = 100
    task._history_user = actor_user(actor)  # type: ignore[attr-defined]
    task.save(update_fields=["progress", "status"])
    if task.parent_id:
        parent = Task.objects.select_for_update().get(pk=task.parent_id)
        _recompute(parent)
    if task.status == TaskStatus.DONE and not was_done:
        hooks.task_done(task)
    return task


@transaction.atomic
def task_delegate(
    *,
    actor: Actor,
    task: Task,
    units: list[Unit],
    rule: str = RollupRule.AVERAGE,
    weights: dict[int, int] | None = None,
    deadline: datetime.date | None = None,
) -> list[Task]:
    """Creates one child task per lower unit; the parent's progress then rolls up by `rule`."""
    require_scope(actor, "task.manage", task.unit)
    if rule not in {RollupRule.AVERAGE, RollupRule.WEIGHTED}:
        raise ApplicationError("Cách tính tiến độ không hợp lệ.")
    if not units:
        raise ApplicationError("Cần chọn ít nhất một đơn vị cấp dưới.")
    weights = weights or {}
    deadline = deadline or task.deadline
    if deadline > task.deadline:
        raise ApplicationError(
            f"Thời hạn của nhiệm vụ giao ({deadline:%d/%m/%Y}) không được muộn hơn thời hạn "
            f"của nhiệm vụ gốc ({task.deadline:%d/%m/%Y})."
        )
    if deadline < task.start:
        raise ApplicationError("Thời hạn không được trước ngày bắt đầu của nhiệm vụ.")
    existing = set(task.children.values_list("unit_id", flat=True))
    children = []
    for unit in units:
        if not unit.path.startswith(task.unit.path) or unit.pk == task.unit_id:
            raise ApplicationError(
                f"{unit.name} không phải là đơn vị cấp dưới của {task.unit.name}."
            )
        if unit.pk in existing:
            raise ApplicationError(f"Nhiệm vụ đã được giao cho {unit.name}.")
        weight = weights.get(unit.pk, 1)
        if weight < 1:
            raise ApplicationError(f"Trọng số của {unit.name} phải là số nguyên dương.")
        child = Task(
            rollout=task.rollout,
            parent=task,
            unit=unit,
            title=task.title,
            description=task.description,
            start=task.start,
            deadline=deadline,
            weight=weight,
            created_by=actor_user(actor),
        )
        child.full_clean()
        child._history_user = actor_user(actor)  # type: ignore[attr-defined]
        child._change_reason = f"Giao từ nhiệm vụ của {task.unit.name}"  # type: ignore[attr-defined]
        child.save()
        children.append(child)
    task.rollup_rule = rule
    task._history_user = actor_user(actor)  # type: ignore[attr-defined]
    task._change_reason = "Giao cho cấp dưới"  # type: ignore[attr-defined]
    task.save(update_fields=["rollup_rule"])
    _recompute(task)
    return children


@transaction.atomic
def task_evidence_add(
    *, actor: Actor, task: Task, name: str, file: Any = None, link: str = ""
) -> TaskEvidence:
    require_scope(actor, "task.manage", task.unit)
    link = link.strip()
    if file is None and not link:
        raise ApplicationError("Cần chọn tệp minh chứng hoặc nhập đường dẫn.")
    if link and not link.startswith(("http://", "https://")):
        raise ApplicationError("Đường dẫn phải bắt đầu bằng http:// hoặc https://.")
    if file is not None:
        check_upload(file, allowed=EVIDENCE_FILES)
    evidence = TaskEvidence(
        task=task,
        name=" ".join(name.split()) or (getattr(file, "name", "") or link)[:200],
        link=link,
        uploaded_by=actor_user(actor),
    )
    if file is not None:
        evidence.file = file
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def task_comment_add(*, actor: Actor, task: Task, text: str) -> TaskComment:
    require_scope(actor, "task.view", task.unit)
    text = text.strip()
    if not text:
        raise ApplicationError("Cần nhập nội dung ý kiến.")
    comment = TaskComment(task=task, author=actor_user(actor), text=text)
    comment.full_clean()
    comment.save()
    return comment
