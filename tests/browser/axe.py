"""axe-core in the browser tests: the npm package installed by `make browser-deps` into the
git-ignored var/npm (offline at test time), injected by Selenium into the page under test."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

AXE_JS = Path(
    os.environ.get("AXE_CORE_JS", settings.BASE_DIR / "var/npm/node_modules/axe-core/axe.min.js")
)


def axe_violations(driver) -> list[dict]:
    if not AXE_JS.exists():
        pytest.fail(f"axe-core not found at {AXE_JS}: run `make browser-deps` (npm axe-core)")
    driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    return driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document).then(r => done(r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))));
        """
    )


def assert_accessible(page, label: str, report: dict) -> None:
    """No critical or serious axe-core violation on the current page (all kept in `report`)."""
    violations = axe_violations(page.driver)
    report[label] = violations
    bad = [v for v in violations if v["impact"] in ("critical", "serious")]
    assert not bad, f"{label}: {json.dumps(bad, ensure_ascii=False, indent=1)}"
