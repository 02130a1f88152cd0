"""Scope-matrix entries for the evaluation routes (see tests/test_routes.py).

One period opened at the root covers both communes: Xã B's objects are person_b's evaluation,
Chi bộ B1's unit evaluation and Xã B as a body; Xã A's are person_a's and Chi bộ A1's."""

from typing import Any

from tests.conftest import World
from tests.test_routes import ActionRoute, ListRoute, ObjectRoute, ScopedListRoute, SelfRoute


def _period(world: World) -> Any:
    cached = getattr(world, "_matrix_evaluation_period", None)
    if cached is None:
        from tests.evaluations.factories import fill, open_period

        cached = open_period(world, unit=world.root)
        # Xã B's data exists and is filled in, so an unscoped page would reveal it.
        fill(cached.evaluations.get(person=world.person_b), ("20", "50"))
        world._matrix_evaluation_period = cached  # type: ignore[attr-defined]
    return cached


def _of_person(attr: str) -> Any:
    return lambda w: {"pk": _period(w).evaluations.get(person=getattr(w, attr)).pk}


def _of_unit(attr: str) -> Any:
    return lambda w: {
        "pk": _period(w).evaluations.get(subject_kind="unit", unit=getattr(w, attr)).pk
    }


def _period_kwargs(world: World) -> dict[str, Any]:
    return {"pk": _period(world).pk}


SCOPE_ROUTES = {
    # member pages (officials covering the person may read, never act)
    "my_evaluations": SelfRoute(),
    "my_evaluation": ObjectRoute(
        sibling=_of_person("person_b"),
        own=_of_person("person_a"),
        post={"action": "save", "summary": "chen ngang"},
    ),
    # officials
    "evaluation_periods": ListRoute(),
    "evaluation_period_new": ActionRoute(),
    "evaluation_period": ScopedListRoute(kwargs=_period_kwargs),
    "evaluation_decide": ScopedListRoute(kwargs=_period_kwargs, post={}),
    "evaluation_detail": ObjectRoute(sibling=_of_person("person_b"), own=_of_person("person_a")),
    "evaluation_step": ObjectRoute(
        sibling=_of_person("person_b"),
        own=_of_person("person_a"),
        post={"to": "returned", "comment": "chen ngang"},
        post_only=True,
    ),
    "evaluation_unit_self": ObjectRoute(
        sibling=_of_unit("cell_b1"), own=_of_unit("cell_a1"), post={"action": "save"}
    ),
    # apps.dashboards.ratings
    "ratings_overview": ScopedListRoute(kwargs=_period_kwargs),
    # apps.exports.evaluation_docs
    "export_self_assessment": ObjectRoute(
        sibling=_of_person("person_b"), own=_of_person("person_a")
    ),
    "export_evaluation_list": ScopedListRoute(kwargs=_period_kwargs),
    "export_evaluation_decision": ScopedListRoute(kwargs=_period_kwargs),
}
