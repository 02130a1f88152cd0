"""Extraction of a draft directive from Vietnamese text (plain Python, no Django).

The work is split by what it does:

* ``reading``   — Unicode, tone placement, legacy encodings, web-page chrome;
* ``structure`` — lines, list markers, headings, sentences (the ``_Base`` every reader shares);
* ``dates``     — Vietnamese date forms and deadline patterns;
* ``documents`` — the subject document versus the documents it cites (kind, number, symbol,
  issuer, issue date);
* ``lists``     — conduct criteria (dos and don'ts) in their written forms;
* ``tasks``     — key tasks from the tasks section;
* ``deadlines`` — deadlines resolved relative to the issue date;
* ``people``    — people and their positions;
* ``assemble``  — runs them all and fills ``DirectiveDraft``.

This module is the public face: ``parse_text`` and the names other code imports.
"""

from apps.directives.ingest.assemble import parse_text
from apps.directives.ingest.dates import parse_date
from apps.directives.ingest.draft import (
    MAX_TEXT_BYTES,
    NO_DIRECTIVE_WARNING,
    Deadline,
    DirectiveDraft,
    IngestError,
    Person,
)
from apps.directives.ingest.reading import (
    LEGACY_ENCODING_MESSAGE,
    MOJIBAKE_MESSAGE,
    check_unicode,
    looks_legacy,
    normalise_text,
    repair_mojibake,
)
from apps.directives.ingest.structure import SentenceSplitter, split_sentences

__all__ = [
    "LEGACY_ENCODING_MESSAGE",
    "MAX_TEXT_BYTES",
    "MOJIBAKE_MESSAGE",
    "NO_DIRECTIVE_WARNING",
    "Deadline",
    "DirectiveDraft",
    "IngestError",
    "Person",
    "SentenceSplitter",
    "check_unicode",
    "looks_legacy",
    "normalise_text",
    "parse_date",
    "parse_text",
    "repair_mojibake",
    "split_sentences",
]
