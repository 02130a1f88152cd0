"""Scope-matrix entries for apps.inspections (and its documents in apps.exports, and the
directive's effect view in apps.dashboards). Objects of Xã B are the "sibling" ones; confidential
routes answer 404 to officers and members alike (see tests/test_routes.py)."""

from typing import Any

from apps.inspections.enums import InspectionStatus as S
from apps.inspections.models import Evidence, Programme
from apps.inspections.services import inspections as svc
from tests.conftest import World
from tests.inspections.factories import make_case, make_inspection, pdf_upload
from tests.test_routes import ActionRoute, ListRoute, ObjectRoute, ScopedListRoute


def _inspection(unit_attr: str, status: str = S.PLANNED, key: str = "pk") -> Any:
    def build(world: World) -> dict[str, Any]:
        return {key: make_inspection(world, getattr(world, unit_attr), status=status).pk}

    return build


def _programme(unit_attr: str) -> Any:
    def build(world: World) -> dict[str, Any]:
        unit = getattr(world, unit_attr)
        programme, _ = Programme.objects.get_or_create(
            unit=unit, year=2026, defaults={"title": f"Chương trình kiểm tra, giám sát {unit.name}"}
        )
        return {"pk": programme.pk}

    return build


def _evidence(unit_attr: str) -> Any:
    def build(world: World) -> dict[str, Any]:
        inspection = make_inspection(world, getattr(world, unit_attr), status=S.VERIFYING)
        svc.evidence_add(
            actor=None,
            inspection=inspection,
            kind="file",
            title="Sổ ghi biên bản",
            file=pdf_upload(),
        )
        return {"pk": Evidence.objects.filter(inspection=inspection).get().pk}

    return build


def _self_report(unit_attr: str) -> Any:
    def build(world: World) -> dict[str, Any]:
        inspection = make_inspection(world, getattr(world, unit_attr), status=S.SELF_REPORT)
        report = svc.self_report_submit(
            actor=None, inspection=inspection, file=pdf_upload("bao-cao.pdf")
        )
        return {"pk": report.pk}

    return build


def _recommendation(unit_attr: str) -> Any:
    def build(world: World) -> dict[str, Any]:
        inspection = make_inspection(world, getattr(world, unit_attr), status=S.CONCLUDED)
        return {"pk": inspection.recommendations.get().pk}

    return build


def _finding(unit_attr: str) -> Any:
    def build(world: World) -> dict[str, Any]:
        inspection = make_inspection(world, getattr(world, unit_attr), status=S.CONCLUDED)
        return {"pk": inspection.findings.first().pk}  # type: ignore[union-attr]

    return build


def _case(person_attr: str, status: str = "opened") -> Any:
    def build(world: World) -> dict[str, Any]:
        return {"pk": make_case(world, person=getattr(world, person_attr), status=status).pk}

    return build


def _directive_seeded(world: World) -> dict[str, Any]:
    """The shared rollout's directive, with a concluded inspection of Xã B (its findings)."""
    inspection = make_inspection(world, world.commune_b, status=S.CONCLUDED)
    return {"pk": inspection.directive_id}


def _criterion_seeded(world: World) -> dict[str, Any]:
    inspection = make_inspection(world, world.commune_b, status=S.CONCLUDED)
    criterion = inspection.findings.first().criterion  # type: ignore[union-attr]
    return {"pk": inspection.directive_id, "criterion_pk": criterion.pk}  # type: ignore[union-attr]


SCOPE_ROUTES: dict[str, Any] = {
    # apps.inspections: programmes and inspections (the inspection committee's)
    "inspection_list": ListRoute(queries=({}, {"trang_thai": "planned"})),
    "programme_list": ListRoute(),
    "programme_detail": ObjectRoute(sibling=_programme("commune_b"), own=_programme("commune_a")),
    "inspection_create": ActionRoute(),
    "inspection_detail": ObjectRoute(
        sibling=_inspection("commune_b"), own=_inspection("commune_a")
    ),
    "inspection_step": ObjectRoute(
        sibling=_inspection("commune_b"),
        own=_inspection("commune_a"),
        post={"step": "cancelled"},
        post_only=True,
    ),
    "recommendation_decide": ObjectRoute(
        sibling=_recommendation("commune_b"),
        own=_recommendation("commune_a"),
        post={"decision": "waive", "note": "Đã khắc phục xong trước kết luận"},
        post_only=True,
    ),
    "inspection_evidence_file": ObjectRoute(
        sibling=_evidence("commune_b"), own=_evidence("commune_a")
    ),
    # the target's side (inspection.respond on the subject)
    "self_report_file": ObjectRoute(
        sibling=_self_report("commune_b"), own=_self_report("commune_a")
    ),
    "inspections_for_unit": ListRoute(),
    "inspection_target": ObjectRoute(
        sibling=_inspection("commune_b", S.DRAFT_SENT),
        own=_inspection("commune_a", S.DRAFT_SENT),
        post={"form": "response", "text": "Chen ngang"},
    ),
    # published conclusions (leaders and inspectors)
    "inspection_conclusion": ObjectRoute(
        sibling=_inspection("commune_b", S.CONCLUDED), own=_inspection("commune_a", S.CONCLUDED)
    ),
    "finding_detail": ObjectRoute(sibling=_finding("commune_b"), own=_finding("commune_a")),
    # discipline (confidential)
    "discipline_list": ListRoute(),
    "discipline_create": ActionRoute(),
    "discipline_detail": ObjectRoute(sibling=_case("person_b"), own=_case("person_a")),
    "discipline_step": ObjectRoute(
        sibling=_case("person_b"),
        own=_case("person_a"),
        post={"step": "dismiss", "note": "Không đủ căn cứ"},
        post_only=True,
    ),
    # apps.exports: documents and tables
    "export_inspection_decision": ObjectRoute(
        sibling=_inspection("commune_b", S.DECIDED), own=_inspection("commune_a", S.DECIDED)
    ),
    "export_inspection_conclusion": ObjectRoute(
        sibling=_inspection("commune_b", S.CONCLUDED), own=_inspection("commune_a", S.CONCLUDED)
    ),
    "export_discipline_decision": ObjectRoute(
        sibling=_case("person_b", "decided"), own=_case("person_a", "decided")
    ),
    "export_inspections_xlsx": ListRoute(),
    # apps.dashboards: the directive's effect view (unit chosen with ?unit=)
    "directive_effect": ScopedListRoute(kwargs=_directive_seeded, param="unit"),
    "directive_effect_criterion": ScopedListRoute(kwargs=_criterion_seeded, param="unit"),
}
