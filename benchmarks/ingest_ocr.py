"""OCR of a generated two-page scan of the Directive 34 sample: time and character accuracy.

``python benchmarks/ingest_ocr.py`` prints ``figure:`` lines: seconds per page, character
accuracy, and whether the parsed draft has the sample's number, date, criteria and deadline. The
server's limits (``PAGE_SECONDS`` a page, ``TOTAL_SECONDS`` in all) are lifted here so that a slow
run is measured rather than cut; compare ``ingest_ocr_seconds_per_page`` with the page limit it
prints. Needs Tesseract with the Vietnamese model (``make ocr-deps``).
"""

from __future__ import annotations

import difflib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from apps.directives.ingest.ocr import PAGE_SECONDS, ocr_pdf, tesseract_available  # noqa: E402
from apps.directives.ingest.parser import parse_text  # noqa: E402
from apps.directives.ingest.scanmaker import scan_pdf  # noqa: E402

SAMPLE = ROOT / "apps" / "demo" / "data" / "chi-thi-34-lam-dong-2024.txt"
PAGES = 2


def main() -> int:
    if not tesseract_available():
        print("ocr: Tesseract with the Vietnamese model is not installed (make ocr-deps)")
        return 0
    truth = SAMPLE.read_text(encoding="utf-8")
    pdf = scan_pdf(truth, pages=PAGES)
    started = time.perf_counter()
    text = ocr_pdf(pdf, total_seconds=None, page_seconds=None)
    elapsed = time.perf_counter() - started
    a, b = " ".join(truth.split()), " ".join(text.split())
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    errors = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")
    draft = parse_text(text)
    fields_ok = (
        draft.number == "34"
        and draft.issued_date is not None
        and draft.issued_date.isoformat() == "2024-04-20"
        and (len(draft.dos), len(draft.donts)) == (3, 4)
        and "2024-05-31" in [d.date.isoformat() for d in draft.deadlines]
    )
    print(f"figure: ingest_ocr_pages {PAGES} count")
    print(f"figure: ingest_ocr_seconds_per_page {elapsed / PAGES:.2f} s")
    print(f"figure: ingest_ocr_page_limit {PAGE_SECONDS} s")
    print(f"figure: ingest_ocr_char_accuracy {1 - errors / len(a):.4f} ratio")
    print(f"figure: ingest_ocr_fields_ok {int(fields_ok)} bool")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
