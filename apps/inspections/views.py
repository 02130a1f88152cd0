"""Inspection pages. Working files (inspections, evidence, discipline) are `confidential`: 404
to anyone who is not an overseer of the subject; the target's page, the published conclusion and
findings are reached with their own actions (see `apps.inspections.selectors`)."""

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from apps.access import scoping
from apps.access.permissions import requires
from apps.common.audit import history_entries
from apps.common.downloads import stored_file
from apps.common.errors import ApplicationError
from apps.directives.models import ConductCriterion, Directive, KeyTask
from apps.directives.selectors import directive_list
from apps.inspections import selectors
from apps.inspections.enums import InspectionStatus, Origin
from apps.inspections.forms import (
    ConclusionForm,
    DecideForm,
    DraftForm,
    EvidenceForm,
    FindingForm,
    FollowUpDecisionForm,
    InspectionForm,
    ProgrammeForm,
    RecommendationForm,
    ResponseForm,
    SelfReportForm,
    SelfReportRequestForm,
    TeamForm,
)
from apps.inspections.models import Evidence, Finding, Inspection, InspectionKind, SelfReport
from apps.inspections.permissions import confidential
from apps.inspections.services import inspections as svc
from apps.org.models import Unit
from apps.people.models import Person
from apps.plans.models import Report
from apps.plans.selectors import report_get_for_actor

S = InspectionStatus


def grant_units(user: Any, action: str) -> QuerySet[Unit]:
    """Units the user may act from (their grant units; administrators: the top two levels)."""
    if scoping.is_admin(user):
        return Unit.objects.filter(depth__lte=2, valid_to__isnull=True).order_by("path")
    paths = scoping.scope_paths(user, action)
    return Unit.objects.filter(path__in=paths).order_by("path")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _people(codes: str) -> list[Person]:
    wanted = [c.strip() for c in codes.replace(";", ",").split(",") if c.strip()]
    found = {p.code: p for p in Person.objects.filter(code__in=wanted).select_related("unit")}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ApplicationError(f"Không tìm thấy cán bộ có mã: {', '.join(missing)}.")
    return [found[c] for c in wanted]


# --- programmes ------------------------------------------------------------------------------


