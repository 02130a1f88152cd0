"""Downloads: one way to name and send a file.

The name a person gets is built from what they know (the document, the unit, the period), never
from the storage path: Django's storage adds a random suffix ("_a1B2c3D") when two uploads share a
name, and that suffix meant nothing to anyone. Names are plain ASCII slugs with the Vietnamese
letters folded ("Đảng bộ xã" → "dang-bo-xa") so that every mail client and file system keeps them,
and the header also carries the exact name (RFC 6266 `filename*`) through Django's
`content_disposition_header`.
"""

import re
from pathlib import PurePosixPath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from apps.common.text import strip_diacritics

# What django.core.files.storage.Storage.get_alternative_name appends: "_" and 7 letters or digits.
_STORAGE_SUFFIX = re.compile(r"_[A-Za-z0-9]{7}$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, *, fallback: str = "tep") -> str:
    """ "Báo cáo quý IV/2026 — Đảng bộ xã An Bình" → "bao-cao-quy-iv-2026-dang-bo-xa-an-binh"."""
    folded = strip_diacritics(text).lower()
    return _NOT_SLUG.sub("-", folded).strip("-")[:120].strip("-") or fallback


def download_name(*parts: str, extension: str) -> str:
    """A file name from its parts ("bien-ban", session title, unit) and an extension ("docx")."""
    stem = "-".join(s for s in (slug(p, fallback="") for p in parts if p) if s) or "tep"
    return f"{stem[:150].strip('-')}.{extension.lstrip('.').lower()}"


def stored_file_name(field_file: FieldFile, *, label: str = "") -> str:
    """The name for a stored upload: `label` (e.g. the evidence's title) if given, else the
    uploaded name without its folders and without the storage's clash suffix."""
    path = PurePosixPath(field_file.name or "")
    extension = path.suffix.lstrip(".") or "bin"
    stem = label or _STORAGE_SUFFIX.sub("", path.stem)
    return download_name(stem, extension=extension)


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A generated document (xlsx, docx, pdf, ics) sent as a download named `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response


def stored_file(field_file: FieldFile, *, label: str = "", inline: bool = False) -> FileResponse:
    """A stored upload sent with a clean name (see `stored_file_name`)."""
    return FileResponse(
        field_file.open("rb"),
        as_attachment=not inline,
        filename=stored_file_name(field_file, label=label),
    )
