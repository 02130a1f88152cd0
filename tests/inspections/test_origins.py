"""Inspections "khi có dấu hiệu vi phạm" opened from a finding or from a unit's report: the
source is recorded and linked from the inspection, the committee is told and sees it on its
home page, and a source outside the user's oversight answers 404."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.common.notifications import Notification
from apps.common.plugins import work_items
from apps.inspections.enums import InspectionStatus as S
from apps.inspections.enums import Origin
from apps.inspections.models import Inspection
from apps.plans.services.reports import report_open
from tests.inspections.factories import make_inspection, shared_rollout
from tests.people.factories import AssignmentFactory, PersonFactory, UserFactory
from tests.plans.factories import make_quarter


def _grant(username: str, unit: Any, role: str) -> Any:
    user = UserFactory(username=username)
    AssignmentFactory(person=PersonFactory(unit=unit, user=user), unit=unit, role=role)
    return user


def _post(inspection_initial: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data = {
        "kind": inspection_initial["kind"],
        "inspecting_unit": inspection_initial["inspecting_unit"],
        "subject_code": inspection_initial["subject_code"],
        "title": "Kiểm tra khi có dấu hiệu vi phạm",
        "directive": inspection_initial.get("directive") or "",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-20",
        "origin_note": "",
        "criteria": inspection_initial.get("criteria") or [],
    }
    data.update(extra)
    return data


def _initial(response: Any) -> dict[str, Any]:
    form = response.context["form"]
    return {
        "kind": form["kind"].value().pk
        if hasattr(form["kind"].value(), "pk")
        else form["kind"].value(),
        "inspecting_unit": form["inspecting_unit"].value(),
        "subject_code": form["subject_code"].value(),
        "directive": form["directive"].value(),
        "criteria": form["criteria"].value() or [],
    }


def test_inspection_opened_from_a_finding_records_and_links_it(world):
    concluded = make_inspection(world, world.commune_a, status=S.CONCLUDED)
    finding = concluded.findings.first()
    client = world.client("inspector")
    url = f"{reverse('inspection_create')}?tu_phat_hien={finding.pk}"
    page = client.get(url)
    assert page.status_code == 200
    initial = _initial(page)
    assert initial["subject_code"] == world.commune_a.code
    assert initial["inspecting_unit"] == world.root.pk
    response = client.post(url, _post(initial, tu_phat_hien=finding.pk))
    assert response.status_code == 302
    opened = Inspection.objects.exclude(pk=concluded.pk).get()
    assert opened.origin == Origin.SIGNS and opened.origin_finding_id == finding.pk
    assert opened.kind.code == "kiem-tra-dau-hieu"
    assert list(opened.criteria.all()) == [finding.criterion]
    detail = client.get(reverse("inspection_detail", args=[opened.pk])).content.decode()
    assert reverse("finding_detail", args=[finding.pk]) in detail
    # the committee's home page lists it until the decision is issued
    labels = {i.label: i.count for i in work_items(world.users["inspector"])}
    assert labels["Kiểm tra khi có dấu hiệu vi phạm chờ ban hành quyết định"] == 1


def test_inspection_from_a_finding_out_of_oversight_is_404(world):
    finding = make_inspection(world, world.commune_a, status=S.CONCLUDED).findings.first()
    client = _client(_grant("inspector_b", world.commune_b, "inspector"))
    url = f"{reverse('inspection_create')}?tu_phat_hien={finding.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"tu_phat_hien": finding.pk}).status_code == 404
    assert Inspection.objects.count() == 1


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def report(world):
    period = make_quarter(shared_rollout(world))
    return report_open(actor=None, period=period, unit=world.cell_a1)


def test_report_page_offers_the_inspection_only_to_a_committee_above(world, report):
    url = reverse("report_detail", args=[report.pk])
    link = f"{reverse('inspection_create')}?tu_bao_cao={report.pk}"
    assert link in world.client("inspector").get(url).content.decode()
    for role in ("leader", "officer_a", "leader_a"):
        page = world.client(role).get(url)
        assert page.status_code == 200 and link not in page.content.decode(), role


def test_inspection_opened_from_a_report_records_and_links_it(world, report):
    second = _grant("inspector2", world.root, "inspector")
    client = world.client("inspector")
    url = f"{reverse('inspection_create')}?tu_bao_cao={report.pk}"
    page = client.get(url)
    assert page.status_code == 200
    initial = _initial(page)
    assert initial["subject_code"] == world.cell_a1.code
    assert initial["directive"] == shared_rollout(world).directive_id
    response = client.post(url, _post(initial, tu_bao_cao=report.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    opened = Inspection.objects.get()
    assert opened.origin == Origin.SIGNS and opened.origin_object == report
    assert opened.subject == world.cell_a1 and opened.status == S.PLANNED
    detail = client.get(reverse("inspection_detail", args=[opened.pk])).content.decode()
    assert reverse("report_detail", args=[report.pk]) in detail
    # the other member of the committee is told; the one who opened it is not
    told = Notification.objects.filter(event_key=f"inspection:{opened.pk}:opened")
    assert {n.user_id for n in told} == {second.pk}


def test_inspection_from_a_report_out_of_oversight_is_404(world, report):
    # a committee AT the reporting unit's level (not strictly above) and one elsewhere
    for username, unit in (("inspector_a1", world.cell_a1), ("inspector_b", world.commune_b)):
        client = _client(_grant(username, unit, "inspector"))
        url = f"{reverse('inspection_create')}?tu_bao_cao={report.pk}"
        assert client.get(url).status_code == 404, username
        assert client.post(url, {"tu_bao_cao": report.pk}).status_code == 404, username
    assert not Inspection.objects.exists()


def test_service_refuses_a_source_for_a_programme_inspection(world, report):
    from apps.common.errors import ApplicationError
    from apps.inspections.models import InspectionKind
    from apps.inspections.services.inspections import inspection_create

    with pytest.raises(ApplicationError):
        inspection_create(
            actor=world.users["inspector"],
            kind=InspectionKind.objects.get(code="kiem-tra"),
            inspecting_unit=world.root,
            subject=world.cell_a1,
            title="Kiểm tra",
            starts_on=datetime.date(2026, 12, 1),
            ends_on=datetime.date(2026, 12, 2),
            origin=Origin.PROGRAMME,
            origin_object=report,
        )
    assert not Inspection.objects.exists()