@requires("inspection.view")
def programme_list(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    cast(Any, form.fields["unit"]).choices = [
        (u.pk, u.name) for u in grant_units(request.user, "inspection.manage")
    ]
    if request.method == "POST":
        scoping.require_action(request.user, "inspection.manage")
        if form.is_valid():
            data = form.cleaned_data
            unit = Unit.objects.filter(pk=data["unit"]).first()
            if unit is None:
                raise Http404
            try:
                programme = svc.programme_create(
                    actor=request.user,
                    unit=unit,
                    year=data["year"],
                    title=data["title"],
                    note=data["note"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã tạo chương trình kiểm tra, giám sát.")
                return redirect("programme_detail", pk=programme.pk)
    return render(
        request,
        "inspections/programme_list.html",
        {
            "programmes": selectors.programme_list(actor=request.user),
            "form": form,
            "can_manage": scoping.has_action(request.user, "inspection.manage"),
        },
    )


@confidential("inspection.view")
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get_for_actor(actor=request.user, pk=pk)
    inspections = selectors.inspection_list(actor=request.user, programme=programme)
    return render(
        request,
        "inspections/programme_detail.html",
        {"programme": programme, "inspections": inspections},
    )


# --- inspections -----------------------------------------------------------------------------


@requires("inspection.view")
def inspection_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("trang_thai", "")
    if status not in S.values:
        status = ""
    origin = request.GET.get("can_cu", "")
    if origin not in Origin.values:
        origin = ""
    qs = selectors.inspection_list(
        actor=request.user,
        status=status,
        directive_id=_int(request.GET.get("chi_thi")),
        origin=origin,
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/inspection_list.html",
        {
            "page": page,
            "status": status,
            "statuses": S.choices,
            "can_manage": scoping.has_action(request.user, "inspection.manage"),
        },
    )


def _inspection_form(request: HttpRequest, initial: dict[str, Any]) -> InspectionForm:
    form = InspectionForm(request.POST or None, initial={**initial, **request.GET.dict()})
    units = list(grant_units(request.user, "inspection.manage"))
    cast(Any, form.fields["inspecting_unit"]).choices = [(u.pk, u.name) for u in units]
    programmes = selectors.programme_list(actor=request.user)
    cast(Any, form.fields["programme"]).choices = [("", "—")] + [
        (p.pk, f"{p.title} ({p.year})") for p in programmes
    ]
    directives = directive_list(actor=request.user)
    cast(Any, form.fields["directive"]).choices = [("", "—")] + [
        (d.pk, f"{d.symbol or d.number} — {d.title[:80]}")
        for d in directives.order_by("-issued_on")[:200]
    ]
    directive_id = _int(
        request.POST.get("directive") or request.GET.get("directive") or initial.get("directive")
    )
    criteria = ConductCriterion.objects.filter(directive_id=directive_id) if directive_id else []
    tasks = KeyTask.objects.filter(directive_id=directive_id) if directive_id else []
    cast(Any, form.fields["criteria"]).choices = [
        (c.pk, f"{c.get_polarity_display()}: {c.text}") for c in criteria
    ]
    cast(Any, form.fields["key_tasks"]).choices = [(t.pk, t.text[:160]) for t in tasks]
    return form


def _inspecting_unit_for(request: HttpRequest, subject: Unit) -> int | None:
    """The nearest of the user's grant units strictly above `subject`."""
    above = [
        u
        for u in grant_units(request.user, "inspection.manage")
        if subject.path.startswith(u.path) and len(subject.path) > len(u.path)
    ]
    return max(above, key=lambda u: len(u.path)).pk if above else None


def _origin(request: HttpRequest) -> tuple[Finding | None, Report | None, dict[str, Any]]:
    """The source of the signs of violation named in the query (`tu_phat_hien`: a finding,
    `tu_bao_cao`: a unit's report) — 404 outside the user's scope — and the form's initial
    values drawn from it."""
    finding_pk = request.GET.get("tu_phat_hien") or request.POST.get("tu_phat_hien")
    report_pk = request.GET.get("tu_bao_cao") or request.POST.get("tu_bao_cao")
    kind = InspectionKind.objects.filter(code="kiem-tra-dau-hieu").first()
    if finding_pk:
        finding = selectors.finding_get_for_actor(actor=request.user, pk=_int(finding_pk) or 0)
        initial: dict[str, Any] = {
            "kind": kind,
            "subject_code": finding.unit.code,
            "inspecting_unit": _inspecting_unit_for(request, finding.unit),
            "title": f"Kiểm tra khi có dấu hiệu vi phạm đối với {finding.unit.name}",
            "directive": finding.inspection.directive_id,
            "criteria": [finding.criterion_id] if finding.criterion_id else [],
            "key_tasks": [finding.key_task_id] if finding.key_task_id else [],
        }
        return finding, None, initial
    if report_pk:
        report = report_get_for_actor(actor=request.user, pk=_int(report_pk) or 0)
        if not selectors.can_oversee(request.user, "inspection.manage", report.unit):
            raise Http404
        rollout = report.period.template.rollout
        initial = {
            "kind": kind,
            "subject_code": report.unit.code,
            "inspecting_unit": _inspecting_unit_for(request, report.unit),
            "title": f"Kiểm tra khi có dấu hiệu vi phạm đối với {report.unit.name}",
            "directive": rollout.directive_id,
            "origin_note": f"Báo cáo {report.period.name} của {report.unit.name}",
        }
        return None, report, initial
    return None, None, {}


@requires("inspection.manage")
def inspection_create(request: HttpRequest) -> HttpResponse:
    origin_finding, origin_report, initial = _origin(request)
    form = _inspection_form(request, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspecting = Unit.objects.filter(pk=data["inspecting_unit"]).first()
            subject = Unit.objects.filter(code=data["subject_code"].strip()).first()
            if inspecting is None:
                raise Http404
            if subject is None:
                raise ApplicationError(f"Không tìm thấy tổ chức đảng có mã {data['subject_code']}.")
            directive = (
                Directive.objects.filter(pk=data["directive"]).first()
                if data["directive"]
                else None
            )
            kind: InspectionKind = data["kind"]
            signs = kind.code == "kiem-tra-dau-hieu" or bool(origin_finding or origin_report)
            inspection = svc.inspection_create(
                actor=request.user,
                kind=kind,
                inspecting_unit=inspecting,
                subject=subject,
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                programme=selectors.programme_list(actor=request.user)
                .filter(pk=data["programme"])
                .first()
                if data["programme"]
                else None,
                directive=directive,
                criteria=list(ConductCriterion.objects.filter(pk__in=data["criteria"])),
                key_tasks=list(KeyTask.objects.filter(pk__in=data["key_tasks"])),
                target_people=_people(data["target_codes"]),
                content=data["content"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                origin=Origin.SIGNS if signs else Origin.PROGRAMME,
                origin_note=data["origin_note"]
                or (f"Phát hiện qua {origin_finding.inspection.title}" if origin_finding else ""),
                origin_finding=origin_finding,
                origin_object=origin_report,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã tạo cuộc kiểm tra, giám sát.")
            return redirect("inspection_detail", pk=inspection.pk)
    return render(
        request,
        "inspections/inspection_new.html",
        {"form": form, "origin_finding": origin_finding, "origin_report": origin_report},
    )


def _detail_context(request: HttpRequest, inspection: Inspection, **forms: Any) -> dict[str, Any]:
    criteria = list(inspection.criteria.order_by("order"))
    key_tasks = list(inspection.key_tasks.order_by("order"))
    subtree = list(
        Unit.objects.filter(
            path__startswith=inspection.subject.path, depth__lte=inspection.subject.depth + 1
        ).order_by("path")[:300]
    )
    finding_form = forms.get("finding_form") or FindingForm()
    cast(Any, finding_form.fields["target"]).choices = [
        *[(f"c{c.pk}", f"{c.get_polarity_display()}: {c.text[:120]}") for c in criteria],
        *[(f"t{t.pk}", f"Nhiệm vụ: {t.text[:120]}") for t in key_tasks],
    ]
    cast(Any, finding_form.fields["unit"]).choices = [(u.pk, u.name) for u in subtree]
    findings = list(
        inspection.findings.select_related(
            "criterion", "key_task", "unit", "level"
        ).prefetch_related("people")
    )
    rec_form = forms.get("recommendation_form") or RecommendationForm()
    cast(Any, rec_form.fields["unit"]).choices = [(u.pk, u.name) for u in subtree]
    cast(Any, rec_form.fields["finding"]).choices = [("", "—")] + [
        (f.pk, f.text[:100]) for f in findings
    ]
    can_manage = selectors.can_oversee(request.user, "inspection.manage", inspection.subject)
    return {
        "inspection": inspection,
        "criteria": criteria,
        "key_tasks": key_tasks,
        "target_people": list(inspection.target_people.select_related("unit")),
        "team": list(inspection.team.select_related("person", "person__unit")),
        "self_reports": list(inspection.self_reports.select_related("submitted_by")),
        "evidence": list(inspection.evidence.select_related("added_by")),
        "findings": findings,
        "follow_ups": selectors.follow_ups(inspection=inspection),
        "cases": list(inspection.cases.all()),
        "can_manage": can_manage,
        "allowed": {to for (frm, to) in svc.TRANSITIONS if frm == inspection.status}
        if can_manage
        else set(),
        "drafting": inspection.status in {S.VERIFYING, S.DRAFT_SENT, S.RESPONDED},
        "team_form": forms.get("team_form") or TeamForm(),
        "decide_form": forms.get("decide_form") or DecideForm(),
        "request_form": forms.get("request_form") or SelfReportRequestForm(),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "self_report_form": forms.get("self_report_form") or SelfReportForm(),
        "draft_form": forms.get("draft_form")
        or DraftForm(
            initial={"text": inspection.draft_text, "response_due": inspection.response_due}
        ),
        "finding_form": finding_form,
        "recommendation_form": rec_form,
        "conclusion_form": forms.get("conclusion_form") or ConclusionForm(),
        "followup_form": FollowUpDecisionForm(),
        "error": forms.get("error"),
        "history": history_entries(inspection),
        "statuses": dict(S.choices),
        "origin_link": selectors.origin_link(inspection),
    }


@confidential("inspection.view")
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get_for_actor(actor=request.user, pk=pk)
    return render(
        request, "inspections/inspection_detail.html", _detail_context(request, inspection)
    )


def _step(request: HttpRequest, inspection: Inspection, step: str) -> tuple[str, Any]:
    """Runs one step; returns (success message, form with errors or None)."""
    user = request.user
    if step == "team":
        form: Any = TeamForm(request.POST)
        if form.is_valid():
            person = (
                Person.objects.filter(code=form.cleaned_data["person_code"].strip())
                .select_related("unit")
                .first()
            )
            if person is None:
                raise ApplicationError("Không tìm thấy cán bộ có mã này.")
            svc.team_member_add(
                actor=user, inspection=inspection, person=person, role=form.cleaned_data["role"]
            )
            return "Đã thêm thành viên đoàn.", None
        return "", ("team_form", form)
    if step == "decide":
        form = DecideForm(request.POST)
        if form.is_valid():
            svc.inspection_decide(
                actor=user,
                inspection=inspection,
                number=form.cleaned_data["number"],
                date=form.cleaned_data["date"],
            )
            return "Đã ban hành quyết định; đã thông báo cho đối tượng.", None
        return "", ("decide_form", form)
    if step == "request_report":
        form = SelfReportRequestForm(request.POST)
        if form.is_valid():
            svc.inspection_request_self_report(
                actor=user, inspection=inspection, due=form.cleaned_data["due"]
            )
            return "Đã yêu cầu đối tượng báo cáo tự kiểm tra.", None
        return "", ("request_form", form)
    if step == "self_report":
        form = SelfReportForm(request.POST, request.FILES)
        if form.is_valid():
            svc.self_report_submit(
                actor=user,
                inspection=inspection,
                text=form.cleaned_data["text"],
                file=form.cleaned_data["file"],
            )
            return "Đã ghi nhận báo cáo tự kiểm tra của đối tượng.", None
        return "", ("self_report_form", form)
    if step == "evidence":
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            svc.evidence_add(
                actor=user,
                inspection=inspection,
                kind=d["kind"],
                title=d["title"],
                text=d["text"],
                file=d["file"],
            )
            return "Đã bổ sung tài liệu, chứng cứ.", None
        return "", ("evidence_form", form)
    if step == "draft":
        form = DraftForm(request.POST)
        if form.is_valid():
            svc.draft_send(
                actor=user,
                inspection=inspection,
                text=form.cleaned_data["text"],
                response_due=form.cleaned_data["response_due"],
            )
            return "Đã gửi dự thảo kết luận cho đối tượng.", None
        return "", ("draft_form", form)
    if step == "finding":
        form = FindingForm(request.POST)
        _detail_context(request, inspection, finding_form=form)  # fills the choices
        if form.is_valid():
            d = form.cleaned_data
            target = d["target"]
            criterion = (
                ConductCriterion.objects.filter(pk=int(target[1:])).first()
                if target.startswith("c")
                else None
            )
            key_task = (
                KeyTask.objects.filter(pk=int(target[1:])).first()
                if target.startswith("t")
                else None
            )
            unit = Unit.objects.filter(pk=d["unit"]).first()
            if unit is None:
                raise Http404
            svc.finding_add(
                actor=user,
                inspection=inspection,
                unit=unit,
                level=d["level"],
                text=d["text"],
                criterion=criterion,
                key_task=key_task,
                people=_people(d["people_codes"]),
            )
            return "Đã ghi nhận phát hiện.", None
        return "", ("finding_form", form)
    if step == "recommendation":
        form = RecommendationForm(request.POST)
        _detail_context(request, inspection, recommendation_form=form)
        if form.is_valid():
            d = form.cleaned_data
            unit = Unit.objects.filter(pk=d["unit"]).first()
            if unit is None:
                raise Http404
            finding = inspection.findings.filter(pk=d["finding"]).first() if d["finding"] else None
            svc.recommendation_add(
                actor=user,
                inspection=inspection,
                text=d["text"],
                unit=unit,
                deadline=d["deadline"],
                finding=finding,
            )
            return "Đã ghi nhận kiến nghị.", None
        return "", ("recommendation_form", form)
    if step == "conclude":
        form = ConclusionForm(request.POST)
        if form.is_valid():
            svc.inspection_conclude(actor=user, inspection=inspection, **form.cleaned_data)
            return "Đã kết luận; các kiến nghị đã được giao thành nhiệm vụ khắc phục.", None
        return "", ("conclusion_form", form)
    if step in {"verifying", "closed", "cancelled"}:
        svc.inspection_transition(actor=user, inspection=inspection, to=step)
        return f"Đã chuyển sang “{S(step).label}”.", None
    raise Http404


@confidential("inspection.manage")
@require_POST
def inspection_step(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get_for_actor(
        actor=request.user, pk=pk, action="inspection.manage"
    )
    step = request.POST.get("step", "")
    try:
        message, bad = _step(request, inspection, step)
    except ApplicationError as exc:
        inspection = selectors.inspection_get_for_actor(actor=request.user, pk=pk)
        context = _detail_context(request, inspection, error=exc.message)
        return render(request, "inspections/inspection_detail.html", context, status=400)
    if bad is not None:
        name, form = bad
        context = _detail_context(request, inspection, **{name: form})
        return render(request, "inspections/inspection_detail.html", context, status=400)
    messages.success(request, message)
    return redirect("inspection_detail", pk=inspection.pk)


@confidential("inspection.manage")
@require_POST
def recommendation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    rec = selectors.recommendation_get_for_actor(actor=request.user, pk=pk)
    form = FollowUpDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ApplicationError("Cần chọn xác nhận hoàn thành hoặc miễn thực hiện.")
        if form.cleaned_data["decision"] == "verify":
            svc.recommendation_verify(
                actor=request.user, recommendation=rec, note=form.cleaned_data["note"]
            )
            messages.success(request, "Đã xác nhận hoàn thành kiến nghị.")
        else:
            svc.recommendation_waive(
                actor=request.user, recommendation=rec, reason=form.cleaned_data["note"]
            )
            messages.success(request, "Đã miễn thực hiện kiến nghị.")
    except ApplicationError as exc:
        inspection = selectors.inspection_get_for_actor(actor=request.user, pk=rec.inspection_id)
        context = _detail_context(request, inspection, error=exc.message)
        return render(request, "inspections/inspection_detail.html", context, status=400)
    return redirect("inspection_detail", pk=rec.inspection_id)


@confidential("inspection.view")
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = Evidence.objects.filter(pk=pk).first()
    if evidence is None or not evidence.file:
        raise Http404
    selectors.inspection_get_for_actor(actor=request.user, pk=evidence.inspection_id)
    return stored_file(evidence.file)


@requires("inspection.respond")
def self_report_file(request: HttpRequest, pk: int) -> FileResponse:
    """The target's own report: its unit (inspection.respond) or the overseers."""
    report = SelfReport.objects.select_related("inspection__subject").filter(pk=pk).first()
    if report is None or not report.file:
        raise Http404
    inspection = report.inspection
    if not (
        selectors.can_oversee(request.user, "inspection.view", inspection.subject)
        or scoping.can(request.user, "inspection.respond", inspection.subject)
    ):
        raise Http404
    return stored_file(report.file, label=f"bao-cao-tu-kiem-tra-{inspection.subject.name}")


# --- the target's side -----------------------------------------------------------------------


@requires("inspection.respond")
def inspections_for_unit(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inspections_for_target(actor=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "inspections/target_list.html", {"page": page})


@requires("inspection.respond")
def inspection_target(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_for_target(actor=request.user, pk=pk)
    report_form = SelfReportForm()
    response_form = ResponseForm()
    error = ""
    if request.method == "POST":
        what = request.POST.get("form")
        try:
            if what == "self_report":
                report_form = SelfReportForm(request.POST, request.FILES)
                if report_form.is_valid():
                    svc.self_report_submit(
                        actor=request.user,
                        inspection=inspection,
                        text=report_form.cleaned_data["text"],
                        file=report_form.cleaned_data["file"],
                    )
                    messages.success(request, "Đã gửi báo cáo tự kiểm tra.")
                    return redirect("inspection_target", pk=pk)
            elif what == "response":
                response_form = ResponseForm(request.POST)
                if response_form.is_valid():
                    svc.draft_respond(
                        actor=request.user,
                        inspection=inspection,
                        text=response_form.cleaned_data["text"],
                    )
                    messages.success(request, "Đã gửi ý kiến về dự thảo kết luận.")
                    return redirect("inspection_target", pk=pk)
            else:
                error = "Yêu cầu không hợp lệ."
        except ApplicationError as exc:
            error = exc.message
    return render(
        request,
        "inspections/target_detail.html",
        {
            "inspection": inspection,
            "criteria": list(inspection.criteria.order_by("order")),
            "self_reports": list(inspection.self_reports.all()),
            "report_form": report_form,
            "response_form": response_form,
            "error": error,
        },
        status=400 if error else 200,
    )


# --- published conclusions -------------------------------------------------------------------


@requires("inspection.conclusion.view")
def inspection_conclusion(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_conclusion_get_for_actor(actor=request.user, pk=pk)
    findings = inspection.findings.select_related(
        "criterion", "key_task", "unit", "level"
    ).prefetch_related("people")
    return render(
        request,
        "inspections/conclusion.html",
        {
            "inspection": inspection,
            "findings": findings,
            "follow_ups": selectors.follow_ups(inspection=inspection),
            "overseer": selectors.can_oversee(request.user, "inspection.view", inspection.subject),
        },
    )


@requires("inspection.conclusion.view")
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding: Finding = selectors.finding_get_for_actor(actor=request.user, pk=pk)
    return render(
        request,
        "inspections/finding_detail.html",
        {
            "finding": finding,
            "people": list(finding.people.select_related("unit")),
            "recommendations": list(finding.recommendations.select_related("task", "unit")),
            "overseer": selectors.can_oversee(
                request.user, "inspection.manage", finding.inspection.subject
            ),
        },
    )


urlpatterns = [
    path("kiem-tra/", inspection_list, name="inspection_list"),
    path("kiem-tra/chuong-trinh/", programme_list, name="programme_list"),
    path("kiem-tra/chuong-trinh/<int:pk>/", programme_detail, name="programme_detail"),
    path("kiem-tra/tao/", inspection_create, name="inspection_create"),
    path("kiem-tra/<int:pk>/", inspection_detail, name="inspection_detail"),
    path("kiem-tra/<int:pk>/buoc/", inspection_step, name="inspection_step"),
    path("kiem-tra/kien-nghi/<int:pk>/", recommendation_decide, name="recommendation_decide"),
    path("kiem-tra/tai-lieu/<int:pk>/", evidence_file, name="inspection_evidence_file"),
    path("kiem-tra/bao-cao-tu-kiem-tra/<int:pk>/", self_report_file, name="self_report_file"),
    path("kiem-tra/doi-voi-don-vi/", inspections_for_unit, name="inspections_for_unit"),
    path("kiem-tra/<int:pk>/doi-tuong/", inspection_target, name="inspection_target"),
    path(
        "kiem-tra/<int:pk>/thong-bao-ket-luan/", inspection_conclusion, name="inspection_conclusion"
    ),
    path("kiem-tra/phat-hien/<int:pk>/", finding_detail, name="finding_detail"),
]
