"""Assembling the draft: runs every reader over the text and fills DirectiveDraft."""

from __future__ import annotations

import re
from typing import Any

from apps.directives.ingest.conduct import ConductMixin
from apps.directives.ingest.deadlines import DeadlinesMixin
from apps.directives.ingest.documents import KINDS, DocumentsMixin, _fix_symbol_case
from apps.directives.ingest.draft import (
    MAX_TEXT_BYTES,
    NO_DIRECTIVE_WARNING,
    DirectiveDraft,
    IngestError,
)
from apps.directives.ingest.people import PeopleMixin
from apps.directives.ingest.reading import check_unicode, normalise_text, remove_chrome
from apps.directives.ingest.structure import MAX_ANALYSED_CHARS, SentenceSplitter
from apps.directives.ingest.tasks import ProseTasksMixin

_KIND_WORDS = r"chỉ\s+thị|nghị\s+quyết|kết\s+luận|quy\s+định|kế\s+hoạch|hướng\s+dẫn|quyết\s+định"
_LOWER_VI = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"


class _Parser(DocumentsMixin, ConductMixin, ProseTasksMixin, DeadlinesMixin, PeopleMixin):
    # all ------------------------------------------------------------
    def run(self) -> DirectiveDraft:
        d = self.draft
        doc = self.find_document()
        if doc is not None:
            d.kind = doc.kind or None
            d.number = doc.num
            d.symbol = f"{doc.num}{_fix_symbol_case(doc.sym)}" if doc.sym else None
            src = self.sentence(doc.start)
            d.sources.update({"kind": src, "number": src})
            if d.symbol:
                d.sources["symbol"] = src
            iss = self.find_issuer(doc)
            if iss:
                d.issuer = iss[0]
                d.sources["issuer"] = self.sentence(iss[1])
            dt = self.find_issued_date(doc)
            if dt:
                d.issued_date = dt[0]
                d.sources["issued_date"] = self.sentence(dt[1])
        if doc is None and (kind := self.title_kind()):
            d.kind = kind  # "Kế hoạch triển khai …" as the title: a plan without a number
            d.sources["kind"] = self.sentence(0)
        self.find_criteria()
        self.find_conduct()
        self.find_key_tasks()
        self.find_prose_tasks()
        self.find_deadlines(d.issued_date.year if d.issued_date else None)
        self.find_people()
        if not d.found:
            d.warnings.append(NO_DIRECTIVE_WARNING)
        d.unsure = self.unsure_fields(doc)
        return d

    def title_kind(self) -> str | None:
        """Kind named by a title line that opens the text ("Kế hoạch triển khai …")."""
        first = next((ln for ln in self.lines[:5] if ln.strip()), "")
        m = re.match(rf"\s*({_KIND_WORDS})\s+(?=[a-zđ{_LOWER_VI}])", self.norm[: len(first)], re.I)
        if not m or re.search(r"\d", first[: m.end() + 12]) or first.rstrip().endswith("."):
            return None
        word = re.sub(r"\s+", " ", m.group(1).lower())
        return KINDS.get(word)

    def unsure_fields(self, doc: Any) -> list[str]:
        """Form fields whose value came from a weak clue (the review page marks them)."""
        d = self.draft
        out: list[str] = []
        if doc is not None and not doc.header:
            others = {(m.kind, int(m.num)) for m in self.mentions()} - {(doc.kind, int(doc.num))}
            if others:  # other documents are mentioned: the subject may be one of them
                out += ["kind", "number"] + (["symbol"] if d.symbol else [])
            if d.issuer:
                out.append("issuer_name")
            if d.issued_date:
                out.append("issued_on")
        if self.deadlines_resolved_from_periods:
            out.append("deadlines")
        if d.key_tasks and self.tasks_from_paragraphs:
            out.append("key_tasks")
        if (d.dos or d.donts) and self.criteria_uncounted:
            out += [f for f in ("dos", "donts") if getattr(d, f)]
        return out


def parse_text(text: str, *, sentence_splitter: SentenceSplitter | None = None) -> DirectiveDraft:
    """Extract a draft directive from Vietnamese text.

    Raises IngestError for empty or oversized text and for text in a legacy Vietnamese
    encoding; a text with no directive gives an empty draft with ``warnings`` set.
    ``sentence_splitter`` (one paragraph in, sentences out) replaces the regex splitter;
    it exists to measure alternatives.
    """
    if text is None or not text.strip():
        raise IngestError("Văn bản trống, không có nội dung để phân tích.")
    if len(text) > MAX_TEXT_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
        raise IngestError("Văn bản quá lớn (trên 5 MB), hãy tách nhỏ văn bản rồi thử lại.")
    text = remove_chrome(check_unicode(normalise_text(text)))
    truncated = len(text) > MAX_ANALYSED_CHARS
    if truncated:
        cut = text.rfind("\n", 0, MAX_ANALYSED_CHARS)
        text = text[: cut if cut > MAX_ANALYSED_CHARS // 2 else MAX_ANALYSED_CHARS]
    draft = _Parser(text, sentence_splitter).run()
    if truncated:
        draft.warnings.append(TRUNCATED_WARNING)
    return draft


TRUNCATED_WARNING = (
    "Văn bản rất dài: chỉ phân tích 600.000 ký tự đầu; toàn văn vẫn được giữ nguyên."
)
