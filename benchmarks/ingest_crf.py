"""A learned alternative to the rule parser, for the comparison issue 14 asks for.

Three small linear-chain CRFs (python-crfsuite), trained on the corpus's development split:

* **lines** — every non-blank line of a text is tagged ``DO``, ``DONT``, ``TASK`` or ``O``
  (features: its first words after the list marker, its marker style, its punctuation, whether
  it is a heading, the neighbouring lines' first words and endings). A tagged line gives one item:
  its text without the marker, cut at the first ";". Gold tags come from the labels: a line is
  tagged with the field of a labelled item it starts with (the scorer's matching rule).
* **documents** — the document mentions the parser's tokeniser finds ("Chỉ thị số 16-CT/TW", the
  header's "Số: …") form a sequence tagged ``S`` (the subject) or ``O``, with the words before the
  mention, the opening of its sentence and paragraph, its position and whether it carries a
  symbol. The mention with the highest marginal for ``S`` (when above 0.5) gives kind, number and
  symbol; its issue date is the date written with it (the parser's reader).
* **deadlines** — every full date in the text ("20/7/2020", "ngày 5 tháng 3 năm 2021") is
  tagged ``D`` (a deadline) or ``O`` from the words before it and its sentence's words.

It shares the tokenising (mentions, dates, sentences) with the parser, so the comparison is about
the decisions: learned weights against written rules. The development figures are 4-fold
cross-validated (each text is predicted by a model that did not see it); the test figures come
from a model trained on the whole development split.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from apps.directives.ingest.assemble import _Parser
from apps.directives.ingest.dates import _DATE_RE, _date_from
from apps.directives.ingest.documents import _HEADER_NUM_RE, _Mention, _sym_text
from apps.directives.ingest.evaluate import Counts, items_match, normalise, score_case
from apps.directives.ingest.reading import check_unicode, normalise_text, remove_chrome
from apps.directives.ingest.structure import _is_heading, _marker_style, _strip_item

Text = tuple[str, str, dict[str, Any]]
Features = list[str]

FIELDS = ("kind", "number", "symbol", "issued_date", "dos_donts", "key_tasks", "deadlines")


def available() -> bool:
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        return False
    return True


def _parser(text: str) -> _Parser:
    return _Parser(remove_chrome(check_unicode(normalise_text(text))), None)


def _words(s: str, n: int) -> list[str]:
    return re.findall(r"\w+", s.lower())[:n]


def _last_words(s: str, n: int) -> list[str]:
    return re.findall(r"\w+", s.lower())[-n:]


# --------------------------------------------------------------------------- clauses

_CLAUSE_SPLIT_RE = re.compile(
    r";|(?<=[.!?…”\"])\s+(?=[“\"]?[A-ZĐ])|,\s+(?=(?:tuyệt\s+đối\s+không|không\s+được|nghiêm\s+cấm"
    r"|không)\s)"
)


_QUOTES = "“\"'"


def _clauses(lines: list[str]) -> list[tuple[str, str, int]]:
    """(clause, its line, index of the clause in the line) for every non-blank line."""
    out = []
    for line in lines:
        if not line.strip():
            continue
        parts = [x for x in _CLAUSE_SPLIT_RE.split(line[:3000]) if x and x.strip()]
        for k, part in enumerate(parts[:40]):
            out.append((part, line, k))
    return out[:600]


def _clause_features(cl: list[tuple[str, str, int]], i: int) -> Features:
    part, line, k = cl[i]
    body = _strip_item(part)
    w = _words(body, 3)
    f = [
        "bias",
        f"k={min(k, 3)}",
        f"marker={_marker_style(line) if k == 0 else 'inner'}",
        f"line_end={line.strip()[-1:]}",
        f"heading={_is_heading(line)}",
        f"len={min(len(body) // 40, 6)}",
        f"quoted={part.strip()[:1] in _QUOTES}",
    ]
    f += [f"w{j}={x}" for j, x in enumerate(w)]
    if len(w) >= 2:
        f.append(f"w01={w[0]}_{w[1]}")
    low = body.lower()
    for cue in ("không", "nghiêm cấm", "tuyệt đối", "phải", "yêu cầu", "nhiệm vụ", "như sau"):
        if cue in low:
            f.append(f"has={cue}")
    for d, name in ((-1, "prev"), (1, "next")):
        j = i + d
        if 0 <= j < len(cl):
            f += [f"{name}_w{m}={x}" for m, x in enumerate(_words(_strip_item(cl[j][0]), 2))]
            f.append(f"{name}_sameline={cl[j][1] is line}")
            if cl[j][1] is not line:
                f.append(f"{name}_line_end={cl[j][1].strip()[-1:]}")
        else:
            f.append(f"{name}=none")
    return f


def _item_of(part: str) -> str:
    return _strip_item(part).rstrip(".…").strip()


def _clause_tags(cl: list[tuple[str, str, int]], labels: dict[str, Any]) -> list[str]:
    gold = [("DO", x) for x in labels.get("dos") or []]
    gold += [("DONT", x) for x in labels.get("donts") or []]
    gold += [("TASK", x) for x in labels.get("key_tasks") or []]
    tags = []
    for part, _, _ in cl:
        item = normalise(_item_of(part))
        tag = "O"
        for t, g in gold:
            if items_match(item, normalise(g)):
                tag = t
                break
        tags.append(tag)
    return tags


# --------------------------------------------------------------------------- documents


def _candidates(p: _Parser) -> list[_Mention]:
    out = list(p.mentions())
    hm = _HEADER_NUM_RE.search(p.norm[:2500])
    if hm:
        out.append(
            _Mention(
                p.heading_kind or "",
                hm.group("num"),
                _sym_text(hm.group("sym")),
                hm.start(),
                hm.end(),
                header=True,
            )
        )
    out.sort(key=lambda m: m.start)
    return out[:60]


def _mention_features(p: _Parser, ms: list[_Mention], i: int) -> Features:
    m = ms[i]
    sa, _ = p.sentence_span(m.start)
    ls = p.norm.rfind("\n", 0, m.start) + 1
    before = p.norm[max(0, m.start - 40) : m.start]
    same = sum(1 for o in ms if (o.kind, int(o.num)) == (m.kind, int(m.num)))
    f = [
        "bias",
        f"kind={m.kind or 'other'}",
        f"sym={bool(m.sym)}",
        f"header={m.header}",
        f"first={i == 0}",
        f"pos={min(i, 4)}",
        f"repeats={min(same, 3)}",
        f"line={min(p.norm.count(chr(10), 0, m.start), 3)}",
    ]
    f += [f"b{k}={x}" for k, x in enumerate(_last_words(before, 3))]
    f += [f"s{k}={x}" for k, x in enumerate(_words(p.norm[sa : m.start], 2))]
    f += [f"p{k}={x}" for k, x in enumerate(_words(p.norm[ls : m.start], 2))]
    return f


def _mention_tags(ms: list[_Mention], labels: dict[str, Any]) -> list[str]:
    num = labels.get("number")
    if not num:
        return ["O"] * len(ms)
    return ["S" if int(m.num) == int(re.sub(r"\D", "", num) or -1) else "O" for m in ms]


# --------------------------------------------------------------------------- deadlines


def _dates(p: _Parser) -> list[tuple[int, str]]:
    out = []
    for m in _DATE_RE.finditer(p.norm):
        d = _date_from(m)
        if d:
            out.append((m.start(), d.isoformat()))
    return out[:80]


def _date_features(p: _Parser, dates: list[tuple[int, str]], i: int) -> Features:
    pos = dates[i][0]
    sa, sb = p.sentence_span(pos)
    f = ["bias", f"pos={min(i, 4)}"]
    f += [f"b{k}={x}" for k, x in enumerate(_last_words(p.norm[max(0, pos - 30) : pos], 3))]
    f += [f"s={x}" for x in set(_words(p.norm[sa:sb], 60))]
    return f


# --------------------------------------------------------------------------- train / predict


def _sequences(text: str, labels: dict[str, Any] | None) -> dict[str, tuple[Any, list, list]]:
    p = _parser(text)
    p.find_document()  # sets the header kind
    cl = _clauses(p.lines)
    ms = _candidates(p)
    dates = _dates(p)
    gold_dates = {x["date"] for x in (labels or {}).get("deadlines") or []}
    return {
        "clauses": (
            cl,
            [_clause_features(cl, i) for i in range(len(cl))],
            _clause_tags(cl, labels) if labels else [],
        ),
        "mentions": (
            (p, ms),
            [_mention_features(p, ms, i) for i in range(len(ms))],
            _mention_tags(ms, labels) if labels else [],
        ),
        "dates": (
            dates,
            [_date_features(p, dates, i) for i in range(len(dates))],
            ["D" if d in gold_dates else "O" for _, d in dates] if labels else [],
        ),
    }


class CrfParser:
    """Three CRFs trained on labelled texts; ``predict`` gives a draft dict for the scorer."""

    def __init__(self, train: Iterable[Text]) -> None:
        import pycrfsuite

        self._dir = tempfile.TemporaryDirectory(prefix="ingest-crf-")
        self.models: dict[str, Any] = {}
        seqs = [_sequences(text, labels) for _, text, labels in train]
        for name in ("clauses", "mentions", "dates"):
            trainer = pycrfsuite.Trainer(verbose=False)
            for s in seqs:
                _, xs, ys = s[name]
                if xs:
                    trainer.append(xs, ys)
            trainer.set_params({"c1": 0.1, "c2": 0.05, "max_iterations": 150})
            path = str(Path(self._dir.name) / f"{name}.crfsuite")
            trainer.train(path)
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            self.models[name] = tagger

    def predict(self, text: str) -> dict[str, Any]:
        s = _sequences(text, None)
        out: dict[str, Any] = {"dos": [], "donts": [], "key_tasks": [], "deadlines": []}
        cl, xs, _ = s["clauses"]
        if xs:
            for (part, _, _), tag in zip(cl, self.models["clauses"].tag(xs), strict=True):
                item = _item_of(part)
                if tag != "O" and item:
                    key = {"DO": "dos", "DONT": "donts", "TASK": "key_tasks"}[tag]
                    out[key].append(item)
        (p, ms), xs, _ = s["mentions"]
        out.update(kind=None, number=None, symbol=None, issued_date=None)
        if xs:
            tagger = self.models["mentions"]
            tagger.set(xs)
            probs = [tagger.marginal("S", i) for i in range(len(ms))]
            best = max(range(len(ms)), key=lambda i: probs[i])
            if probs[best] > 0.5:
                m = ms[best]
                out["kind"] = m.kind or None
                out["number"] = m.num
                sym = m.sym or next(
                    (o.sym for o in ms if o.sym and (o.kind, o.num) == (m.kind, m.num)), None
                )
                out["symbol"] = f"{m.num}{sym}" if sym else None
                d = p.mention_date(m, full=True)
                if d is None and m.header:
                    d = p.find_issued_date(m)
                    d = d[0] if d else None
                out["issued_date"] = d.isoformat() if d else None
        dates, xs, _ = s["dates"]
        if xs:
            seen = set()
            for (_, d), tag in zip(dates, self.models["dates"].tag(xs), strict=True):
                if tag == "D" and d not in seen:
                    seen.add(d)
                    out["deadlines"].append({"date": d, "text": ""})
        return out


def _score(model: CrfParser, texts: list[Text], totals: dict[str, Counts]) -> None:
    for _, text, labels in texts:
        score_case(model.predict(text), labels, totals)


def evaluate_split(train: list[Text], test: list[Text]) -> dict[str, Counts]:
    totals: dict[str, Counts] = {}
    _score(CrfParser(train), test, totals)
    return totals


def cross_validate(texts: list[Text], folds: int = 4) -> dict[str, Counts]:
    totals: dict[str, Counts] = {}
    for k in range(folds):
        held = [t for i, t in enumerate(texts) if i % folds == k]
        rest = [t for i, t in enumerate(texts) if i % folds != k]
        _score(CrfParser(rest), held, totals)
    return totals
