import datetime
import io
import re
from typing import Any

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.access import scoping
from apps.access.permissions import requires
from apps.common.errors import ApplicationError
from apps.common.jobs import job_start
from apps.common.models import Job
from apps.directives import hooks, selectors, services
from apps.directives.forms import AttachmentForm, DirectiveFilterForm, DirectiveForm, IngestForm
from apps.directives.models import DirectiveKind


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@requires("directive.view")
def directive_list(request: HttpRequest) -> HttpResponse:
    form = DirectiveFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("kind")
    directives = selectors.directive_list(
        actor=request.user, query=data.get("q") or "", kind_id=kind.pk if kind else None
    )
    page = Paginator(directives, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_create": bool(selectors.issuer_choices(actor=request.user).exists()),
    }
    if _htmx(request):
        return render(request, "directives/partials/_directive_table.html", context)
    return render(request, "directives/directive_list.html", context)


def _rollouts_of(request: HttpRequest, directive: Any) -> list[Any]:
    return hooks.rollouts_of(request.user, directive)


@requires("directive.view")
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = selectors.directive_get_for_actor(actor=request.user, pk=pk)
    can_manage = selectors.directive_can_manage(actor=request.user, directive=directive)
    context = {
        "d": selectors.directive_detail(directive=directive),
        "directive": directive,
        "rollouts": _rollouts_of(request, directive),
        "can_manage": can_manage,
        "can_launch": bool(
            selectors.issuer_choices(actor=request.user, action="rollout.manage").exists()
        ),
        "attachment_form": AttachmentForm() if can_manage else None,
    }
    return render(request, "directives/directive_detail.html", context)


@requires("directive.manage")
def directive_create(request: HttpRequest) -> HttpResponse:
    form = DirectiveForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            directive = services.directive_create(actor=request.user, content=form.content())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã tạo {directive}.")
            return redirect("directive_detail", pk=directive.pk)
    return render(
        request,
        "directives/directive_form.html",
        {"form": form, "title": "Thêm chỉ thị, nghị quyết"},
    )


