"""Turn an uploaded .txt, .docx or .pdf into Unicode text (plain Python, no Django).

Every failure raises ``IngestError`` with a Vietnamese message fit to show to the officer.
"""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile
from pathlib import Path

from apps.directives.ingest.parser import MAX_TEXT_BYTES, IngestError, check_unicode

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Word and PDF files may carry images; their extracted text is still held to 5 MB."""
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_DOCX_RATIO = 100
MAX_PDF_PAGES = 1000

TOO_BIG = "Tệp quá lớn (trên {limit} MB), hãy tách nhỏ văn bản rồi tải lại."
EMPTY = "Tệp không có nội dung văn bản."
UNSUPPORTED = "Chỉ nhận tệp .txt, .docx hoặc .pdf."
BAD_DOCX = "Tệp .docx không hợp lệ (không phải tệp Word)."
DOCX_BOMB = "Tệp .docx có nội dung giải nén quá lớn, không thể đọc an toàn."
BAD_PDF = "Tệp PDF bị hỏng hoặc không đọc được."
PDF_ENCRYPTED = "Tệp PDF được đặt mật khẩu, hãy gỡ mật khẩu rồi tải lại."
PDF_NO_TEXT = (
    "Tệp PDF không có lớp văn bản (là ảnh quét), cần nhận dạng ký tự (OCR) "
    "hoặc dùng bản Word/PDF có chữ rồi tải lại."
)
UNKNOWN_ENCODING = (
    "Không nhận ra bảng mã của tệp, hãy lưu lại dưới dạng Unicode (UTF-8) rồi tải lại."
)


def read_file(source: str | os.PathLike[str] | bytes, filename: str | None = None) -> str:
    """Text of a .txt/.docx/.pdf given as a path or as bytes (``filename`` gives the type)."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        name = filename or "upload.txt"
    else:
        path = Path(source)
        name = filename or path.name
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise IngestError(f"Không mở được tệp {path.name}.") from exc
        limit = MAX_TEXT_BYTES if _ext(name) == ".txt" else MAX_FILE_BYTES
        if size > limit:
            raise IngestError(TOO_BIG.format(limit=limit // (1024 * 1024)))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise IngestError(f"Không đọc được tệp {path.name}.") from exc
    ext = _ext(name)
    if ext == ".txt":
        text = decode_text(data)
    elif ext == ".docx":
        text = read_docx(data)
    elif ext == ".pdf":
        text = read_pdf(data)
    else:
        raise IngestError(UNSUPPORTED)
    text = unicodedata.normalize("NFC", text)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
        raise IngestError(TOO_BIG.format(limit=MAX_TEXT_BYTES // (1024 * 1024)))
    if not text.strip():
        raise IngestError(EMPTY)
    return check_unicode(text)


def _ext(name: str) -> str:
    return os.path.splitext(name.lower())[1]


# --------------------------------------------------------------------------- .txt


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; Windows-1258 as a fallback.

    TCVN3/VNI bytes, and UTF-8 mojibake that cannot be undone, raise IngestError
    (``check_unicode``).
    """
    if len(data) > MAX_TEXT_BYTES:
        raise IngestError(TOO_BIG.format(limit=MAX_TEXT_BYTES // (1024 * 1024)))
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return check_unicode(text)
    # 8-bit text: Windows-1258 is Vietnamese; TCVN3 and VNI read through it keep Latin-1
    # symbols ("ViÖt Nam", "Vieät Nam") that check_unicode refuses.
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        check_unicode(data.decode("latin-1"))
        raise IngestError(UNKNOWN_ENCODING) from None
    return check_unicode(text)


def _decode(data: bytes, codec: str) -> str:
    try:
        return check_unicode(data.decode(codec))
    except UnicodeDecodeError as exc:
        raise IngestError(UNKNOWN_ENCODING) from exc


# --------------------------------------------------------------------------- .docx


def read_docx(data: bytes) -> str:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise IngestError(BAD_DOCX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_DOCX_UNCOMPRESSED or total / packed > MAX_DOCX_RATIO:
                raise IngestError(DOCX_BOMB)
            if "word/document.xml" not in zf.namelist():
                raise IngestError(BAD_DOCX)
    except zipfile.BadZipFile as exc:
        raise IngestError(BAD_DOCX) from exc
    import docx  # python-docx; imported here so plain-text use needs no dependency

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any parser failure is a bad upload
        raise IngestError(BAD_DOCX) from exc
    lines: list[str] = []
    for block in _docx_blocks(document):
        lines.append(block)
    return "\n".join(lines)


def _docx_blocks(document: object) -> list[str]:
    """Paragraphs and table rows in document order (tables hold the two-column header)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = document.element.body  # type: ignore[attr-defined]
    out: list[str] = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document).text)  # type: ignore[arg-type]
        elif tag == "tbl":
            table = Table(child, document)  # type: ignore[arg-type]
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    t = cell.text.strip()
                    if t and t not in cells:
                        cells.append(t)
                # one cell per line keeps "Số: …" and "Hà Nội, ngày …" apart
                out.extend(cells)
    return out


# --------------------------------------------------------------------------- .pdf


def read_pdf(data: bytes) -> str:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise IngestError(PDF_ENCRYPTED)
            except (NotImplementedError, PdfReadError) as exc:
                raise IngestError(PDF_ENCRYPTED) from exc
        if len(reader.pages) > MAX_PDF_PAGES:
            raise IngestError(TOO_BIG.format(limit=MAX_FILE_BYTES // (1024 * 1024)))
        parts: list[str] = []
        size = 0
        for page in reader.pages:
            t = page.extract_text() or ""
            size += len(t)
            if size > MAX_TEXT_BYTES:
                raise IngestError(TOO_BIG.format(limit=MAX_TEXT_BYTES // (1024 * 1024)))
            parts.append(t)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on broken files
        raise IngestError(BAD_PDF) from exc
    text = "\n".join(parts)
    if not text.strip():
        raise IngestError(PDF_NO_TEXT)
    return text
