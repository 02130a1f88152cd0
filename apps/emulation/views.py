import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.access import scoping
from apps.access.permissions import requires
from apps.common.audit import history_entries
from apps.common.downloads import attachment
from apps.common.errors import ApplicationError
from apps.directives.models import Directive
from apps.emulation import documents, selectors
from apps.emulation.charts import ranking_svg
from apps.emulation.enums import (
    CriterionKind,
    CriterionSource,
    GroupKind,
    MovementStatus,
    Normalisation,
    ProposalStatus,
    RegistrationStatus,
    SubjectKind,
)
from apps.emulation.models import CommendationKind, Registration
from apps.emulation.services import commendation as commendation_services
from apps.emulation.services import movements as movement_services
from apps.emulation.services import rubric as rubric_services
from apps.exports.documents import STATE
from apps.org.models import Unit
from apps.people.models import Person
from apps.rollout.models import Rollout

DATE = {"type": "date"}


def _int(raw: Any) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _unit_in_scope(actor: Any, action: str, pk: Any) -> Unit:
    unit = Unit.objects.filter(pk=_int(pk) or 0).first()
    if unit is None or not scoping.can(actor, action, unit):
        raise Http404
    return unit


def _scope_roots(actor: Any, action: str) -> list[Unit]:
    if scoping.is_admin(actor):
        return list(Unit.objects.filter(depth=1, valid_to__isnull=True).order_by("sort_key"))
    paths = scoping.scope_paths(actor, action)
    return list(Unit.objects.filter(path__in=paths).order_by("depth", "sort_key"))


# --- movements -----------------------------------------------------------------------------


@requires("emulation.view")
def movement_list(request: HttpRequest) -> HttpResponse:
    due = request.GET.get("cho") == "tong-ket"
    qs = (
        selectors.movements_due_to_close(
            actor=request.user, today=timezone.localdate()
        ).select_related("unit", "directive")
        if due
        else selectors.movement_list(actor=request.user)
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "emulation/movement_list.html",
        {
            "page": page,
            "due": due,
            "can_launch": scoping.has_action(request.user, "emulation.manage"),
            "can_propose": scoping.has_action(request.user, "commendation.propose"),
        },
    )


class MovementForm(forms.Form):
    title = forms.CharField(label="Tên phong trào", max_length=300)
    directive = forms.ModelChoiceField(
        label="Chỉ thị, nghị quyết", queryset=Directive.objects.none(), required=False
    )
    rollout = forms.ModelChoiceField(
        label="Đợt triển khai (nguồn số liệu tự động)",
        queryset=Rollout.objects.none(),
        required=False,
    )
    starts_on = forms.DateField(label="Từ ngày", widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label="Đến ngày", widget=forms.DateInput(attrs=DATE))
    appeal_days = forms.IntegerField(
        label="Thời hạn khiếu nại kết quả chấm (ngày, 0: không nhận khiếu nại)",
        min_value=0,
        max_value=60,
        initial=5,
    )
    group_names = forms.CharField(
        label="Các cụm, khối thi đua (mỗi dòng một tên)",
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="Cụm thi đua số 1\nCụm thi đua số 2",
    )


