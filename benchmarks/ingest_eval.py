"""Evaluate the directive parser.

``python benchmarks/ingest_eval.py [CASES_DIR] [--corpus DIR] [--split dev|test] [--no-crf] [-v]``

Prints per-field precision, recall and F1 as ``figure:`` lines for the hand-written cases
(``tests/data/ingest``; ``ingest_<field>_f1``; the parser was built on them), then per-field F1 on
the honest corpus: its frozen test split (``ingest_test_<field>_f1``) and its development split
(``ingest_dev_<field>_f1``), then the time to parse about 100 KB of text built by repeating the
cases. ``-v`` also prints per-case misses (development split and cases only: the test split is
never inspected case by case). ``--split dev`` scores the development split alone (for tuning
rules, so the test split is not looked at every run).

Beside the parser, a learned alternative is scored on the same splits when python-crfsuite is
installed (``benchmarks/ingest_crf.py``: CRFs trained on the development split;
``ingest_<split>_crf_<field>_f1``; development figures are 4-fold cross-validated). ``--no-crf``
skips it.

The corpus texts are excerpts of third-party web pages and cannot be redistributed, so they are
not in the repository (see ``docs/ingest-corpus.md`` for how to rebuild a local copy). The corpus
directory (with ``dev/`` and ``test/``) is taken from ``--corpus DIR``, else the environment
variable ``INGEST_CORPUS``, else ``var/ingest_corpus`` (git-ignored). When it is absent the
corpus figures are skipped with a message and the case figures are still printed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from apps.directives.ingest.evaluate import (  # noqa: E402
    FIELDS,
    Counts,
    corpus_directory,
    evaluate,
    load_cases,
    load_corpus,
    score_case,
)
from apps.directives.ingest.parser import parse_text  # noqa: E402


def _parse_args(argv: list[str]) -> tuple[str, str | None, bool, tuple[str, ...], bool]:
    directory = "tests/data/ingest"
    corpus: str | None = None
    verbose = False
    splits: tuple[str, ...] = ("test", "dev")
    crf = True
    it = iter(argv)
    for arg in it:
        if arg == "-v":
            verbose = True
        elif arg == "--no-crf":
            crf = False
        elif arg.startswith("--split"):
            value = arg.split("=", 1)[1] if "=" in arg else next(it, "")
            if value not in ("dev", "test"):
                raise SystemExit("--split takes dev or test")
            splits = (value,)
        elif arg == "--corpus":
            corpus = next(it, None)
            if corpus is None:
                raise SystemExit("--corpus needs a directory")
        elif arg.startswith("--corpus="):
            corpus = arg.split("=", 1)[1]
        elif not arg.startswith("-"):
            directory = arg
    return directory, corpus, verbose, splits, crf


def _print_misses(label: str, name: str, got: dict, expected: dict) -> None:
    per: dict[str, Counts] = {}
    score_case(got, expected, per)
    bad = {k: (v.fp, v.fn) for k, v in per.items() if v.fp or v.fn}
    if not bad:
        return
    print(f"{label} {name}: (fp, fn) {bad}")
    for k in bad:
        keys = ("dos", "donts") if k == "dos_donts" else (k,)
        for key in keys:
            print(f"  got {key}: {got.get(key)}")
            print(f"  exp {key}: {expected.get(key)}")


def _print_split(split: str, technique: str, totals: dict[str, Counts], n: int) -> None:
    if not technique:
        print(f"figure: ingest_{split}_texts {n} count")
    for name in FIELDS:
        c = totals.get(name)
        if c is None or c.tp + c.fp + c.fn == 0:
            continue
        print(f"figure: ingest_{split}_{technique}{name}_f1 {c.f1:.3f} ratio")
        if not technique:
            print(f"figure: ingest_{split}_{name}_support {c.tp + c.fn} count")


def _print_crf(loaded: dict[str, list], splits: tuple[str, ...]) -> None:
    import ingest_crf

    if not ingest_crf.available():
        print("crf: python-crfsuite is not installed; comparison skipped", file=sys.stderr)
        return
    if not loaded["dev"]:
        return
    for split in splits:
        if split == "dev":
            totals = ingest_crf.cross_validate(loaded["dev"])
        elif loaded["test"]:
            totals = ingest_crf.evaluate_split(loaded["dev"], loaded["test"])
        else:
            continue
        shown = {k: v for k, v in totals.items() if k in ingest_crf.FIELDS}
        _print_split(split, "crf_", shown, len(loaded[split]))


def main(argv: list[str]) -> int:
    directory, corpus_arg, verbose, splits, crf = _parse_args(argv)
    cases = load_cases(directory)
    if not cases:
        print(f"no cases in {directory}", file=sys.stderr)
        return 1
    if verbose:
        for name, text, expected in cases:
            _print_misses("case", name, parse_text(text).to_json(), expected)
    totals = evaluate(cases)
    print(f"figure: ingest_cases {len(cases)} count")
    for name in FIELDS:
        c = totals[name]
        print(f"figure: ingest_{name}_precision {c.precision:.3f} ratio")
        print(f"figure: ingest_{name}_recall {c.recall:.3f} ratio")
        print(f"figure: ingest_{name}_f1 {c.f1:.3f} ratio")
    corpus = corpus_directory(corpus_arg, base=ROOT)
    if corpus is None:
        where = corpus_arg or os.environ.get("INGEST_CORPUS") or "var/ingest_corpus"
        print(
            f"corpus: absent ({where} has no dev/ or test/ split); corpus figures skipped. "
            "The texts cannot be redistributed: see docs/ingest-corpus.md to rebuild a local "
            "copy, then pass --corpus DIR or set INGEST_CORPUS.",
            file=sys.stderr,
        )
    else:
        print(f"corpus: {corpus}", file=sys.stderr)
        loaded = {split: load_corpus(corpus / split) for split in ("dev", "test")}
        for split in splits:
            texts = loaded[split]
            if not texts:
                print(f"corpus: no labelled texts in {corpus / split}", file=sys.stderr)
                continue
            if verbose and split == "dev":
                for name, text, expected in texts:
                    _print_misses("dev", name, parse_text(text).to_json(), expected)
            _print_split(split, "", evaluate(texts), len(texts))
        if crf:
            _print_crf(loaded, splits)
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
