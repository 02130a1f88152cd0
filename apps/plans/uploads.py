"""Checks that an uploaded file is what its name claims, by its first bytes (magic numbers).

A name ending in .pdf must start with `%PDF-`; .docx/.xlsx are ZIP packages (`PK\\x03\\x04`)
holding `[Content_Types].xml` and their main part (`word/document.xml`, `xl/workbook.xml`);
images start with their PNG / JPEG signatures. Anything else is refused with a Vietnamese
message naming the file, before anything is written.
"""

import zipfile
from typing import Any

from apps.common.errors import ApplicationError

MAX_BYTES = 20 * 1024 * 1024

_LABELS = {
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "png": "ảnh PNG",
    "jpg": "ảnh JPEG",
    "jpeg": "ảnh JPEG",
}
_ZIP_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

PLAN_DOCUMENTS = frozenset({"pdf", "docx"})
EVIDENCE_FILES = frozenset({"pdf", "docx", "xlsx", "png", "jpg", "jpeg"})


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _matches(ext: str, head: bytes, upload: Any) -> bool:
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if ext in _ZIP_PARTS:
        if not head.startswith(b"PK\x03\x04"):
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError):
            return False
        return "[Content_Types].xml" in names and _ZIP_PARTS[ext] in names
    return False


def check_upload(upload: Any, *, allowed: frozenset[str]) -> None:
    """Raises ApplicationError unless `upload` has an allowed extension and matching content."""
    name = getattr(upload, "name", "") or ""
    ext = _extension(name)
    if ext not in allowed:
        kinds = ", ".join(sorted(f".{e}" for e in allowed))
        raise ApplicationError(f"Tệp “{name}” không được chấp nhận: chỉ nhận tệp {kinds}.")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ApplicationError(f"Tệp “{name}” quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")
    upload.seek(0)
    head = upload.read(16)
    try:
        ok = _matches(ext, head, upload)
    finally:
        upload.seek(0)
    if not ok:
        raise ApplicationError(
            f"Tệp “{name}” không phải là tệp {_LABELS[ext]} hợp lệ: nội dung tệp không khớp "
            "với phần mở rộng của tên tệp. Không có gì được lưu."
        )
