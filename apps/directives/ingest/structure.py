"""Structure of the text: lines, list markers, headings, sentences."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from apps.directives.ingest.draft import DirectiveDraft
from apps.directives.ingest.reading import _UPPER, L, _clean, _fix_tones

_ITEM_END = " \t\n.,;:!?…-–—*•+/"
_QUOTES = "\"'“”‘’«»"


def _strip_item(s: str) -> str:
    s = _clean(s)
    s = _LIST_MARKER_RE.sub("", s, count=1)
    s = s.strip(_ITEM_END)
    s = re.sub(r"^(?:và|hoặc)(?:\s+|$)", "", s)
    s = re.sub(r"[;,]?\s*(?:và|hoặc)$", "", s).strip(_ITEM_END)
    # drop quotes around the whole item or left unbalanced at an end
    while s and s[0] in _QUOTES and (s[-1] in _QUOTES or sum(s.count(q) for q in _QUOTES) % 2):
        s = s[1:-1] if s[-1] in _QUOTES else s[1:]
        s = s.strip(_ITEM_END)
    if s and s[-1] in _QUOTES and sum(s.count(q) for q in _QUOTES) % 2:
        s = s[:-1].strip(_ITEM_END)
    return s


_NUM_WORDS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
NUMW = r"(?:\d{1,2}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)"


def _num(s: str) -> int | None:
    s = s.lower()
    if s.isdigit():
        return int(s)
    return _NUM_WORDS.get(s)


_LIST_MARKER_RE = re.compile(
    r"^\s*(?:[-–—+•*▪●·○◦]+\s*|\(\d{1,2}\)\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s+|\(?[a-zđ][.)]\s+"
    r"|(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\s*[,:]\s*"
    r"|[Tt]hứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:]\s*)"
)


def _marker_style(line: str) -> str | None:
    s = line.lstrip()
    if re.match(r"[IVXLC]+\.\s", s):
        return "roman"
    if re.match(r"\d{1,2}\.\d{1,2}\.?\s", s):
        return "num2"
    if re.match(r"\d{1,2}[.)]\s", s):
        return "num"
    if re.match(r"\(\d{1,2}\)\s*", s):
        return "paren"
    if re.match(r"\(?[a-zđ][.)]\s", s):
        return "alpha"
    if re.match(r"[-–—]\s*", s):
        return "dash"
    if re.match(r"[+]\s*", s):
        return "plus"
    if re.match(r"[•*▪●·○◦]\s*", s):
        return "bullet"
    if re.match(r"(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\s*[,:]", s):
        return "ordinal"
    if re.match(r"[Tt]hứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:]", s):
        return "ordinal"
    return None


def _is_heading(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if re.match(r"[IVXLC]+\.\s", s) or re.match(r"[A-Z]\.\s", s):
        return True
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


# --------------------------------------------------------------------------- sentences

SentenceSplitter = Callable[[str], list[str]]

_ABBREV = {"tp", "đc", "đ/c", "ths", "ts", "pgs", "gs", "q", "p", "tt", "st", "ck", "v.v", "tx"}
_BOUNDARY_RE = re.compile(
    rf"[.!?…]+[\"”’»)\]]*(?:\s+(?=[{_UPPER}“\"'(\[\d-])|(?=[{_UPPER}]))"  # noqa: ISC001
)


def _split_line(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(line):
        punct_end = m.start() + len(m.group(0).rstrip())
        before = line[start : m.start()]
        word = re.findall(r"[\w/.]+$", before)
        last = word[0].lower() if word else ""
        if last in _ABBREV:
            continue
        if re.fullmatch(r"\s*(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]+|[a-zA-Z])", before):
            continue  # enumerator at the start of the line: "1. Tăng cường"
        if m.group(0).rstrip() == m.group(0) and not re.search(rf"{L}$", before):
            continue  # no space after the dot and no lowercase before: "TP.HCM", "5.2024"
        spans.append((start, punct_end))
        start = m.end()
    spans.append((start, len(line)))
    return spans


def split_sentences(text: str) -> list[str]:
    """Regex sentence splitter for one line (a paragraph)."""
    return [text[a:b] for a, b in _split_line(text) if text[a:b].strip()]


def _sentence_spans(text: str, splitter: SentenceSplitter | None) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            if splitter is None:
                local = _split_line(line)
            else:
                local = []
                cur = 0
                for sent in splitter(line):
                    sent = sent.strip()
                    if not sent:
                        continue
                    i = line.find(sent, cur)
                    if i < 0:
                        i = line.find(sent[:20], cur)
                        if i < 0:
                            continue
                    local.append((i, min(len(line), i + len(sent))))
                    cur = i + len(sent)
                if not local:
                    local = [(0, len(line))]
            for a, b in local:
                seg = line[a:b]
                if seg.strip():
                    lead = len(seg) - len(seg.lstrip())
                    _append_bounded(spans, pos + a + lead, pos + a + len(seg.rstrip()), line, pos)
        pos += len(line) + 1
    return spans


_WRAP_RE = re.compile(rf"(?<=[^\s.;:!?…])\n(?=(?!\(?[a-zđ][.)]\s){L})")


def _unwrap(text: str) -> str:
    """Hard-wrapped paragraphs joined for sentence spans: a line break inside a sentence (no
    closing punctuation before it, a lower-case word after it, not a list item "a)") becomes a
    space. The length is kept, so offsets are shared with the text."""
    return _WRAP_RE.sub(" ", text)


MAX_MATCHES = 300
"""Each pattern contributes at most this many matches: a real directive has far fewer deadlines,
lists or people; a hostile text cannot make the work or the draft grow without bound."""

MAX_ANALYSED_CHARS = 600_000
"""Only the first 600,000 characters are analysed (every real directive is far shorter); the
whole text is still kept as the directive's body."""

