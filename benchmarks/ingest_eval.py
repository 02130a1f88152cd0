"""Evaluate the directive parser: ``python benchmarks/ingest_eval.py [tests/data/ingest]``.

Prints per-field precision, recall and F1 as ``figure:`` lines for the hand-written cases
(``ingest_<field>_f1``; the parser was built on them), then per-field F1 on the honest corpus
``tests/data/ingest_corpus``: its frozen test split (``ingest_test_<field>_f1``) and its
development split (``ingest_dev_<field>_f1``), then the time to parse about 100 KB of text built
by repeating the cases. ``-v`` also prints per-case misses (development split and cases only:
the test split is never inspected case by case).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.directives.ingest.evaluate import (  # noqa: E402
    FIELDS,
    Counts,
    evaluate,
    load_cases,
    load_corpus,
    score_case,
)
from apps.directives.ingest.parser import parse_text  # noqa: E402


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("-")]
    verbose = "-v" in argv
    directory = args[0] if args else "tests/data/ingest"
    cases = load_cases(directory)
    if not cases:
        print(f"no cases in {directory}", file=sys.stderr)
        return 1
    if verbose:
        for name, text, expected in cases:
            per: dict[str, Counts] = {}
            got = parse_text(text).to_json()
            score_case(got, expected, per)
            bad = {k: (v.fp, v.fn) for k, v in per.items() if v.fp or v.fn}
            if bad:
                print(f"case {name}: (fp, fn) {bad}")
                for k in bad:
                    if k == "dos_donts":
                        print("  got dos", got["dos"], "donts", got["donts"])
                        print("  exp dos", expected["dos"], "donts", expected["donts"])
                    elif k in got:
                        print(f"  got {k}: {got[k]}")
                        print(f"  exp {k}: {expected[k]}")
    totals = evaluate(cases)
    print(f"figure: ingest_cases {len(cases)} count")
    for name in FIELDS:
        c = totals[name]
        print(f"figure: ingest_{name}_precision {c.precision:.3f} ratio")
        print(f"figure: ingest_{name}_recall {c.recall:.3f} ratio")
        print(f"figure: ingest_{name}_f1 {c.f1:.3f} ratio")
    corpus = Path(__file__).resolve().parent.parent / "tests" / "data" / "ingest_corpus"
    for split in ("test", "dev"):
        texts = load_corpus(corpus / split)
        if not texts:
            continue
        if verbose and split == "dev":
            for name, text, expected in texts:
                per_text: dict[str, Counts] = {}
                got = parse_text(text).to_json()
                score_case(got, expected, per_text)
                bad = {k: (v.fp, v.fn) for k, v in per_text.items() if v.fp or v.fn}
                if bad:
                    print(f"dev {name}: (fp, fn) {bad}")
                    for k in bad:
                        keys = ("dos", "donts") if k == "dos_donts" else (k,)
                        for key in keys:
                            print(f"  got {key}: {got.get(key)}")
                            print(f"  exp {key}: {expected.get(key)}")
        split_totals = evaluate(texts)
        print(f"figure: ingest_{split}_texts {len(texts)} count")
        for name in FIELDS:
            c = split_totals[name]
            if c.tp + c.fp + c.fn == 0:
                continue
            print(f"figure: ingest_{split}_{name}_f1 {c.f1:.3f} ratio")
            print(f"figure: ingest_{split}_{name}_support {c.tp + c.fn} count")
    blob = ""
    while len(blob.encode("utf-8")) < 100_000:
        for _name, text, _exp in cases:
            blob += text + "\n\n"
    start = time.perf_counter()
    parse_text(blob)
    elapsed = time.perf_counter() - start
    print(f"figure: ingest_100kb_seconds {elapsed:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