@requires("emulation.manage")
def movement_create(request: HttpRequest) -> HttpResponse:
    roots = _scope_roots(request.user, "emulation.manage")
    unit_pk = _int(request.POST.get("unit") or request.GET.get("unit"))
    unit = _unit_in_scope(request.user, "emulation.manage", unit_pk) if unit_pk else None
    if unit is None:
        if not roots:
            raise Http404
        unit = roots[0]
    form = MovementForm(request.POST or None)
    form.fields["directive"].queryset = Directive.objects.filter(  # type: ignore[attr-defined]
        issuer__path__in=[
            unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)
        ]
    )
    form.fields["rollout"].queryset = Rollout.objects.filter(  # type: ignore[attr-defined]
        unit__path__in=[
            unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)
        ]
    )
    candidates = list(
        Unit.objects.filter(
            path__startswith=unit.path, depth=unit.depth + 1, valid_to__isnull=True
        ).order_by("sort_key")
    )
    chosen = {c.pk: request.POST.get(f"g_{c.pk}", "") for c in candidates}
    if request.method == "POST":
        rubric_rows = rubric_services.rows_from_post(request.POST)
    else:
        rubric_rows = rubric_services.rows_from_specs(movement_services.DEFAULT_RUBRIC)
    more = "more_rows" in request.POST
    if more or request.method != "POST":
        rubric_rows += rubric_services.blank_rows(3)
    if request.method == "POST" and not more and form.is_valid():
        names = [n.strip() for n in form.cleaned_data["group_names"].splitlines() if n.strip()]
        specs = [
            movement_services.GroupSpec(
                name=n,
                kind=GroupKind.BLOCK if n.lower().startswith("khối") else GroupKind.CLUSTER,
                units=[c for c in candidates if chosen[c.pk] == str(i)],
            )
            for i, n in enumerate(names, start=1)
        ]
        try:
            movement = movement_services.movement_launch(
                actor=request.user,
                unit=unit,
                title=form.cleaned_data["title"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                groups=specs,
                directive=form.cleaned_data["directive"],
                rollout=form.cleaned_data["rollout"],
                appeal_days=form.cleaned_data["appeal_days"],
                rubric_rows=rubric_rows,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã phát động phong trào thi đua.")
            return redirect(movement)
    group_count = max(
        len(
            [
                n
                for n in (
                    request.POST.get("group_names") or form.fields["group_names"].initial
                ).splitlines()
                if n.strip()
            ]
        ),
        1,
    )
    return render(
        request,
        "emulation/movement_create.html",
        {
            "form": form,
            "unit": unit,
            "roots": roots,
            "candidates": [(c, chosen[c.pk]) for c in candidates],
            "group_choices": [str(i) for i in range(1, group_count + 1)],
            **_rubric_context(rubric_rows),
        },
        status=400 if form.errors else 200,
    )


def _rubric_context(rows: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "rubric_rows": rows,
        "sources": CriterionSource.choices,
        "kinds": CriterionKind.choices,
        "normalisations": Normalisation.choices,
    }


@requires("emulation.manage")
def movement_rubric(request: HttpRequest, pk: int) -> HttpResponse:
    """The rubric page: the whole table editable until a ranking is published."""
    movement = selectors.movement_get_for_actor(
        actor=request.user, pk=pk, action="emulation.manage"
    )
    if not selectors.can_manage(request.user, movement):
        raise Http404
    error = rubric_services.rubric_editable_problem(movement)
    if request.method == "POST":
        rows = rubric_services.rows_from_post(request.POST)
        if "more_rows" in request.POST:
            rows += rubric_services.blank_rows(3)
        elif not error:
            try:
                rubric_services.movement_rubric_update(
                    actor=request.user, movement=movement, rows=rows
                )
            except ApplicationError as exc:
                error = exc.message
            else:
                messages.success(request, "Đã cập nhật bảng tiêu chí.")
                return redirect(movement)
    else:
        rows = rubric_services.rows_from_specs(
            movement.criteria.order_by("order", "pk")
        ) + rubric_services.blank_rows(2)
    return render(
        request,
        "emulation/movement_rubric.html",
        {
            "movement": movement,
            "error": error,
            "editable": not rubric_services.rubric_editable_problem(movement),
            **_rubric_context(rows),
        },
        status=400 if error and request.method == "POST" else 200,
    )


@requires("emulation.manage")
def movement_close(request: HttpRequest, pk: int) -> HttpResponse:
    """The close step: a summary, then the movement is read-only."""
    movement = selectors.movement_get_for_actor(
        actor=request.user, pk=pk, action="emulation.manage"
    )
    if not selectors.can_manage(request.user, movement):
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            movement_services.movement_transition(
                actor=request.user,
                movement=movement,
                to=MovementStatus.CLOSED,
                summary=request.POST.get("summary", ""),
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, "Đã kết thúc phong trào thi đua; kết quả được giữ nguyên.")
            return redirect(movement)
    return render(
        request,
        "emulation/movement_close.html",
        {
            "movement": movement,
            "error": error,
            "problems": movement_services.movement_close_problems(movement)
            if not movement.is_closed
            else [],
            "summary": request.POST.get("summary", ""),
        },
        status=400 if error else 200,
    )


@requires("emulation.view")
def individual_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.movement_get_for_actor(actor=request.user, pk=pk)
    rankings = selectors.individual_rankings_visible(
        actor=request.user,
        movement=movement,
        rankings=selectors.individual_rankings(movement=movement, as_of=timezone.localdate()),
    )
    rules = rankings[0].rules if rankings else selectors.individual_rules(movement)
    return render(
        request,
        "emulation/individual_ranking.html",
        {
            "movement": movement,
            "rankings": rankings,
            "rules": rules,
            "method": rankings[0].method if rankings else "",
            "tie_break": selectors.INDIVIDUAL_TIE_BREAK,
        },
    )


@requires("emulation.view")
def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.movement_get_for_actor(actor=request.user, pk=pk)
    groups = []
    for group in movement.groups.all():
        groups.append(
            {
                "group": group,
                "members": list(selectors.members_visible(actor=request.user, group=group)),
                "total": group.members.count(),
                "published": hasattr(group, "snapshot"),
            }
        )
    context = {
        "movement": movement,
        "criteria": movement.criteria.all(),
        "groups": groups,
        "registrations": selectors.registrations_visible(actor=request.user, movement=movement),
        "registrable": selectors.registrable_units(actor=request.user, movement=movement)
        if scoping.has_action(request.user, "emulation.register") and not movement.is_closed
        else [],
        "can_manage": selectors.can_manage(request.user, movement),
        "can_close": movement_services.movement_can_transition(
            request.user, movement, MovementStatus.CLOSED
        ),
        "rubric_editable": not rubric_services.rubric_editable_problem(movement),
        "has_individuals": movement.registrations.filter(person__isnull=False).exists(),
    }
    return render(request, "emulation/movement_detail.html", context)


# --- registrations -------------------------------------------------------------------------


@requires("emulation.register")
def registration_create(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.movement_get_for_actor(
        actor=request.user, pk=pk, action="emulation.register"
    )
    units = list(selectors.registrable_units(actor=request.user, movement=movement))
    error = ""
    data = request.POST if request.method == "POST" else request.GET
    selected = data.get("unit", "")
    if selected:
        _unit_in_scope(request.user, "emulation.register", selected)
    if request.method == "POST":
        unit = _unit_in_scope(request.user, "emulation.register", request.POST.get("unit"))
        person = None
        if request.POST.get("person_code", "").strip():
            person = Person.objects.filter(
                code=request.POST["person_code"].strip(), unit__path__startswith=unit.path
            ).first()
            if person is None:
                error = "Không tìm thấy cán bộ, đảng viên có mã này trong đơn vị."
        if not error:
            try:
                registration = movement_services.registration_create(
                    actor=request.user,
                    movement=movement,
                    unit=unit,
                    targets=request.POST.get("targets", ""),
                    person=person,
                )
            except ApplicationError as exc:
                error = exc.message
            else:
                messages.success(request, "Đã đăng ký thi đua.")
                return redirect(registration)
    return render(
        request,
        "emulation/registration_create.html",
        {"movement": movement, "units": units, "error": error, "data": data},
    )


def _score_rows(registration: Registration) -> list[Any]:
    return list(registration.scores.select_related("criterion").order_by("criterion__order"))


@requires("emulation.view")
def registration_detail(request: HttpRequest, pk: int, error: str = "") -> HttpResponse:
    registration = selectors.registration_get_for_actor(actor=request.user, pk=pk)
    movement = registration.movement
    ranking = None
    if registration.group is not None and registration.person_id is None:
        ranking = selectors.group_ranking(group=registration.group, as_of=timezone.localdate())
    row = next((r for r in ranking.rows if r.key == registration.pk), None) if ranking else None
    deadline = movement_services.appeal_deadline(registration)
    context = {
        "registration": registration,
        "movement": movement,
        "scores": _score_rows(registration),
        "row": row,
        "ranking": ranking,
        "error": error,
        "posted": request.POST,
        "can_self_score": registration.status == RegistrationStatus.REGISTERED
        and not movement.is_closed
        and scoping.can(request.user, "emulation.register", registration.unit),
        "can_council": movement_services.can_transition(
            request.user, registration, RegistrationStatus.COUNCIL_SCORED
        ),
        "can_appeal": movement_services.can_transition(
            request.user, registration, RegistrationStatus.APPEALED
        )
        and deadline is not None
        and timezone.localdate() <= deadline
        and not (ranking and ranking.published),
        "appeal_deadline": deadline,
        "history": history_entries(registration)[:20],
        "auto_points": {c: row.points.get(c) for c in row.points} if row else {},
    }
    return render(
        request, "emulation/registration_detail.html", context, status=400 if error else 200
    )


def _values(
    request: HttpRequest, registration: Registration, note: str
) -> dict[int, tuple[Any, str]]:
    return {
        s.criterion_id: (
            request.POST.get(f"v_{s.criterion_id}", ""),
            request.POST.get(f"{note}_{s.criterion_id}", ""),
        )
        for s in registration.scores.all()
    }


@requires("emulation.register")
@require_POST
def registration_self_score(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_get_for_actor(
        actor=request.user, pk=pk, action="emulation.register"
    )
    try:
        movement_services.registration_self_score(
            actor=request.user,
            registration=registration,
            values=_values(request, registration, "e"),
            submit="submit" in request.POST,
        )
    except ApplicationError as exc:
        return registration_detail(request, pk, error=exc.message)
    messages.success(
        request,
        "Đã gửi điểm tự chấm đến hội đồng." if "submit" in request.POST else "Đã lưu điểm tự chấm.",
    )
    return redirect(registration)


@requires("emulation.score")
@require_POST
def registration_council_score(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_get_for_actor(
        actor=request.user, pk=pk, action="emulation.score"
    )
    try:
        movement_services.registration_council_score(
            actor=request.user,
            registration=registration,
            values=_values(request, registration, "c"),
            comment=request.POST.get("comment", ""),
        )
    except ApplicationError as exc:
        return registration_detail(request, pk, error=exc.message)
    messages.success(request, "Đã ghi điểm của hội đồng.")
    return redirect(registration)


@requires("emulation.register")
@require_POST
def registration_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_get_for_actor(
        actor=request.user, pk=pk, action="emulation.register"
    )
    try:
        movement_services.registration_transition(
            actor=request.user,
            registration=registration,
            to=RegistrationStatus.APPEALED,
            text=request.POST.get("text", ""),
        )
    except ApplicationError as exc:
        return registration_detail(request, pk, error=exc.message)
    messages.success(request, "Đã gửi khiếu nại đến hội đồng.")
    return redirect(registration)


@requires("emulation.view")
def registration_queue(request: HttpRequest) -> HttpResponse:
    waiting = request.GET.get("cho", "")
    if waiting == "tu-cham":
        qs = selectors.registrations_awaiting_self_score(actor=request.user)
        title = "Đăng ký thi đua chưa tự chấm điểm"
    else:
        qs = selectors.registrations_awaiting_council(actor=request.user)
        title = "Đăng ký thi đua chờ hội đồng chấm, xét khiếu nại"
    qs = qs.select_related("unit", "person", "movement").order_by("movement", "unit__sort_key")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "emulation/registration_queue.html", {"page": page, "title": title})


# --- rankings ------------------------------------------------------------------------------


@requires("emulation.view")
def group_ranking(request: HttpRequest, pk: int, error: str = "") -> HttpResponse:
    group = selectors.group_get_for_actor(actor=request.user, pk=pk)
    movement = group.movement
    ranking = selectors.group_ranking(group=group, as_of=timezone.localdate())
    full = scoping.can(request.user, "emulation.view", movement.unit)
    rows = selectors.rows_visible(actor=request.user, group=group, rows=ranking.rows)
    top = float(sum((r.max_points for r in ranking.rules), Decimal(0))) or 100
    chart = ""
    if full:
        chart = ranking_svg(
            [(r.name, float(r.total)) for r in ranking.rows if r.rank is not None],
            title=f"Xếp hạng {group.name}",
            top=top,
        )
    context = {
        "group": group,
        "movement": movement,
        "ranking": ranking,
        "rows": rows,
        "total_rows": len(ranking.rows),
        "ranked": ranking.ranked,
        "chart": chart,
        "error": error,
        "can_publish": ranking.published is None
        and not movement.is_closed
        and selectors.can_manage(request.user, movement),
        "can_propose": scoping.can(request.user, "commendation.propose", movement.unit),
        "winner": selectors.winner(ranking),
    }
    return render(request, "emulation/group_ranking.html", context, status=400 if error else 200)


@requires("emulation.manage")
@require_POST
def group_publish(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.group_get_for_actor(actor=request.user, pk=pk)
    try:
        movement_services.group_publish(actor=request.user, group=group)
    except ApplicationError as exc:
        return group_ranking(request, pk, error=exc.message)
    messages.success(request, "Đã công bố kết quả xếp hạng; kết quả được giữ nguyên từ nay.")
    return redirect(group)


# --- proposals -----------------------------------------------------------------------------


@requires("emulation.view")
def proposal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("trang_thai", "")
    if status not in ProposalStatus.values:
        status = ""
    page = Paginator(selectors.proposal_list(actor=request.user, status=status), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "emulation/proposal_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ProposalStatus.choices,
            "can_propose": scoping.has_action(request.user, "commendation.propose"),
        },
    )


class ProposalForm(forms.Form):
    kind = forms.ModelChoiceField(
        label="Danh hiệu, hình thức khen thưởng", queryset=CommendationKind.objects.all()
    )
    subject_kind = forms.ChoiceField(label="Đối tượng", choices=SubjectKind.choices)
    person_code = forms.CharField(label="Mã cán bộ (nếu đề nghị cá nhân)", required=False)
    achievements = forms.CharField(
        label="Tóm tắt thành tích", widget=forms.Textarea(attrs={"rows": 5})
    )
    period_start = forms.DateField(
        label="Thời gian tính thành tích từ", widget=forms.DateInput(attrs=DATE)
    )
    period_end = forms.DateField(label="đến", widget=forms.DateInput(attrs=DATE))
    evidence = forms.CharField(
        label="Minh chứng (mỗi dòng: tên | đường dẫn hoặc số hiệu văn bản)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


@requires("commendation.propose")
def proposal_create(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    registration = None
    if _int(data.get("registration")):
        registration = selectors.registration_get_for_actor(
            actor=request.user, pk=_int(data.get("registration")) or 0
        )
    roots = _scope_roots(request.user, "commendation.propose")
    if not roots:
        raise Http404
    proposing = (
        _unit_in_scope(request.user, "commendation.propose", data.get("proposing_unit"))
        if data.get("proposing_unit")
        else (
            registration.movement.unit
            if registration
            and scoping.can(request.user, "commendation.propose", registration.movement.unit)
            else roots[0]
        )
    )
    subject_units = list(
        Unit.objects.filter(
            path__startswith=proposing.path, depth__lte=proposing.depth + 1, valid_to__isnull=True
        ).order_by("depth", "sort_key")[:400]
    )
    initial: dict[str, Any] = {"subject_kind": SubjectKind.UNIT}
    if registration is not None:
        movement = registration.movement
        initial.update(
            period_start=movement.starts_on,
            period_end=movement.ends_on,
            achievements=f"Dẫn đầu {registration.group or ''} trong phong trào “{movement.title}”.",
            kind=CommendationKind.objects.filter(code="bang-khen-tinh").first(),
        )
    form = ProposalForm(request.POST or None, initial=initial)
    subject_pk = _int(data.get("subject_unit")) or (registration.unit_id if registration else None)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        person = None
        subject_unit = None
        try:
            if cleaned["subject_kind"] == SubjectKind.PERSON:
                person = Person.objects.filter(
                    code=cleaned["person_code"].strip(), unit__path__startswith=proposing.path
                ).first()
                if person is None:
                    raise ApplicationError(
                        "Không tìm thấy cán bộ, đảng viên có mã này trong đơn vị đề nghị."
                    )
            else:
                subject_unit = _unit_in_scope(
                    request.user, "commendation.propose", request.POST.get("subject_unit")
                )
            evidence = []
            for line in cleaned["evidence"].splitlines():
                if line.strip():
                    name, _, link = line.partition("|")
                    evidence.append((name.strip(), link.strip()))
            proposal = commendation_services.proposal_create(
                actor=request.user,
                proposing_unit=proposing,
                kind=cleaned["kind"],
                subject_kind=cleaned["subject_kind"],
                subject_unit=subject_unit,
                subject_person=person,
                achievements=cleaned["achievements"],
                period_start=cleaned["period_start"],
                period_end=cleaned["period_end"],
                registration=registration,
                evidence=evidence,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lập đề nghị khen thưởng.")
            return redirect(proposal)
    return render(
        request,
        "emulation/proposal_create.html",
        {
            "form": form,
            "registration": registration,
            "proposing": proposing,
            "roots": roots,
            "subject_units": subject_units,
            "subject_pk": subject_pk,
            "kinds": CommendationKind.objects.all(),
        },
        status=400 if form.errors else 200,
    )


@requires("emulation.view")
def proposal_detail(request: HttpRequest, pk: int, error: str = "") -> HttpResponse:
    proposal = selectors.proposal_get_for_actor(actor=request.user, pk=pk)
    problems = commendation_services.eligibility_problems(
        kind=proposal.kind,
        subject_kind=proposal.subject_kind,
        unit=proposal.subject_unit,
        person=proposal.subject_person,
        start=proposal.period_start,
        end=proposal.period_end,
    )
    allowed = {
        to: commendation_services.can_transition(request.user, proposal, to)
        for to in ProposalStatus.values
    }
    return render(
        request,
        "emulation/proposal_detail.html",
        {
            "proposal": proposal,
            "evidence": proposal.evidence.all(),
            "problems": problems,
            "allowed": allowed,
            "error": error,
            "posted": request.POST,
            "today": timezone.localdate(),
            "history": history_entries(proposal)[:20],
        },
        status=400 if error else 200,
    )


def _date(raw: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@requires("emulation.view")
@require_POST
def proposal_transition(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_actor(actor=request.user, pk=pk)
    post = request.POST
    try:
        commendation_services.proposal_transition(
            actor=request.user,
            proposal=proposal,
            to=post.get("to", ""),
            comment=post.get("comment", ""),
            council_members=_int(post.get("council_members")),
            votes_for=_int(post.get("votes_for")),
            votes_against=_int(post.get("votes_against")),
            votes_abstain=_int(post.get("votes_abstain")),
            voted_on=_date(post.get("voted_on")),
            decision_number=post.get("decision_number", ""),
            decision_date=_date(post.get("decision_date")),
        )
    except ApplicationError as exc:
        return proposal_detail(request, pk, error=exc.message)
    messages.success(request, "Đã cập nhật đề nghị khen thưởng.")
    return redirect(proposal)


# --- praise --------------------------------------------------------------------------------


@requires("emulation.view")
def praise_list(request: HttpRequest) -> HttpResponse:
    error = ""
    can_praise = scoping.has_action(request.user, "commendation.decide")
    if request.method == "POST":
        scoping.require_action(request.user, "commendation.decide")
        unit = _unit_in_scope(request.user, "commendation.decide", request.POST.get("unit"))
        try:
            commendation_services.praise_create(
                actor=request.user,
                unit=unit,
                text=request.POST.get("text", ""),
                date=_date(request.POST.get("date")),
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, "Đã biểu dương.")
            return redirect("praise_list")
    page = Paginator(selectors.praise_list(actor=request.user), 30).get_page(
        request.GET.get("page")
    )
    units: list[Unit] = []
    if can_praise:
        roots = _scope_roots(request.user, "commendation.decide")
        if roots:
            units = list(
                Unit.objects.filter(
                    path__startswith=roots[0].path,
                    depth__lte=roots[0].depth + 1,
                    valid_to__isnull=True,
                ).order_by("depth", "sort_key")[:400]
            )
    return render(
        request,
        "emulation/praise_list.html",
        {
            "page": page,
            "error": error,
            "units": units,
            "can_praise": can_praise,
            "posted": request.POST,
        },
        status=400 if error else 200,
    )


# --- documents ----------------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _layout(request: HttpRequest) -> str:
    layout = request.GET.get("layout", STATE)
    return layout if layout in documents.LAYOUT_CHOICES else STATE


@requires("emulation.view")
def emulation_dossier_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """Tờ trình, danh sách đề nghị and biên bản họp hội đồng in one .docx."""
    proposal = selectors.proposal_get_for_actor(actor=request.user, pk=pk)
    content = documents.dossier_docx(proposal, _layout(request))
    return attachment(
        content, filename=f"ho-so-de-nghi-khen-thuong-{proposal.pk}.docx", content_type=DOCX
    )


@requires("emulation.view")
def emulation_decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_actor(actor=request.user, pk=pk)
    if proposal.status != ProposalStatus.APPROVED:
        raise Http404
    content = documents.decision_docx(proposal, _layout(request))
    return attachment(
        content, filename=f"quyet-dinh-khen-thuong-{proposal.pk}.docx", content_type=DOCX
    )


@requires("emulation.view")
def emulation_ranking_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.group_get_for_actor(actor=request.user, pk=pk)
    ranking = selectors.group_ranking(group=group, as_of=timezone.localdate())
    rows = selectors.rows_visible(actor=request.user, group=group, rows=ranking.rows)
    return attachment(
        documents.ranking_xlsx(ranking, rows),
        filename=f"xep-hang-{group.pk}.xlsx",
        content_type=XLSX,
    )


@requires("emulation.view")
def individual_ranking_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.movement_get_for_actor(actor=request.user, pk=pk)
    rankings = selectors.individual_rankings_visible(
        actor=request.user,
        movement=movement,
        rankings=selectors.individual_rankings(movement=movement, as_of=timezone.localdate()),
    )
    content = documents.individual_ranking_xlsx(movement, rankings)
    return attachment(content, filename=f"xep-hang-ca-nhan-{movement.pk}.xlsx", content_type=XLSX)


urlpatterns = [
    path("thi-dua/", movement_list, name="movement_list"),
    path("thi-dua/phat-dong/", movement_create, name="movement_create"),
    path("thi-dua/phong-trao/<int:pk>/", movement_detail, name="movement_detail"),
    path("thi-dua/phong-trao/<int:pk>/dang-ky/", registration_create, name="registration_create"),
    path("thi-dua/phong-trao/<int:pk>/tieu-chi/", movement_rubric, name="movement_rubric"),
    path("thi-dua/phong-trao/<int:pk>/ket-thuc/", movement_close, name="movement_close"),
    path(
        "thi-dua/phong-trao/<int:pk>/xep-hang-ca-nhan/",
        individual_ranking,
        name="individual_ranking",
    ),
    path(
        "thi-dua/phong-trao/<int:pk>/xep-hang-ca-nhan.xlsx",
        individual_ranking_xlsx,
        name="individual_ranking_xlsx",
    ),
    path("thi-dua/dang-ky/", registration_queue, name="registration_queue"),
    path("thi-dua/dang-ky/<int:pk>/", registration_detail, name="registration_detail"),
    path(
        "thi-dua/dang-ky/<int:pk>/tu-cham/", registration_self_score, name="registration_self_score"
    ),
    path(
        "thi-dua/dang-ky/<int:pk>/hoi-dong-cham/",
        registration_council_score,
        name="registration_council_score",
    ),
    path("thi-dua/dang-ky/<int:pk>/khieu-nai/", registration_appeal, name="registration_appeal"),
    path("thi-dua/cum-khoi/<int:pk>/xep-hang/", group_ranking, name="group_ranking"),
    path("thi-dua/cum-khoi/<int:pk>/cong-bo/", group_publish, name="group_publish"),
    path("khen-thuong/de-nghi/", proposal_list, name="proposal_list"),
    path("khen-thuong/de-nghi/moi/", proposal_create, name="proposal_create"),
    path("khen-thuong/de-nghi/<int:pk>/", proposal_detail, name="proposal_detail"),
    path("khen-thuong/de-nghi/<int:pk>/chuyen/", proposal_transition, name="proposal_transition"),
    path("khen-thuong/bieu-duong/", praise_list, name="praise_list"),
    path(
        "khen-thuong/de-nghi/<int:pk>/ho-so.docx",
        emulation_dossier_docx,
        name="emulation_dossier_docx",
    ),
    path(
        "khen-thuong/de-nghi/<int:pk>/quyet-dinh.docx",
        emulation_decision_docx,
        name="emulation_decision_docx",
    ),
    path(
        "thi-dua/cum-khoi/<int:pk>/xep-hang.xlsx",
        emulation_ranking_xlsx,
        name="emulation_ranking_xlsx",
    ),
]
