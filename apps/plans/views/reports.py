from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from apps.access import scoping
from apps.access.permissions import requires
from apps.common import plugins
from apps.common.errors import ApplicationError
from apps.common.listing import unit_param
from apps.plans import selectors
from apps.plans.enums import ReportStatus
from apps.plans.forms import PeriodForm, ReportForm, ReturnForm
from apps.plans.models import ReportTemplate
from apps.plans.services.plans import parent_unit
from apps.plans.services.reports import (
    period_close,
    report_open,
    report_period_create,
    report_save,
    report_template_setup,
    report_transition,
)
from apps.plans.views.common import ancestors_in_scope
from apps.rollout.selectors import rollout_get_for_actor


@requires("report.view")
def report_periods(request: HttpRequest, rollout_pk: int) -> HttpResponse:
    rollout = rollout_get_for_actor(actor=request.user, pk=rollout_pk)
    template = ReportTemplate.objects.filter(rollout=rollout).first()
    can_manage = scoping.can(request.user, "report.manage", rollout.unit)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and can_manage:
        try:
            if request.POST.get("setup") and template is None:
                template = report_template_setup(actor=request.user, rollout=rollout)
                messages.success(request, "Đã tạo mẫu báo cáo với các chỉ tiêu mặc định.")
                return redirect("report_periods", rollout_pk=rollout.pk)
            if template is not None and form.is_valid():
                report_period_create(actor=request.user, template=template, **form.cleaned_data)
                messages.success(request, "Đã tạo kỳ báo cáo.")
                return redirect("report_periods", rollout_pk=rollout.pk)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    periods = selectors.periods_for_rollout(rollout=rollout)
    return render(
        request,
        "plans/report_periods.html",
        {
            "rollout": rollout,
            "template": template,
            "periods": periods,
            "form": form,
            "can_manage": can_manage,
        },
    )


@requires("report.view")
def report_consolidation(request: HttpRequest, period_pk: int) -> HttpResponse:
    period = selectors.period_get_for_actor(actor=request.user, pk=period_pk)
    unit = selectors.report_unit_for_actor(
        actor=request.user, period=period, unit_pk=unit_param(request)
    )
    consolidation = selectors.report_consolidation(period=period, unit=unit)
    missing = Paginator(selectors.reports_missing(period=period, unit=unit), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "period": period,
        "rollout": period.template.rollout,
        "unit": unit,
        "c": consolidation,
        "missing": missing,
        "late": selectors.reports_late(period=period, unit=unit)[:200],
        "crumbs": ancestors_in_scope(request, unit, period.template.rollout.unit),
        "can_submit_own": scoping.can(request.user, "report.submit", unit),
        "can_close": scoping.can(request.user, "report.close", unit)
        and consolidation.closure is None,
        "can_export": scoping.can(request.user, "report.export", unit),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "plans/partials/_consolidation.html", context)
    return render(request, "plans/report_consolidation.html", context)


@requires("report.submit")
def report_edit(request: HttpRequest, period_pk: int, unit_pk: int) -> HttpResponse:
    period = selectors.period_get_for_actor(actor=request.user, pk=period_pk)
    unit = selectors.report_unit_for_actor(
        actor=request.user, period=period, unit_pk=unit_pk, action="report.submit"
    )
    try:
        report = report_open(actor=request.user, period=period, unit=unit)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(f"{period.get_absolute_url()}?unit={unit.pk}")
    values = selectors.report_values(report=report)
    sections = list(report.sections.select_related("section"))
    form = ReportForm(
        request.POST if request.method == "POST" else None, values=values, sections=sections
    )
    submit = "submit" in request.POST
    confirm_empty: list[str] = []
    if request.method == "POST" and form.is_valid():
        confirm_empty = form.empty_sections() if submit and not request.POST.get("empty_ok") else []
        if not confirm_empty:
            try:
                report_save(
                    actor=request.user,
                    report=report,
                    values=form.figures(),
                    sections=form.texts(),
                    submit=submit,
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                if submit:
                    messages.success(request, "Đã gửi báo cáo lên cấp trên.")
                    return redirect("report_detail", pk=report.pk)
                messages.success(request, "Đã lưu báo cáo (chưa gửi).")
                return redirect("report_edit", period_pk=period.pk, unit_pk=unit.pk)
    return render(
        request,
        "plans/report_edit.html",
        {
            "report": report,
            "period": period,
            "unit": unit,
            "form": form,
            "confirm_empty": confirm_empty,
            "editable": report.status != ReportStatus.SUBMITTED,
        },
        status=400 if form.errors else 200,
    )


def _report_detail(request: HttpRequest, pk: int, form: ReturnForm | None = None) -> HttpResponse:
    report = selectors.report_get_for_actor(actor=request.user, pk=pk)
    superior = parent_unit(report.unit)
    can_return = report.status == ReportStatus.SUBMITTED and (
        scoping.can(request.user, "report.review", superior)
        if superior
        else scoping.is_admin(request.user)
    )
    return render(
        request,
        "plans/report_detail.html",
        {
            "report": report,
            "values": selectors.report_values(report=report),
            "sections": report.sections.select_related("section"),
            "can_return": can_return,
            "can_edit": scoping.can(request.user, "report.submit", report.unit)
            and report.status != ReportStatus.SUBMITTED,
            "form": form or ReturnForm(),
            "object_actions": plugins.object_actions("plans.report", request.user, report),
        },
    )


@requires("report.view")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_detail(request, pk)


@requires("report.review")
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_actor(actor=request.user, pk=pk, action="report.review")
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            report_transition(
                actor=request.user,
                report=report,
                to=ReportStatus.RETURNED,
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã trả lại báo cáo để đơn vị sửa.")
            return redirect("report_detail", pk=report.pk)
    return _report_detail(request, pk, form)


@requires("report.close")
@require_POST
def report_period_close(request: HttpRequest, period_pk: int) -> HttpResponse:
    period = selectors.period_get_for_actor(actor=request.user, pk=period_pk)
    unit = selectors.report_unit_for_actor(
        actor=request.user, period=period, unit_pk=unit_param(request), action="report.close"
    )
    try:
        period_close(actor=request.user, period=period, unit=unit)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã khóa sổ kỳ “{period.name}” tại {unit.name}.")
    return redirect(f"{period.get_absolute_url()}?unit={unit.pk}")


urlpatterns = [
    path("dot-trien-khai/<int:rollout_pk>/bao-cao/", report_periods, name="report_periods"),
    path("bao-cao/ky/<int:period_pk>/", report_consolidation, name="report_consolidation"),
    path("bao-cao/ky/<int:period_pk>/khoa-so/", report_period_close, name="report_period_close"),
    path("bao-cao/ky/<int:period_pk>/don-vi/<int:unit_pk>/", report_edit, name="report_edit"),
    path("bao-cao/<int:pk>/", report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/tra-lai/", report_return, name="report_return"),
]
