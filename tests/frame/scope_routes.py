"""Scope-matrix entries of the site frame's own pages (two-factor sign-in, audit viewer)."""

from typing import Any

from tests.test_routes import ListRoute, SelfRoute

SCOPE_ROUTES: dict[str, Any] = {
    "otp_setup": SelfRoute(),
    "otp_verify": SelfRoute(),
    "otp_recovery_codes": SelfRoute(),
    "otp_disable": SelfRoute(),
    "audit_log": ListRoute(queries=({}, {"loai": "people.person"}, {"nguoi": "offi"})),
}
