"""Attachments of citizens' feedback: images (JPEG, PNG, WebP) and PDF, recognised by their
bytes whatever their name says. Images are decoded and re-encoded with Pillow (pixels only: EXIF
with GPS position, camera and date, XMP, ICC and comments are dropped; orientation applied;
longest side at most 2,560 px; decompression bombs refused). PDF must start with `%PDF-`, end
with `%%EOF`, open with pypdf and carry no JavaScript or launch action. Stored names are
generated ("anh-1.jpg"), never the sender's file name.
"""

import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from apps.common.errors import ApplicationError

MAX_SIDE = 2560
MAX_PIXELS = 40_000_000
_PDF_ACTIONS = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile")


@dataclass(frozen=True)
class CleanFile:
    name: str
    content: bytes
    content_type: str


def max_files() -> int:
    return int(getattr(settings, "FEEDBACK_MAX_FILES", 5))


def max_bytes() -> int:
    return int(getattr(settings, "FEEDBACK_MAX_FILE_BYTES", 5 * 1024 * 1024))


def _kind(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    return None


def _reencode(data: bytes, kind: str, index: int, label: str) -> CleanFile:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ApplicationError(f"{label}: ảnh quá lớn ({width}×{height} điểm ảnh).")
            probe.verify()
        with Image.open(io.BytesIO(data)) as source:
            source.load()
            image = ImageOps.exif_transpose(source)
    except ApplicationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ApplicationError(
            f"{label}: không đọc được ảnh (tệp hỏng hoặc không phải ảnh)."
        ) from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if kind == "png" and image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)  # no info, no text chunks
        return CleanFile(f"anh-{index}.png", out.getvalue(), "image/png")
    image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    return CleanFile(f"anh-{index}.jpg", out.getvalue(), "image/jpeg")


def _check_pdf(data: bytes, index: int, label: str) -> CleanFile:
    if b"%%EOF" not in data[-1024:]:
        raise ApplicationError(f"{label}: tệp PDF không hoàn chỉnh.")
    if any(marker in data for marker in _PDF_ACTIONS):
        raise ApplicationError(f"{label}: tệp PDF chứa mã lệnh hoặc tệp đính kèm, không được nhận.")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ApplicationError(f"{label}: tệp PDF có mật khẩu, không được nhận.")
        _ = len(reader.pages)
    except ApplicationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise ApplicationError(f"{label}: tệp PDF bị hỏng.") from None
    return CleanFile(f"tai-lieu-{index}.pdf", data, "application/pdf")


def clean_attachments(uploads: list[Any]) -> list[CleanFile]:
    """Checks every file first and returns cleaned copies; raises ApplicationError naming the
    file (by its position and name) and nothing is stored."""
    uploads = [u for u in uploads if u]
    if len(uploads) > max_files():
        raise ApplicationError(f"Chỉ được gửi tối đa {max_files()} tệp đính kèm.")
    cleaned: list[CleanFile] = []
    for index, upload in enumerate(uploads, start=1):
        name = str(getattr(upload, "name", "") or "")[:80]
        label = f"Tệp {index} “{name}”"
        size = getattr(upload, "size", None)
        limit = max_bytes()
        if size is not None and size > limit:
            raise ApplicationError(f"{label} quá lớn (tối đa {limit // (1024 * 1024)} MB).")
        upload.seek(0)
        data = upload.read(limit + 1)
        if len(data) > limit:
            raise ApplicationError(f"{label} quá lớn (tối đa {limit // (1024 * 1024)} MB).")
        kind = _kind(data[:16])
        if kind is None:
            raise ApplicationError(
                f"{label} không được nhận: chỉ nhận ảnh (JPEG, PNG, WebP) hoặc PDF, "
                "xét theo nội dung tệp."
            )
        if kind == "pdf":
            cleaned.append(_check_pdf(data, index, label))
        else:
            cleaned.append(_reencode(data, kind, index, label))
    return cleaned
