"""Discipline case pages: confidential (404 unless strictly above the subject), every read
logged (the case page shows its access log to the inspection committee)."""

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from apps.access import scoping
from apps.access.permissions import requires
from apps.common.audit import history_entries
from apps.common.errors import ApplicationError
from apps.inspections import selectors
from apps.inspections.enums import CaseStatus, SubjectKind
from apps.inspections.forms import (
    AppealDecisionForm,
    AppealForm,
    CaseForm,
    CaseResponseForm,
    DecisionForm,
    DismissForm,
    ExecuteForm,
    MeetingForm,
    NoticeForm,
)
from apps.inspections.models import AppealOutcome, DisciplineCase, DisciplineForm
from apps.inspections.permissions import confidential
from apps.inspections.services import discipline as svc
from apps.inspections.views import grant_units
from apps.org.models import Unit
from apps.people.models import Person

C = CaseStatus


@requires("discipline.view")
def discipline_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("trang_thai", "")
    if status not in C.values:
        status = ""
    page = Paginator(selectors.discipline_list(actor=request.user, status=status), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "inspections/discipline_list.html",
        {
            "page": page,
            "status": status,
            "statuses": C.choices,
            "can_manage": scoping.has_action(request.user, "discipline.manage"),
        },
    )


@requires("discipline.manage")
def discipline_create(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)
    cast(Any, form.fields["handling_unit"]).choices = [
        (u.pk, u.name) for u in grant_units(request.user, "discipline.manage")
    ]
    finding = None
    finding_pk = request.GET.get("phat_hien") or request.POST.get("phat_hien")
    if finding_pk and finding_pk.isdigit():
        finding = selectors.finding_get_for_actor(actor=request.user, pk=int(finding_pk))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        handling = Unit.objects.filter(pk=d["handling_unit"]).first()
        if handling is None:
            raise Http404
        code = d["subject_code"].strip()
        try:
            person = None
            unit = None
            if d["subject_kind"] == SubjectKind.ORGANISATION:
                unit = Unit.objects.filter(code=code).first()
                if unit is None:
                    raise ApplicationError(f"Không tìm thấy tổ chức đảng có mã {code}.")
            else:
                person = Person.objects.select_related("unit").filter(code=code).first()
                if person is None:
                    raise ApplicationError(f"Không tìm thấy đảng viên có mã {code}.")
                unit = person.unit
            case = svc.discipline_open(
                actor=request.user,
                handling_unit=handling,
                subject_kind=d["subject_kind"],
                subject_unit=unit,
                subject_person=person,
                subject_has_post=d["subject_has_post"],
                summary=d["summary"],
                finding=finding,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lập hồ sơ vụ việc kỷ luật.")
            return redirect("discipline_detail", pk=case.pk)
    return render(request, "inspections/discipline_new.html", {"form": form, "finding": finding})


def _context(request: HttpRequest, case: DisciplineCase, **forms: Any) -> dict[str, Any]:
    kinds = DisciplineForm.objects.filter(subject_kind=case.subject_kind)
    appeal_names = dict(AppealOutcome.objects.values_list("code", "name"))
    meeting = forms.get("meeting_form") or MeetingForm(
        initial={"members_total": case.members_total or None}
    )
    decision = forms.get("decision_form") or DecisionForm(
        initial={"form": case.proposed_form_id, "deciding_body": case.handling_unit.name}
    )
    appeal_decision = forms.get("appeal_decision_form") or AppealDecisionForm()
    for form, field in (
        (meeting, "proposed_form"),
        (decision, "form"),
        (appeal_decision, "new_form"),
    ):
        cast(Any, form.fields[field]).queryset = kinds
    can_manage = selectors.can_oversee(request.user, "discipline.manage", case.subject_unit)
    return {
        "case": case,
        "forms_allowed": list(kinds),
        "can_manage": can_manage,
        "allowed": {to for (frm, to) in svc.TRANSITIONS if frm == case.status}
        if can_manage
        else set(),
        "notice_form": forms.get("notice_form") or NoticeForm(),
        "response_form": forms.get("response_form") or CaseResponseForm(),
        "meeting_form": meeting,
        "decision_form": decision,
        "appeal_form": forms.get("appeal_form") or AppealForm(),
        "appeal_decision_form": appeal_decision,
        "execute_form": forms.get("execute_form") or ExecuteForm(),
        "dismiss_form": forms.get("dismiss_form") or DismissForm(),
        "log": selectors.discipline_access_log(case=case)[:100],
        "history": history_entries(
            case, formatters={"appeal_outcome": lambda v: appeal_names.get(v, v or "—")}
        ),
        "error": forms.get("error"),
    }


@confidential("discipline.view")
def discipline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.discipline_case_get_for_actor(actor=request.user, pk=pk)
    return render(request, "inspections/discipline_detail.html", _context(request, case))


_STEPS: dict[str, tuple[type, str]] = {
    "notify": (NoticeForm, "notice_form"),
    "response": (CaseResponseForm, "response_form"),
    "meeting": (MeetingForm, "meeting_form"),
    "decide": (DecisionForm, "decision_form"),
    "appeal": (AppealForm, "appeal_form"),
    "appeal_decide": (AppealDecisionForm, "appeal_decision_form"),
    "execute": (ExecuteForm, "execute_form"),
    "dismiss": (DismissForm, "dismiss_form"),
}


@confidential("discipline.manage")
@require_POST
def discipline_step(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.discipline_case_get_for_actor(
        actor=request.user, pk=pk, action="discipline.manage", purpose="cập nhật"
    )
    step = request.POST.get("step", "")
    if step not in _STEPS:
        raise Http404
    form_class, name = _STEPS[step]
    form = form_class(request.POST)
    if "proposed_form" in form.fields or "form" in form.fields or "new_form" in form.fields:
        for field in ("proposed_form", "form", "new_form"):
            if field in form.fields:
                cast(Any, form.fields[field]).queryset = DisciplineForm.objects.filter(
                    subject_kind=case.subject_kind
                )
    if not form.is_valid():
        return render(
            request,
            "inspections/discipline_detail.html",
            _context(request, case, **{name: form}),
            status=400,
        )
    d = form.cleaned_data
    user = request.user
    try:
        if step == "notify":
            svc.discipline_notify(
                actor=user, case=case, text=d["text"], on=d["on"], response_due=d["response_due"]
            )
        elif step == "response":
            svc.discipline_record_response(actor=user, case=case, text=d["text"], on=d["on"])
        elif step == "meeting":
            svc.discipline_record_meeting(
                actor=user,
                case=case,
                on=d["on"],
                members_total=d["members_total"],
                votes_for=d["votes_for"],
                votes_against=d["votes_against"],
                votes_abstain=d["votes_abstain"],
                proposed_form=d["proposed_form"],
            )
        elif step == "decide":
            svc.discipline_decide(
                actor=user,
                case=case,
                form=d["form"],
                number=d["number"],
                decided_on=d["decided_on"],
                effective_on=d["effective_on"],
                deciding_body=d["deciding_body"],
                has_authority=d["has_authority"],
                authority_basis=d["authority_basis"],
            )
        elif step == "appeal":
            svc.discipline_appeal(actor=user, case=case, text=d["text"], on=d["on"])
        elif step == "appeal_decide":
            svc.discipline_appeal_decide(
                actor=user, case=case, outcome=d["outcome"], on=d["on"], new_form=d["new_form"]
            )
        elif step == "execute":
            svc.discipline_execute(actor=user, case=case, on=d["on"])
        else:
            svc.discipline_dismiss(actor=user, case=case, note=d["note"])
    except ApplicationError as exc:
        case.refresh_from_db()
        return render(
            request,
            "inspections/discipline_detail.html",
            _context(request, case, error=exc.message, **{name: form}),
            status=400,
        )
    messages.success(request, f"Đã cập nhật: {C(case.status).label}.")
    return redirect("discipline_detail", pk=case.pk)


urlpatterns = [
    path("ky-luat/", discipline_list, name="discipline_list"),
    path("ky-luat/tao/", discipline_create, name="discipline_create"),
    path("ky-luat/<int:pk>/", discipline_detail, name="discipline_detail"),
    path("ky-luat/<int:pk>/buoc/", discipline_step, name="discipline_step"),
]
