"""Downloads of emulation documents: the proposal dossier and decision (.docx), a group's
ranking (.xlsx). Each loads its object through the emulation scoped loaders (404 outside)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone

from apps.access.permissions import requires
from apps.emulation import selectors
from apps.emulation.enums import ProposalStatus
from apps.exports import emulation
from apps.exports.documents import STATE

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _layout(request: HttpRequest) -> str:
    layout = request.GET.get("layout", STATE)
    return layout if layout in emulation.LAYOUT_CHOICES else STATE


@requires("emulation.view")
def emulation_dossier_docx(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_actor(actor=request.user, pk=pk)
    content = emulation.dossier_docx(proposal, _layout(request))
    return _download(content, DOCX, f"ho-so-de-nghi-khen-thuong-{proposal.pk}.docx")


@requires("emulation.view")
def emulation_decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get_for_actor(actor=request.user, pk=pk)
    if proposal.status != ProposalStatus.APPROVED:
        raise Http404
    content = emulation.decision_docx(proposal, _layout(request))
    return _download(content, DOCX, f"quyet-dinh-khen-thuong-{proposal.pk}.docx")


@requires("emulation.view")
def emulation_ranking_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.group_get_for_actor(actor=request.user, pk=pk)
    ranking = selectors.group_ranking(group=group, as_of=timezone.localdate())
    rows = selectors.rows_visible(actor=request.user, group=group, rows=ranking.rows)
    return _download(emulation.ranking_xlsx(ranking, rows), XLSX, f"xep-hang-{group.pk}.xlsx")


urlpatterns = [
    path(
        "xuat/thi-dua/de-nghi/<int:pk>/ho-so/",
        emulation_dossier_docx,
        name="emulation_dossier_docx",
    ),
    path(
        "xuat/thi-dua/de-nghi/<int:pk>/quyet-dinh/",
        emulation_decision_docx,
        name="emulation_decision_docx",
    ),
    path(
        "xuat/thi-dua/cum-khoi/<int:pk>/xep-hang.xlsx",
        emulation_ranking_xlsx,
        name="emulation_ranking_xlsx",
    ),
]
