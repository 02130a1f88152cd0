"""Scope-matrix entries of the emulation routes (merged into tests/test_routes.py)."""

import datetime
from typing import Any

from tests.test_routes import ActionRoute, ListRoute, ObjectRoute, ScopedListRoute

MANUAL = [{"code": "nhiem-vu", "name": "Kết quả thực hiện nhiệm vụ", "max_points": "100"}]


def _movement_at(world: Any, unit_attr: str, cell_attr: str) -> Any:
    from tests.emulation.factories import make_movement

    unit = getattr(world, unit_attr)
    return make_movement(
        world, [("Cụm thử", [getattr(world, cell_attr)])], unit=unit, criteria=MANUAL
    )


def _movement_of(unit_attr: str, cell_attr: str) -> Any:
    return lambda w: {"pk": _movement_at(w, unit_attr, cell_attr).pk}


def _group_of(unit_attr: str, cell_attr: str) -> Any:
    return lambda w: {"pk": _movement_at(w, unit_attr, cell_attr).groups.get().pk}


def _root_movement(world: Any) -> Any:
    cached = getattr(world, "_matrix_movement", None)
    if cached is None:
        from tests.emulation.factories import make_movement

        cached = make_movement(
            world, [("Cụm xã", [world.commune_a, world.commune_b])], criteria=MANUAL
        )
        world._matrix_movement = cached
    return cached


def _registration_at(world: Any, unit_attr: str) -> Any:
    from apps.emulation.models import Registration
    from apps.emulation.services.movements import registration_create

    movement = _root_movement(world)
    unit = getattr(world, unit_attr)
    existing = Registration.objects.filter(movement=movement, unit=unit).first()
    return existing or registration_create(
        actor=None, movement=movement, unit=unit, targets=f"Chỉ tiêu của {unit.name}"
    )


def _registration_of(unit_attr: str) -> Any:
    return lambda w: {"pk": _registration_at(w, unit_attr).pk}


def _seeded_movement(world: Any) -> dict[str, Any]:
    _registration_at(world, "commune_b")
    return {"pk": _root_movement(world).pk}


def _proposal_at(world: Any, unit_attr: str, cell_attr: str, approved: bool = False) -> Any:
    from apps.emulation.enums import ProposalStatus, SubjectKind
    from apps.emulation.models import CommendationKind
    from apps.emulation.services.commendation import proposal_create, proposal_transition

    proposal = proposal_create(
        actor=None,
        proposing_unit=getattr(world, unit_attr),
        kind=CommendationKind.objects.get(code="giay-khen"),
        subject_kind=SubjectKind.UNIT,
        subject_unit=getattr(world, cell_attr),
        achievements="Hoàn thành xuất sắc quán triệt",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    if approved:
        proposal = proposal_transition(actor=None, proposal=proposal, to=ProposalStatus.SUBMITTED)
        proposal = proposal_transition(
            actor=None,
            proposal=proposal,
            to=ProposalStatus.VOTED,
            council_members=5,
            votes_for=5,
            voted_on=datetime.date(2026, 12, 20),
        )
        proposal = proposal_transition(
            actor=None,
            proposal=proposal,
            to=ProposalStatus.APPROVED,
            decision_number="15/QĐ",
            decision_date=datetime.date(2026, 12, 22),
        )
    return proposal


def _proposal_of(unit_attr: str, cell_attr: str, approved: bool = False) -> Any:
    return lambda w: {"pk": _proposal_at(w, unit_attr, cell_attr, approved).pk}


_B_MOVEMENT = _movement_of("commune_b", "cell_b1")
_A_MOVEMENT = _movement_of("commune_a", "cell_a1")
_B_GROUP = _group_of("commune_b", "cell_b1")
_A_GROUP = _group_of("commune_a", "cell_a1")
_B_REG = _registration_of("commune_b")
_A_REG = _registration_of("commune_a")
_B_PROPOSAL = _proposal_of("commune_b", "cell_b1")
_A_PROPOSAL = _proposal_of("commune_a", "cell_a1")

SCOPE_ROUTES: dict[str, Any] = {
    "movement_list": ListRoute(),
    # Only emulation officers launch: officers are refused (403), a POST naming Xã B too.
    "movement_create": ScopedListRoute(
        kwargs=lambda w: {}, post={"title": "Chen ngang", "group_names": "Cụm"}
    ),
    "movement_detail": ObjectRoute(sibling=_B_MOVEMENT, own=_A_MOVEMENT),
    "movement_rubric": ObjectRoute(
        sibling=_B_MOVEMENT, own=_A_MOVEMENT, post={"rubric_rows": "1", "r1_name": "Chen"}
    ),
    "movement_close": ObjectRoute(
        sibling=_B_MOVEMENT, own=_A_MOVEMENT, post={"summary": "Chen ngang"}
    ),
    "individual_ranking": ObjectRoute(sibling=_B_MOVEMENT, own=_A_MOVEMENT),
    "individual_ranking_xlsx": ObjectRoute(sibling=_B_MOVEMENT, own=_A_MOVEMENT),
    "registration_create": ScopedListRoute(kwargs=_seeded_movement, post={"targets": "Chen ngang"}),
    "registration_queue": ListRoute(queries=({}, {"cho": "tu-cham"}, {"cho": "hoi-dong"})),
    "registration_detail": ObjectRoute(sibling=_B_REG, own=_A_REG),
    "registration_self_score": ObjectRoute(
        sibling=_B_REG, own=_A_REG, post={"submit": "1"}, post_only=True
    ),
    "registration_council_score": ObjectRoute(sibling=_B_REG, own=_A_REG, post_only=True),
    "registration_appeal": ObjectRoute(
        sibling=_B_REG, own=_A_REG, post={"text": "Khiếu nại"}, post_only=True
    ),
    "group_ranking": ObjectRoute(sibling=_B_GROUP, own=_A_GROUP),
    "group_publish": ObjectRoute(sibling=_B_GROUP, own=_A_GROUP, post_only=True),
    "proposal_list": ListRoute(queries=({}, {"trang_thai": "draft"})),
    "proposal_create": ActionRoute(),
    "proposal_detail": ObjectRoute(sibling=_B_PROPOSAL, own=_A_PROPOSAL),
    "proposal_transition": ObjectRoute(
        sibling=_B_PROPOSAL, own=_A_PROPOSAL, post={"to": "submitted"}, post_only=True
    ),
    "praise_list": ListRoute(),
    # documents
    "emulation_dossier_docx": ObjectRoute(sibling=_B_PROPOSAL, own=_A_PROPOSAL),
    "emulation_decision_docx": ObjectRoute(
        sibling=_proposal_of("commune_b", "cell_b1", approved=True),
        own=_proposal_of("commune_a", "cell_a1", approved=True),
    ),
    "emulation_ranking_xlsx": ObjectRoute(sibling=_B_GROUP, own=_A_GROUP),
}
