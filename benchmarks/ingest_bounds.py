"""Time to parse 5 MB of each kind of hostile text (the cases of tests/directives/test_ingest_bounds.py).

``python benchmarks/ingest_bounds.py`` prints ``figure: ingest_bounds_<case>_seconds`` for each
case and the bound they are held to (5 s). The test checks what is found and that every list
stays bounded; the time is measured here rather than asserted in a test, because a shared,
loaded machine makes a timed assertion fail for reasons that are not the parser's.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from apps.directives.ingest.parser import parse_text  # noqa: E402
from tests.directives.test_ingest_bounds import CASES  # noqa: E402

BOUND_SECONDS = 5.0


def main() -> int:
    print(f"figure: ingest_bounds_limit {BOUND_SECONDS:.1f} s")
    worst = 0.0
    for name, build in CASES.items():
        text = build()
        start = time.perf_counter()
        parse_text(text)
        elapsed = time.perf_counter() - start
        worst = max(worst, elapsed)
        slug = re.sub(r"\W+", "_", name).strip("_")
        print(f"figure: ingest_bounds_{slug}_seconds {elapsed:.2f} s")
    print(f"figure: ingest_bounds_worst_seconds {worst:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
