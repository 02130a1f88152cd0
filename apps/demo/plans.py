"""Demo plans, tasks and quarterly reports for Directive 34's rollout.

`load_plans_demo(rollout)` is called by the demo loader once the rollout exists. It is
deterministic (fixed seed), goes through the services (with `actor=None`, the system), and
does nothing when the rollout already has a report template (already loaded).
"""

import datetime
import random
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from apps.org.models import Unit
from apps.plans.enums import PlanStatus, RollupRule
from apps.plans.models import Plan, ReportPeriodKind, ReportTemplate
from apps.plans.services.plans import plan_create, plan_transition
from apps.plans.services.reports import (
    report_open,
    report_period_create,
    report_save,
    report_template_setup,
)
from apps.plans.services.tasks import task_create, task_delegate, task_progress_set
from apps.rollout.models import Rollout


def _document(title: str) -> ContentFile:
    import io

    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("II. NỘI DUNG, NHIỆM VỤ TRỌNG TÂM")
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    buffer = io.BytesIO()
    document.save(buffer)
    return ContentFile(buffer.getvalue(), name="ke-hoach-thuc-hien.docx")


@transaction.atomic
def load_plans_demo(rollout: Rollout, *, seed: int = 34, stdout: Any = None) -> None:
    if ReportTemplate.objects.filter(rollout=rollout).exists():
        return
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    root = rollout.unit
    communes = list(
        Unit.objects.filter(path__startswith=root.path, depth=root.depth + 1, valid_to__isnull=True)
        .filter(name__istartswith="Đảng bộ")
        .order_by("sort_key")
    ) or list(
        Unit.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("sort_key")
    )
    # Plans: about half the communes submitted, some approved, a few returned.
    for i, commune in enumerate(communes[:40]):
        if Plan.objects.filter(rollout=rollout, unit=commune).exists():
            continue
        plan = plan_create(
            actor=None,
            rollout=rollout,
            unit=commune,
            title=f"Kế hoạch thực hiện Chỉ thị 34-CT/TU của {commune.name}",
        )
        if i % 4 == 3:
            continue  # left as a draft
        plan_transition(
            actor=None, plan=plan, to=PlanStatus.SUBMITTED, document=_document(plan.title)
        )
        if i % 4 == 0:
            plan_transition(actor=None, plan=plan, to=PlanStatus.APPROVED)
        elif i % 4 == 1:
            plan_transition(
                actor=None,
                plan=plan,
                to=PlanStatus.RETURNED,
                comment="Đề nghị bổ sung phân công cụ thể người phụ trách và thời hạn từng nhiệm vụ.",
            )
    # Tasks: one province task delegated to the first communes, progress rolled up.
    start = rollout.starts_on
    deadline = max(rollout.plan_due, start + datetime.timedelta(days=60))
    task = task_create(
        actor=None,
        rollout=rollout,
        unit=root,
        title="Rà soát, sửa đổi quy chế làm việc và phân công nhiệm vụ",
        start=start,
        deadline=deadline,
    )
    children = task_delegate(actor=None, task=task, units=communes[:6], rule=RollupRule.AVERAGE)
    for child in children:
        task_progress_set(actor=None, task=child, progress=rng.choice([0, 25, 50, 80, 100]))
    task_create(
        actor=None,
        rollout=rollout,
        unit=root,
        title="Tổ chức phong trào thi đua thực hiện Chỉ thị 34",
        start=start,
        deadline=start + datetime.timedelta(days=30),
    )
    # Quarterly reports: the quarter of the rollout's start; ~2/3 of the communes' cells report.
    template = report_template_setup(actor=None, rollout=rollout)
    q_start = datetime.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    q_end = (q_start + datetime.timedelta(days=95)).replace(day=1) - datetime.timedelta(days=1)
    quarter = (q_start.month - 1) // 3 + 1
    period = report_period_create(
        actor=None,
        template=template,
        kind=ReportPeriodKind.objects.get(code="quy"),
        name=f"Quý {['I', 'II', 'III', 'IV'][quarter - 1]} năm {q_start.year}",
        starts_on=q_start,
        ends_on=q_end,
        due_on=q_end + datetime.timedelta(days=5),
    )
    codes = {i.code: i.pk for i in template.indicators.all()}
    today = timezone.localdate()
    for commune in communes[:12]:
        cells = list(
            Unit.objects.filter(path__startswith=commune.path, depth=commune.depth + 1).order_by(
                "sort_key"
            )
        )
        for cell in cells[: max(1, (2 * len(cells)) // 3)]:
            report = report_open(actor=None, period=period, unit=cell)
            report_save(
                actor=None,
                report=report,
                values={
                    codes["violations_found"]: rng.randint(0, 2),
                    codes["people_commended"]: rng.randint(0, 5),
                },
                sections={},
                submit=True,
            )
    if stdout is not None:
        stdout.write(f"Kế hoạch, nhiệm vụ, báo cáo quý: xong ({today:%d/%m/%Y}).\n")
