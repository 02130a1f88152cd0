"""Score the directive parser against hand-written expected drafts (plain Python).

A case is ``NN.txt`` with ``NN.expected.json`` (same keys as ``DirectiveDraft.to_json``).
Scalars: a true positive when equal, a false positive when predicted non-null and wrong,
a false negative when expected non-null and predicted wrong or null; numbers compare without
leading zeros. Lists: one-to-one matching of normalised items (dos and donts together, keyed by
polarity; deadlines by date; people by name); a text item matches when one is a prefix of the
other (the shorter at least 8 characters) or their first 40 characters agree. A field absent from
the expected JSON is not scored for that text.

The honest corpus (``<corpus>/{dev,test}``) stores ``<id>.txt`` with ``<id>.json``. Its texts
cannot be redistributed, so it lives outside the repository (``--corpus DIR``, ``INGEST_CORPUS``
or the git-ignored ``var/ingest_corpus``); ``docs/ingest-corpus.md`` gives the labelling rules,
the sources and how to rebuild a local copy.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apps.directives.ingest.parser import parse_text

SCALAR_FIELDS = ("kind", "number", "symbol", "issuer", "issued_date")
LIST_FIELDS = ("dos_donts", "key_tasks", "deadlines", "people")
FIELDS = SCALAR_FIELDS + LIST_FIELDS

_END_CHARS = " \t\n.,;:!?…\"'“”‘’«»()[]-–—*•+"


def normalise(value: Any) -> str:
    s = unicodedata.normalize("NFC", str(value))
    s = re.sub(r"\s+", " ", s).strip(_END_CHARS)
    return s.casefold()


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _items(draft: dict[str, Any], name: str) -> list[str]:
    if name == "dos_donts":
        return [f"do:{normalise(x)}" for x in draft.get("dos") or []] + [
            f"dont:{normalise(x)}" for x in draft.get("donts") or []
        ]
    if name == "deadlines":
        return [normalise(x["date"]) for x in draft.get("deadlines") or []]
    if name == "people":
        return [normalise(x["name"]) for x in draft.get("people") or []]
    return [normalise(x) for x in draft.get(name) or []]


def _scalar(name: str, value: Any) -> str:
    s = normalise(value)
    return s.lstrip("0") or s if name == "number" else s


def items_match(a: str, b: str) -> bool:
    """Normalised list items match: equal, one a prefix of the other, or same first 40 chars."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 8 and long_.startswith(short):
        return True
    return len(short) >= 40 and a[:40] == b[:40]


def _matched(pred: list[str], exp: list[str], fuzzy: bool) -> int:
    if not fuzzy:
        return sum((Counter(pred) & Counter(exp)).values())
    free = list(pred)
    tp = 0
    for e in exp:
        for i, p in enumerate(free):
            if items_match(p, e):
                tp += 1
                del free[i]
                break
    return tp


def score_case(
    predicted: dict[str, Any], expected: dict[str, Any], totals: dict[str, Counts]
) -> None:
    """Add one case's counts to ``totals`` (field name -> Counts)."""
    for name in SCALAR_FIELDS:
        if name not in expected:
            continue
        c = totals.setdefault(name, Counts())
        p, e = predicted.get(name), expected.get(name)
        if e is not None and p is not None and _scalar(name, p) == _scalar(name, e):
            c.tp += 1
            continue
        if p is not None:
            c.fp += 1
        if e is not None:
            c.fn += 1
    for name in LIST_FIELDS:
        keys = ("dos", "donts") if name == "dos_donts" else (name,)
        if not any(k in expected for k in keys):
            continue
        c = totals.setdefault(name, Counts())
        pred, exp = _items(predicted, name), _items(expected, name)
        tp = _matched(pred, exp, fuzzy=name in ("dos_donts", "key_tasks"))
        c.tp += tp
        c.fp += len(pred) - tp
        c.fn += len(exp) - tp


def load_cases(directory: str | Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(case name, text, expected) for every ``NN.txt`` that has ``NN.expected.json``."""
    out = []
    for txt in sorted(Path(directory).glob("*.txt")):
        exp = txt.with_name(txt.stem + ".expected.json")
        if exp.exists():
            out.append(
                (
                    txt.stem,
                    txt.read_text(encoding="utf-8-sig"),
                    json.loads(exp.read_text(encoding="utf-8")),
                )
            )
    return out


DEFAULT_CORPUS = "var/ingest_corpus"


def corpus_directory(explicit: str | None = None, *, base: Path | None = None) -> Path | None:
    """The local corpus directory, or None when absent.

    ``explicit`` (``--corpus DIR``) wins, then the ``INGEST_CORPUS`` environment variable, then
    ``var/ingest_corpus``; relative paths are taken from ``base`` (the repository root). A
    directory counts as a corpus only when it has a ``dev/`` or ``test/`` split.
    """
    raw = explicit or os.environ.get("INGEST_CORPUS") or DEFAULT_CORPUS
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = (base or Path(__file__).resolve().parents[3]) / path
    if (path / "dev").is_dir() or (path / "test").is_dir():
        return path
    return None


def load_corpus(directory: str | Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(id, text, labels) for every ``<id>.txt`` with ``<id>.json`` in a corpus split."""
    out = []
    for txt in sorted(Path(directory).glob("*.txt")):
        lab = txt.with_suffix(".json")
        if lab.exists():
            labels = json.loads(lab.read_text(encoding="utf-8"))
            labels.pop("source", None)
            out.append((txt.stem, txt.read_text(encoding="utf-8"), labels))
    return out


def evaluate(
    cases: Iterable[tuple[str, str, dict[str, Any]]],
    parse: Callable[[str], Any] = parse_text,
) -> dict[str, Counts]:
    totals: dict[str, Counts] = {name: Counts() for name in FIELDS}
    for _name, text, expected in cases:
        score_case(parse(text).to_json(), expected, totals)
    return totals


def evaluate_dir(
    directory: str | Path, parse: Callable[[str], Any] = parse_text
) -> dict[str, Counts]:
    return evaluate(load_cases(directory), parse)
