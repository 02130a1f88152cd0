"""What emulation offers the other contexts: the "commendation" and "praise" facts, and the
home-page work items of emulation officers, officers and leaders."""

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.access import scoping
from apps.common.facts import Fact, FactQuery
from apps.common.plugins import WorkItem
from apps.emulation import selectors
from apps.emulation.enums import ProposalStatus, SubjectKind
from apps.emulation.models import Praise, Proposal

GROUP = "Thi đua, khen thưởng"


def _actor_q(query: FactQuery, field: str) -> Q:
    if query.actor is None:
        return Q()
    return scoping.scope_q(query.actor, "emulation.view", field=field)


def commendation_facts(query: FactQuery) -> list[Fact]:
    """Decided commendations (status approved), dated by their decision."""
    qs = Proposal.objects.filter(status=ProposalStatus.APPROVED, subject_kind=query.subject_kind)
    qs = qs.filter(_actor_q(query, "proposing_unit"))
    id_field = (
        "subject_person_id" if query.subject_kind == SubjectKind.PERSON else "subject_unit_id"
    )
    unit_path = (
        "subject_person__unit__path"
        if query.subject_kind == SubjectKind.PERSON
        else "subject_unit__path"
    )
    if query.ids is not None:
        qs = qs.filter(**{f"{id_field}__in": query.ids})
    if query.subtree_path:
        qs = qs.filter(**{f"{unit_path}__startswith": query.subtree_path})
    if query.start:
        qs = qs.filter(decision_date__gte=query.start)
    if query.end:
        qs = qs.filter(decision_date__lte=query.end)
    if query.directive_id:
        qs = qs.filter(movement__directive_id=query.directive_id)
    rows = qs.select_related("kind", "subject_person").order_by("decision_date", "pk")
    result = []
    for p in rows:
        person = p.subject_kind == SubjectKind.PERSON
        subject_id = p.subject_person_id if person else p.subject_unit_id
        unit_id = p.subject_person.unit_id if person and p.subject_person else p.subject_unit_id
        if subject_id is None or unit_id is None or p.decision_date is None:
            continue
        result.append(
            Fact(
                kind="commendation",
                subject_kind=p.subject_kind,
                subject_id=subject_id,
                unit_id=unit_id,
                date=p.decision_date,
                code=p.kind.code,
                label=p.kind.name,
                url=p.get_absolute_url(),
                extra={"decision_number": p.decision_number, "subject": p.subject_name},
            )
        )
    return result


def praise_facts(query: FactQuery) -> list[Fact]:
    qs = Praise.objects.filter(_actor_q(query, "unit"))
    if query.subject_kind == SubjectKind.PERSON:
        qs = qs.filter(person__isnull=False)
        if query.ids is not None:
            qs = qs.filter(person_id__in=query.ids)
    else:
        qs = qs.filter(person__isnull=True)
        if query.ids is not None:
            qs = qs.filter(unit_id__in=query.ids)
    if query.subtree_path:
        qs = qs.filter(unit__path__startswith=query.subtree_path)
    if query.start:
        qs = qs.filter(date__gte=query.start)
    if query.end:
        qs = qs.filter(date__lte=query.end)
    if query.directive_id:
        qs = qs.filter(directive_id=query.directive_id)
    result = []
    for praise in qs.select_related("person").order_by("date", "pk"):
        subject_id = praise.person_id if praise.person_id else praise.unit_id
        result.append(
            Fact(
                kind="praise",
                subject_kind=query.subject_kind,
                subject_id=subject_id,
                unit_id=praise.unit_id,
                date=praise.date,
                code="bieu-duong",
                label=praise.text,
                url=reverse("praise_list"),
                extra={"person": praise.person.full_name if praise.person else ""},
            )
        )
    return result


def work_items(user: Any) -> list[WorkItem]:
    items: list[WorkItem] = []
    if not user.is_authenticated:
        return items
    if scoping.has_action(user, "emulation.manage"):
        n = selectors.movements_due_to_close(actor=user, today=timezone.localdate()).count()
        items.append(
            WorkItem(
                label="Phong trào thi đua đã hết thời gian, chờ tổng kết",
                count=n,
                url=reverse("movement_list") + "?cho=tong-ket",
                group=GROUP,
                urgency=1,
            )
        )
    if scoping.has_action(user, "emulation.score"):
        n = selectors.registrations_awaiting_council(actor=user).count()
        items.append(
            WorkItem(
                label="Đăng ký thi đua chờ hội đồng chấm, xét khiếu nại",
                count=n,
                url=reverse("registration_queue") + "?cho=hoi-dong",
                group=GROUP,
            )
        )
        n = selectors.proposals_awaiting(
            actor=user, status=ProposalStatus.SUBMITTED, action="emulation.score"
        ).count()
        items.append(
            WorkItem(
                label="Đề nghị khen thưởng chờ hội đồng xét",
                count=n,
                url=reverse("proposal_list") + f"?trang_thai={ProposalStatus.SUBMITTED}",
                group=GROUP,
            )
        )
    if scoping.has_action(user, "commendation.decide"):
        n = selectors.proposals_awaiting(
            actor=user, status=ProposalStatus.VOTED, action="commendation.decide"
        ).count()
        items.append(
            WorkItem(
                label="Đề nghị khen thưởng chờ quyết định",
                count=n,
                url=reverse("proposal_list") + f"?trang_thai={ProposalStatus.VOTED}",
                group=GROUP,
                urgency=1,
            )
        )
    if scoping.has_action(user, "emulation.register"):
        n = selectors.registrations_awaiting_self_score(actor=user).count()
        items.append(
            WorkItem(
                label="Đăng ký thi đua chưa tự chấm điểm",
                count=n,
                url=reverse("registration_queue") + "?cho=tu-cham",
                group=GROUP,
            )
        )
    if scoping.has_action(user, "commendation.propose"):
        n = selectors.proposals_returned(actor=user).count()
        items.append(
            WorkItem(
                label="Đề nghị khen thưởng bị trả lại cần hoàn thiện",
                count=n,
                url=reverse("proposal_list") + f"?trang_thai={ProposalStatus.RETURNED}",
                group=GROUP,
                urgency=1,
            )
        )
    return items
