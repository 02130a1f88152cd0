"""The facts this app provides, honouring every FactQuery field, and the effect view."""

import datetime

import pytest
from django.urls import reverse

from apps.common import facts
from apps.common.facts import FactQuery
from apps.dashboards.effect import directive_effect
from apps.inspections.enums import InspectionStatus as S
from tests.inspections.factories import make_case, make_inspection


def _finding_facts(**kw):
    return facts.collect("finding", FactQuery(**kw))


def test_kinds_are_registered():
    assert {"finding", "discipline", "inspection"} <= set(facts.registered_kinds())


def test_finding_facts_about_units_and_people(world):
    inspection = make_inspection(world, world.commune_a, status=S.CONCLUDED)
    finding = inspection.findings.first()
    finding.people.set([world.person_a])
    units = _finding_facts(subject_kind="unit")
    assert len(units) == 2
    assert {f.criterion_id for f in units} == set(
        inspection.findings.values_list("criterion_id", flat=True)
    )
    fact = next(f for f in units if f.extra["finding_id"] == finding.pk)
    assert fact.unit_id == world.commune_a.pk and fact.code == "han-che"
    assert fact.open  # its recommendation is not verified yet
    assert fact.date == datetime.date(2026, 11, 28)
    people = _finding_facts(subject_kind="person")
    assert [(f.subject_id, f.extra["finding_id"]) for f in people] == [
        (world.person_a.pk, finding.pk)
    ]
    assert _finding_facts(subject_kind="person", ids=[world.person_b.pk]) == []


def test_finding_facts_filter_by_subtree_dates_directive_and_ids(world):
    a = make_inspection(world, world.commune_a, status=S.CONCLUDED)
    make_inspection(world, world.commune_b, status=S.CONCLUDED)
    assert len(_finding_facts(subject_kind="unit")) == 4
    assert len(_finding_facts(subject_kind="unit", subtree_path=world.commune_a.path)) == 2
    assert len(_finding_facts(subject_kind="unit", ids=[world.commune_b.pk])) == 2
    assert _finding_facts(subject_kind="unit", start=datetime.date(2026, 12, 1)) == []
    assert len(_finding_facts(subject_kind="unit", end=datetime.date(2026, 11, 28))) == 4
    assert _finding_facts(subject_kind="unit", directive_id=a.directive_id + 1000) == []
    # Not concluded: no finding yet.
    make_inspection(world, world.commune_a, status=S.RESPONDED)
    assert len(_finding_facts(subject_kind="unit")) == 4


def test_facts_honour_the_actor(world):
    make_inspection(world, world.commune_a, status=S.CONCLUDED)
    make_inspection(world, world.commune_b, status=S.VERIFYING)
    make_case(world, person=world.person_a, status="decided")
    u = world.users
    assert len(_finding_facts(subject_kind="unit", actor=u["inspector"])) == 2
    assert len(_finding_facts(subject_kind="unit", actor=u["leader_a"])) == 2  # published
    assert _finding_facts(subject_kind="unit", actor=u["officer_a"]) == []
    assert _finding_facts(subject_kind="unit", actor=u["officer_b"]) == []
    # Inspections in progress: overseers only.
    inspections = facts.collect("inspection", FactQuery(subject_kind="unit", actor=u["leader"]))
    assert {f.extra["status"] for f in inspections} == {S.CONCLUDED}
    everything = facts.collect("inspection", FactQuery(subject_kind="unit", actor=u["inspector"]))
    assert {f.extra["status"] for f in everything} == {S.CONCLUDED, S.VERIFYING}
    # Discipline: overseers only (never the leaders of the subject's unit).
    assert (
        len(facts.collect("discipline", FactQuery(subject_kind="person", actor=u["inspector"])))
        == 1
    )
    assert facts.collect("discipline", FactQuery(subject_kind="person", actor=u["leader_a"])) == []
    assert facts.collect("discipline", FactQuery(subject_kind="unit")) == []  # a member, not a unit
    system = facts.collect("discipline", FactQuery(subject_kind="person", ids=[world.person_a.pk]))
    assert [(f.code, f.label) for f in system] == [("khien-trach", "Khiển trách")]


def test_effect_view_shows_findings_under_their_criteria_by_unit(world):
    inspection = make_inspection(world, world.commune_a, status=S.CONCLUDED)
    result = directive_effect(
        actor=world.users["inspector"], directive=inspection.directive, unit=world.root
    )
    by_criterion = {row.key: row for row in result.rows}
    for finding in inspection.findings.all():
        row = by_criterion[finding.criterion_id]
        assert row.cell("finding").count == 1
        assert row.cell("inspection").count == 1
        assert row.by_unit[world.commune_a.pk]["finding"] == 1
        assert "4/2026" in row.by_quarter
    assert result.progress is not None  # dissemination figures of the root rollout


@pytest.mark.parametrize("who", ["inspector", "leader_a"])
def test_effect_page_and_drill_down(world, who):
    inspection = make_inspection(world, world.commune_a, status=S.CONCLUDED)
    finding = inspection.findings.first()
    client = world.client(who)
    unit = world.root if who == "inspector" else world.commune_a
    page = client.get(
        reverse("directive_effect", args=[inspection.directive_id]), {"unit": unit.pk}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "Phát hiện qua kiểm tra" in body
    drill = client.get(
        reverse("directive_effect_criterion", args=[inspection.directive_id, finding.criterion_id]),
        {"unit": unit.pk},
    )
    assert drill.status_code == 200
    assert reverse("finding_detail", args=[finding.pk]) in drill.content.decode()
    assert client.get(reverse("finding_detail", args=[finding.pk])).status_code == 200


def test_effect_page_refuses_a_unit_outside_scope(world):
    inspection = make_inspection(world, world.commune_b, status=S.CONCLUDED)
    url = reverse("directive_effect", args=[inspection.directive_id])
    assert world.client("leader_a").get(url, {"unit": world.commune_b.pk}).status_code == 404