@requires("directive.manage")
def directive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    directive = selectors.directive_get_for_actor(
        actor=request.user, pk=pk, action="directive.manage"
    )
    form = DirectiveForm(
        request.POST or None,
        actor=request.user,
        current_issuer=directive.issuer,
        initial=DirectiveForm.initial_for(directive),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.directive_update(
                actor=request.user, directive=directive, content=form.content()
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("directive_detail", pk=directive.pk)
    return render(
        request,
        "directives/directive_form.html",
        {"form": form, "directive": directive, "title": f"Sửa {directive}"},
    )


@requires("directive.manage")
def directive_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    directive = selectors.directive_get_for_actor(
        actor=request.user, pk=pk, action="directive.manage"
    )
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = services.directive_attachment_add(
                actor=request.user, directive=directive, file=form.cleaned_data["file"]
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, f"Đã đính kèm tệp “{attachment.name}”.")
            return redirect("directive_detail", pk=directive.pk)
    return render(
        request, "directives/directive_attachment.html", {"form": form, "directive": directive}
    )


@requires("directive.view")
def directive_attachment_file(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Attachments are served through the directive's scope, never as public media."""
    directive = selectors.directive_get_for_actor(actor=request.user, pk=pk)
    attachment = selectors.attachment_get(directive=directive, pk=attachment_pk)
    with attachment.file.open("rb") as stream:  # at most 20 MB; closed even if not streamed
        data = stream.read()
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=attachment.name)


# --- "Tạo từ văn bản" ------------------------------------------------------------------

INGEST_JOB_KIND = "directive_ingest"

_TITLE_RE = re.compile(r"\bvề\s+(?:việc\s+)?[“\"]([^”\"]{10,500})[”\"]")


def _mark(sentence: str, fragment: str | None) -> SafeString:
    """The sentence, escaped, with `fragment` (or the longest leading part of it found in the
    sentence) highlighted; the whole sentence is highlighted when nothing matches."""
    words = (fragment or "").split()
    lowered = sentence.lower()
    while len(words) >= 1:
        candidate = " ".join(words)
        at = lowered.find(candidate.lower())
        if at >= 0 and len(candidate) >= 2:
            end = at + len(candidate)
            return mark_safe(  # noqa: S308 - every part is escaped
                f"{escape(sentence[:at])}<mark>{escape(sentence[at:end])}</mark>"
                f"{escape(sentence[end:])}"
            )
        words = words[:-1]
    return mark_safe(f"<mark>{escape(sentence)}</mark>")  # noqa: S308


def _mark_date(sentence: str, date: datetime.date | None) -> SafeString:
    if date is not None:
        d, m, y = date.day, date.month, date.year
        pattern = rf"(?:ngày\s+)?0?{d}\s*(?:[./-]\s*0?{m}\s*[./-]\s*|\s+tháng\s+0?{m}\s+năm\s+){y}"
        match = re.search(pattern, sentence, flags=re.IGNORECASE)
        if match:
            return _mark(sentence, match.group(0))
    return _mark(sentence, None)


def _capitalise(text: str) -> str:
    text = " ".join(text.split()).rstrip(".;")
    return text[:1].upper() + text[1:]


def _draft_title(text: str) -> str:
    match = _TITLE_RE.search(text)
    if match:
        return " ".join(match.group(1).split())[:500]
    for line in text.splitlines():
        if len(line.strip()) >= 10:
            return " ".join(line.split())[:500]
    return ""


def _draft_initial(draft: Any, text: str, issuers: Any) -> dict[str, Any]:
    kind = DirectiveKind.objects.filter(name__iexact=draft.kind or "").first()
    first_issuer = issuers.first()
    return {
        "kind": kind.pk if kind else None,
        "number": draft.number or "",
        "symbol": draft.symbol or "",
        "issuer": first_issuer.pk if first_issuer else None,
        "issuer_name": draft.issuer or "",
        "issued_on": draft.issued_date,
        "title": _draft_title(text),
        "body": text.strip(),
        "key_tasks": "\n".join(_capitalise(t) for t in draft.key_tasks),
        "dos": "\n".join(_capitalise(t) for t in draft.dos),
        "donts": "\n".join(_capitalise(t) for t in draft.donts),
        "deadlines": "\n".join(
            f"{d.date:%d/%m/%Y} — {_deadline_name(d.text)}" for d in draft.deadlines
        ),
    }


def _deadline_name(text: str) -> str:
    name = " ".join(text.split()).rstrip(".")
    return name if len(name) <= 200 else name[:197].rstrip() + "…"


def _draft_sources(draft: Any) -> dict[str, list[SafeString]]:
    found: dict[str, list[SafeString]] = {}
    scalar = {
        "kind": draft.kind,
        "number": f"{draft.kind or ''} số {draft.number}" if draft.number else None,
        "symbol": draft.symbol,
        "issuer_name": draft.issuer,
    }
    key_of = {"kind": "kind", "number": "number", "symbol": "symbol", "issuer_name": "issuer"}
    for field, key in key_of.items():
        sentence = draft.sources.get(key)
        if sentence:
            found[field] = [_mark(sentence, scalar[field])]
    if draft.sources.get("issued_date"):
        found["issued_on"] = [_mark_date(draft.sources["issued_date"], draft.issued_date)]
    items = draft.item_sources or {}
    for field in ("key_tasks", "dos", "donts"):
        values = getattr(draft, field)
        sentences = items.get(field, [])
        found[field] = [_mark(s, v) for v, s in zip(values, sentences, strict=False)]
    found["deadlines"] = [
        _mark(s, None) for s in items.get("deadlines", [])[: len(draft.deadlines)]
    ]
    return found


def _review_context(
    request: HttpRequest, form: DirectiveForm, draft: Any, text: str = "", job: Any = None
) -> dict[str, Any]:
    sources = _draft_sources(draft) if draft is not None else {}
    title = _TITLE_RE.search(text)
    if title:
        sources["title"] = [_mark(" ".join(title.group(0).split()), title.group(1))]
    unsure = set(getattr(draft, "unsure", []) or [])
    people = []
    if draft is not None:
        for person, sentence in zip(
            draft.people, (draft.item_sources or {}).get("people", []), strict=False
        ):
            people.append({"person": person, "source": _mark(sentence, person.name)})
    return {
        "form": form,
        "rows": [(form[name], sources.get(name, []), name in unsure) for name in form.fields],
        "people": people,
        "warnings": list(getattr(draft, "warnings", []) or []),
        "job": job,
        "from_ocr": bool(getattr(draft, "from_ocr", False)),
    }


def _ingest_job_for(request: HttpRequest, pk: int | str | None) -> Job | None:
    """The user's own "Tạo từ văn bản" job (an administrator sees any); None otherwise."""
    if not pk or not str(pk).isdigit():
        return None
    qs = Job.objects.filter(pk=int(pk), kind=INGEST_JOB_KIND)
    if not scoping.is_admin(request.user):
        qs = qs.filter(created_by_id=request.user.pk)
    return qs.first()


def _job_draft(job: Job | None) -> Any:
    from apps.directives.ingest import DirectiveDraft

    if job is None or job.status != Job.Status.DONE or "draft" not in (job.result or {}):
        return None
    return DirectiveDraft.from_payload(job.result["draft"])


@requires("directive.manage")
def directive_ingest(request: HttpRequest) -> HttpResponse:
    """Paste or upload a text; it is read and parsed in a background job (OCR for scans), then
    the pre-filled form shows the source of every field. Nothing is saved until the officer
    confirms the reviewed form."""
    from apps.directives.ingest.draft import MAX_TEXT_BYTES

    if request.method == "POST" and request.POST.get("step") == "confirm":
        form = DirectiveForm(request.POST, actor=request.user)
        duplicates: list[Any] = []
        if form.is_valid():
            d = form.cleaned_data
            duplicates = selectors.directive_duplicates(
                actor=request.user,
                kind=d.get("kind"),
                number=d.get("number", ""),
                symbol=d.get("symbol", ""),
                issued_on=d.get("issued_on"),
            )
            if duplicates and not request.POST.get("duplicate_ok"):
                form.add_error(
                    None,
                    "Đã có văn bản cùng loại, cùng số hiệu trong hệ thống (xem bên dưới). "
                    "Nếu đây đúng là một văn bản khác, đánh dấu “Vẫn lưu văn bản mới” rồi bấm "
                    "lưu lại.",
                )
        if form.is_valid():
            try:
                directive = services.directive_create(actor=request.user, content=form.content())
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Đã tạo {directive} từ văn bản.")
                return redirect("directive_detail", pk=directive.pk)
        job = _ingest_job_for(request, request.POST.get("job"))
        context = _review_context(request, form, _job_draft(job), request.POST.get("body", ""), job)
        context["duplicates"] = duplicates
        return render(request, "directives/directive_ingest_review.html", context)

    upload = IngestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and upload.is_valid():
        file = upload.cleaned_data.get("file")
        if file is not None:
            name = file.name or "van-ban.txt"
            limit = (
                MAX_TEXT_BYTES if name.lower().endswith(".txt") else services.ATTACHMENT_MAX_BYTES
            )
            content = file.read(limit + 1)
        else:
            name = "van-ban.txt"
            content = upload.cleaned_data["text"].encode("utf-8")
            limit = MAX_TEXT_BYTES
        if len(content) > limit:
            upload.add_error(
                None, f"Tệp “{name}” lớn hơn {limit // (1024 * 1024)} MB, hãy tách nhỏ rồi thử lại."
            )
        else:
            job = job_start(
                actor=request.user,
                kind=INGEST_JOB_KIND,
                handler="apps.directives.ingest_jobs.ingest_job",
                params={"filename": name},
                input_file=ContentFile(content, name=name),
            )
            return redirect("directive_ingest_job", pk=job.pk)
    return render(request, "directives/directive_ingest.html", {"form": upload})


@requires("directive.manage")
def directive_ingest_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the parse job is followed: its progress until done, then the review form; a failed
    job shows its message above the form to try again."""
    job = _ingest_job_for(request, pk)
    if job is None:
        raise Http404
    htmx = bool(getattr(request, "htmx", False))
    if job.status in (Job.Status.DONE, Job.Status.FAILED) and htmx:
        done = HttpResponse(status=204)
        done["HX-Redirect"] = reverse("directive_ingest_job", args=[job.pk])
        return done
    if job.status == Job.Status.DONE:
        return redirect("directive_ingest_result", pk=job.pk)
    if job.status == Job.Status.FAILED:
        return render(
            request,
            "directives/directive_ingest.html",
            {"form": IngestForm(), "error": job.message or "Không đọc được văn bản."},
        )
    template = (
        "directives/partials/_ingest_job.html" if htmx else "directives/directive_ingest_job.html"
    )
    return render(request, template, {"job": job})


@requires("directive.manage")
def directive_ingest_result(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewed draft of a finished parse job (the user's own job only)."""
    job = _ingest_job_for(request, pk)
    draft = _job_draft(job)
    if job is None or draft is None:
        raise Http404
    text = ""
    if job.output_file:
        with job.output_file.open("rb") as stream:
            text = stream.read().decode("utf-8")
    issuers = selectors.issuer_choices(actor=request.user)
    form = DirectiveForm(actor=request.user, initial=_draft_initial(draft, text, issuers))
    return render(
        request,
        "directives/directive_ingest_review.html",
        _review_context(request, form, draft, text, job),
    )
