"""Optical character recognition of scanned PDFs with Tesseract's Vietnamese model.

Plain Python (no Django): the PDF's page images are taken out with pypdf and each is read by the
``tesseract`` command (Debian packages ``tesseract-ocr`` and ``tesseract-ocr-vie``; ``make
ocr-deps`` installs them). Work is bounded: at most ``MAX_OCR_PAGES`` pages, a time limit per
page and for the whole document, and ``progress(done, total)`` after each page.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import time
from collections.abc import Callable

from apps.directives.ingest.draft import IngestError

MAX_OCR_PAGES = 60
PAGE_SECONDS = 60
TOTAL_SECONDS = 600
MAX_PIXELS = 40_000_000

OCR_MISSING = (
    "Tệp PDF là ảnh quét nhưng máy chủ chưa cài bộ nhận dạng chữ (Tesseract tiếng Việt); "
    "hãy dùng bản Word/PDF có chữ."
)
OCR_TOO_LONG = "Nhận dạng chữ quá thời gian cho phép ({seconds} giây); hãy tách nhỏ tệp PDF."
OCR_TOO_MANY_PAGES = "Tệp PDF quét có {pages} trang, quá {limit} trang cho phép nhận dạng."
OCR_NOTHING = "Không nhận dạng được chữ nào từ ảnh quét trong tệp PDF."
OCR_NOTE = (
    "Bản nháp được đọc từ ảnh quét bằng nhận dạng chữ (OCR): hãy đối chiếu từng ô với bản gốc."
)


@functools.cache
def tesseract_available() -> bool:
    """True when ``tesseract`` and its Vietnamese model are installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        out = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [exe, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "vie" in out.stdout.split()


def page_images(data: bytes) -> list[bytes]:
    """PNG bytes of the largest image of each page (a scan has one image per page)."""
    import pypdf
    from PIL import Image

    reader = pypdf.PdfReader(io.BytesIO(data))
    if len(reader.pages) > MAX_OCR_PAGES:
        raise IngestError(OCR_TOO_MANY_PAGES.format(pages=len(reader.pages), limit=MAX_OCR_PAGES))
    out: list[bytes] = []
    for page in reader.pages:
        best: Image.Image | None = None
        for img in page.images:
            pil = img.image
            if pil is None or pil.width * pil.height > MAX_PIXELS:
                continue
            if best is None or pil.width * pil.height > best.width * best.height:
                best = pil
        if best is None:
            continue
        buf = io.BytesIO()
        best.convert("L").save(buf, format="PNG")
        out.append(buf.getvalue())
    return out


def ocr_image(png: bytes, *, timeout: float | None = PAGE_SECONDS) -> str:
    """Vietnamese text of one page image (``timeout=None``: no time limit)."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise IngestError(OCR_MISSING)
    try:
        out = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [exe, "stdin", "stdout", "-l", "vie", "--psm", "4"],
            input=png,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise IngestError(OCR_TOO_LONG.format(seconds=int(timeout or 0))) from exc
    return out.stdout.decode("utf-8", "replace")


def ocr_pdf(
    data: bytes,
    *,
    progress: Callable[[int, int], None] | None = None,
    total_seconds: float | None = TOTAL_SECONDS,
    page_seconds: float | None = PAGE_SECONDS,
) -> str:
    """Text of a scanned PDF, page by page, within ``page_seconds`` a page and ``total_seconds``
    in all. The limits protect the server's job queue; ``None`` lifts one (tests, which must not
    fail because a shared machine is slow, and the OCR benchmark, which measures the time)."""
    if not tesseract_available():
        raise IngestError(OCR_MISSING)
    images = page_images(data)
    if not images:
        raise IngestError(OCR_NOTHING)
    started = time.monotonic()
    pages: list[str] = []
    for i, png in enumerate(images):
        limit = page_seconds
        if total_seconds is not None:
            left = total_seconds - (time.monotonic() - started)
            if left <= 0:
                raise IngestError(OCR_TOO_LONG.format(seconds=int(total_seconds)))
            limit = left if limit is None else min(limit, left)
        pages.append(ocr_image(png, timeout=limit))
        if progress is not None:
            progress(i + 1, len(images))
    text = reflow("\n".join(p.strip("\f\n ") for p in pages))
    if not text.strip():
        raise IngestError(OCR_NOTHING)
    return text


def reflow(text: str) -> str:
    """Join the lines a page layout wrapped: a line continues the previous one when that one
    does not end a sentence or item and this one does not start a new item or heading."""
    import re

    out: list[str] = []
    lines = [ln.strip() for ln in text.splitlines()]
    longest = max((len(ln) for ln in lines), default=0)
    for line in lines:
        if not line:
            out.append("")
            continue
        prev = out[-1] if out else ""
        starts_item = re.match(r"(?:[-–•+*]|\d{1,2}[.)]|[IVX]+\.|[a-zđ]\)|Điều\s+\d)\s", line)
        wrapped = (
            prev
            and not re.search(r"[.:;!?…]$", prev)
            and not starts_item
            and (line[:1].islower() or len(prev) > 0.6 * longest)
            and not prev.isupper()
        )
        if wrapped:
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return "\n".join(out)
