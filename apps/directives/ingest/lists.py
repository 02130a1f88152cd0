"""Lists: conduct criteria (dos and don'ts) written inline, as lines or as quoted rules."""

from __future__ import annotations

import bisect
import re
from itertools import islice

from apps.directives.ingest.dates import _CRIT_HEAD_RE
from apps.directives.ingest.reading import _clean
from apps.directives.ingest.structure import (
    MAX_MATCHES,
    NUMW,
    _Base,
    _is_heading,
    _marker_style,
    _num,
    _strip_item,
)


def _split_inline(body: str, n: int | None) -> list[str]:
    body = body.strip()
    enum = re.split(r"(?:^|\s|;)(?:\(\d{1,2}\)|\d{1,2}\)|[a-zđ]\))\s+", body)
    if len([e for e in enum if e.strip(" ;,.")]) >= 2 and len(enum) >= 3:
        parts = enum
    else:
        parts = re.split(r";", body)
        if n and len([p for p in parts if p.strip(" .")]) != n:
            commas = re.split(r",", body)
            if len([c for c in commas if c.strip(" .")]) == n:
                parts = commas
    items = [_strip_item(p) for p in parts]
    items = [it for it in items if it]
    if n and len(items) > n:
        items = items[:n]
    return items


class ListsMixin(_Base):
    # conduct criteria ------------------------------------------------------------
    _CRIT_RE = re.compile(
        rf"(?<!\w)[\"“]?(?P<n>{NUMW}|(?:những|các))\s+(?P<head>"
        r"điều\s+cần\s+tránh|điều\s+không\s+được(?:\s+làm)?|điều\s+không\s+nên(?:\s+làm)?"
        r"|điều\s+cấm|điều\s+nghiêm\s+cấm|việc\s+cần\s+tránh|việc\s+không\s+được\s+làm|không|tránh"
        r"|điều\s+(?:cần|nên|phải)\s+làm|việc\s+(?:cần|nên|phải)\s+làm|tiên\s+phong|gương\s+mẫu|dám|xin|luôn"
        r")[\"”]?(?P<intro>(?:[^.;:\n\d\"“”]{0,80}?[\s,])??\s*(?:,\s*)?(?:đó\s+)?"
        r"(?:là|gồm(?:\s+có)?|bao\s+gồm|cụ\s+thể(?:\s+là)?|như\s+sau)(?=[\s:,])\s*:?|\s*:)",
        re.IGNORECASE,
    )
    _DONT_HEADS = ("tránh", "không", "cấm", "chống")

    def find_criteria(self) -> None:
        d = self.draft
        seen: set[tuple[str, str]] = set()
        heads = list(islice(self._CRIT_RE.finditer(self.norm), MAX_MATCHES))
        starts = [m.start() for m in heads]
        for m in heads:
            head = re.sub(r"\s+", " ", m.group("head").lower())
            n = _num(m.group("n"))
            word_n = m.group("n").lower()
            short_heads = ("không", "dám", "tránh", "xin", "luôn", "tiên phong", "gương mẫu")
            if head in short_heads and not word_n.isdigit():
                continue
            polarity = "donts" if any(w in head for w in self._DONT_HEADS) else "dos"
            k = bisect.bisect_right(starts, m.start())
            nxt = starts[k] if k < len(starts) else None
            items = self.list_after(m.end(), n, stop=nxt)
            if any(_CRIT_HEAD_RE.match(it) for it, _ in items):
                continue  # "“3 điều cần làm”, “4 điều cần tránh”, cụ thể:" introduces sub-lists
            if items and (n is None or len(items) != n):
                self.criteria_uncounted = True
            src = self.sentence(m.start())
            for item, item_src in items:
                key = (polarity, item.lower())
                if not item or key in seen:
                    continue
                seen.add(key)
                getattr(d, polarity).append(item)
                d.item_sources[polarity].append(item_src or src)

    def list_after(self, pos: int, n: int | None, stop: int | None = None) -> list[tuple[str, str]]:
        """Items of the list that starts at ``pos``: inline ("a; b; c") or as lines."""
        line_end = self.text.find("\n", pos)
        line_end = len(self.text) if line_end < 0 else line_end
        if stop is not None and stop < line_end:
            line_end = stop
        rest = self.text[pos:line_end]
        if rest.strip(" :") and len(rest.strip()) > 3:
            _, sb = self.sentence_span(pos)
            body = self.text[pos : min(max(sb, pos), line_end)]
            # a list that runs over several sentences of the line: "là: a. b. c."
            items = _split_inline(body, n)
            if n and len(items) < n and "\n" not in body:
                items2 = _split_inline(rest, n)
                if len(items2) == n:
                    items = items2
            src = self.sentence(pos)
            return [(it, src) for it in items]
        # block list on the following lines
        out: list[tuple[str, str]] = []
        li = self.text.count("\n", 0, pos) + 1
        style: str | None = None
        while li < len(self.lines) and (n is None or len(out) < n):
            line = self.lines[li]
            if not line.strip():
                li += 1
                if out and n is None and style is None:
                    break
                continue
            st = _marker_style(line)
            if style is None:
                style = st
                if st is None and n is None:
                    break
            elif st != style:
                if st in ("roman",) or _is_heading(line) or (st is None and n is None):
                    break
                if st is None and not out:
                    break
                li += 1
                continue
            if st == "roman" or (style is None and _is_heading(line)):
                break
            item = _strip_item(line)
            if item:
                out.append((item, _clean(line)))
            li += 1
        return out
