"""Scope-matrix entries of the feedback routes (see tests/test_routes.py).

Feedback "about Xã B" is handled by the root's inspection committee: officer_a (an officer of
Xã A, no "feedback.view") is refused with 403, and every explanation request of Xã B is 404 to
officer_a (who holds "feedback.explain" only on Xã A)."""

from typing import Any

from tests.feedback.factories import explaining, submit
from tests.test_routes import ListRoute, ObjectRoute, PublicRoute


def _feedback_about(unit_attr: str) -> Any:
    return lambda world: {"pk": submit(getattr(world, unit_attr))[0].pk}


def _explanation_about(unit_attr: str) -> Any:
    return lambda world: {"pk": explaining(world, getattr(world, unit_attr))[1].pk}


def _attachment_about(unit_attr: str) -> Any:
    def build(world: Any) -> dict[str, Any]:
        from tests.feedback.factories import photo_upload

        feedback, _ = submit(getattr(world, unit_attr), files=[photo_upload()])
        return {"pk": feedback.attachments.get().pk}

    return build


SCOPE_ROUTES = {
    "feedback_public_start": PublicRoute(),
    "feedback_public_send": PublicRoute(),
    "feedback_public_status": PublicRoute(),
    "feedback_list": ListRoute(queries=({}, {"q": "binh loi"}, {"trang_thai": "received"})),
    "feedback_dashboard": ListRoute(),
    "feedback_explain_list": ListRoute(),
    "feedback_detail": ObjectRoute(
        sibling=_feedback_about("commune_b"), own=_feedback_about("commune_a")
    ),
    "feedback_act": ObjectRoute(
        sibling=_feedback_about("commune_b"),
        own=_feedback_about("commune_a"),
        post={"action": "accept"},
        post_only=True,
    ),
    "feedback_attachment": ObjectRoute(
        sibling=_attachment_about("commune_b"), own=_attachment_about("commune_a")
    ),
    "feedback_explanation": ObjectRoute(
        sibling=_explanation_about("commune_b"),
        own=_explanation_about("commune_a"),
        post={"text": "Giải trình chen ngang"},
    ),
}
