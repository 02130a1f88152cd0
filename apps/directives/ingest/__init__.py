"""Draft a directive from Vietnamese text, .docx or .pdf (plain Python, no Django)."""

from apps.directives.ingest.parser import DirectiveDraft, IngestError, parse_text
from apps.directives.ingest.readers import read_file

__all__ = ["DirectiveDraft", "IngestError", "parse_text", "read_file"]