MAX_SENTENCE = 800
"""Longer "sentences" (a giant line without punctuation) are cut into pieces of at most this
many characters, at a space: every per-sentence look-up stays bounded, so parsing is linear."""


def _append_bounded(
    spans: list[tuple[int, int]], start: int, end: int, line: str, line_pos: int
) -> None:
    while end - start > MAX_SENTENCE:
        cut = line.rfind(" ", start - line_pos + MAX_SENTENCE // 2, start - line_pos + MAX_SENTENCE)
        cut = (cut + line_pos) if cut >= 0 else start + MAX_SENTENCE
        spans.append((start, cut))
        start = cut
        while start < end and line[start - line_pos] == " ":
            start += 1
    if start < end:
        spans.append((start, end))


class _Base:
    def __init__(self, text: str, splitter: SentenceSplitter | None) -> None:
        self.text = text
        self.norm = _fix_tones(text)  # same length: offsets are shared with ``text``
        self.spans = _sentence_spans(_unwrap(text), splitter)
        self._starts = [a for a, _ in self.spans]
        self.lines = text.split("\n")
        self.line_starts: list[int] = []
        pos = 0
        for line in self.lines:
            self.line_starts.append(pos)
            pos += len(line) + 1
        self._mentions: list[Any] | None = None
        self._mention_starts: list[int] = []
        self.deadlines_resolved_from_periods = False
        self.tasks_from_paragraphs = False
        self.criteria_uncounted = False
        self.draft = DirectiveDraft()
        self.draft.item_sources = {
            k: [] for k in ("dos", "donts", "key_tasks", "deadlines", "people")
        }

    # sentences ------------------------------------------------------------
    def sentence_span(self, pos: int) -> tuple[int, int]:

        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos <= self.spans[i][1]:
            return self.spans[i]
        # between sentences (e.g. inside a whitespace run): the enclosing line
        ls = self.text.rfind("\n", 0, pos) + 1
        le = self.text.find("\n", pos)
        return ls, (len(self.text) if le < 0 else le)

    def sentence(self, pos: int) -> str:
        a, b = self.sentence_span(pos)
        return _clean(self.text[a:b])
