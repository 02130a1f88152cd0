"""Reading a roster file (.xlsx or .csv) into plain rows, refusing hostile files early.

Layout (documented on the import page):

- An .xlsx workbook holds up to two sheets, told apart by their header row: "Đơn vị"
  (Mã đơn vị, Tên đơn vị, Loại, Mã đơn vị cấp trên) and "Cán bộ" (Mã cán bộ, Họ và tên,
  Giới tính, Năm sinh, Đối tượng, Chức vụ, Người đứng đầu, Mã đơn vị, Điện thoại, Email).
  Other sheets (instructions…) are ignored.
- A .csv file holds one of the two lists, again told apart by its header.

Safety, all before any parsing of content, in bounded memory and time:

- size over `settings.IMPORT_MAX_BYTES` refused;
- magic bytes must match the extension (a renamed .xls, a zip posing as .csv…);
- for .xlsx: must be a zip; its entries' declared sizes are summed and their compression
  ratios checked before anything is decompressed (zipfile never inflates an entry past its
  declared size, so the declared sizes bound the work), encrypted entries refused; the parts
  held in memory whole are capped one by one (shared strings 64 MB, structure parts 16 MB),
  so a 10 MB file cannot expand into gigabytes (issue 16 defect 4);
- the workbook structure is parsed by openpyxl (through defusedxml); sheet parts with a DTD
  are refused, and cells stream row by row through lxml with entities unresolved;
- formulas are never evaluated: a formula cell is read as the literal text "=…".

openpyxl's reader opens the workbook structure: sheet names, sheet parts and the shared
string table (not its ReadOnlyWorksheet, which scans a whole sheet for its dimensions when
the writer put none up front). Cells are then streamed with a lean lxml loop over each part:
openpyxl's per-cell objects read 100,000 rows x 10 columns in 10-15 s (measured), which alone
would miss the 5,000 rows/s import target; the loop below reads them in ~3 s.
"""

import codecs
import csv
import io
import os
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from apps.common.errors import ApplicationError
from apps.common.text import strip_diacritics

UNITS = "units"
PEOPLE = "people"

# (field, header label, aliases); the label is what the template writes.
UNIT_COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("code", "Mã đơn vị", ()),
    ("name", "Tên đơn vị", ("Tên tổ chức",)),
    ("kind", "Loại", ("Loại đơn vị", "Loại tổ chức")),
    ("parent", "Mã đơn vị cấp trên", ("Mã cấp trên", "Đơn vị cấp trên")),
]
PEOPLE_COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("code", "Mã cán bộ", ("Mã số",)),
    ("full_name", "Họ và tên", ("Họ tên",)),
    ("gender", "Giới tính", ()),
    ("birth_year", "Năm sinh", ()),
    ("categories", "Đối tượng", ()),
    ("position", "Chức vụ", ()),
    ("is_head", "Người đứng đầu", ()),
    ("unit", "Mã đơn vị", ()),
    ("phone", "Điện thoại", ("Số điện thoại",)),
    ("email", "Email", ("Thư điện tử", "E-mail")),
]
REQUIRED = {
    UNITS: ("code", "name", "kind", "parent"),
    PEOPLE: ("code", "full_name", "gender", "birth_year", "unit"),
}
SHEET_TITLES = {UNITS: "Đơn vị", PEOPLE: "Cán bộ"}

MAX_COLUMNS = 60
MAX_SHEETS = 50
MAX_ZIP_ENTRIES = 2_000
# Deflate tops out near 1,000:1 on runs of one byte; real sheets compress 5-30:1.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_MIN_BYTES = 1024 * 1024
# Empty spreadsheet rows skipped in a row before we decide the sheet has ended.
MAX_EMPTY_RUN = 10_000

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE = f"{_NS}row", f"{_NS}c", f"{_NS}v"
_FORMULA, _INLINE, _TEXT, _PHONETIC = f"{_NS}f", f"{_NS}is", f"{_NS}t", f"{_NS}rPh"

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 250_000))


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 400 * 1024 * 1024))


def max_shared_strings_bytes() -> int:
    """The shared-string table is the one part held in memory whole (every distinct text of
    the workbook): 64 MB of XML holds ~2 million distinct cells, well above 250,000 rows of
    real rosters, and parses into ~300 MB at most."""
    return int(getattr(settings, "IMPORT_MAX_SHARED_STRINGS_BYTES", 64 * 1024 * 1024))


# Parts parsed whole by openpyxl (workbook, relationships, content types…): small in any real
# file. Sheets stream row by row; media are never read.
MAX_STRUCTURE_PART_BYTES = 16 * 1024 * 1024


@dataclass
class Table:
    """One list read from the file: rows hold values in the order of `fields`."""

    kind: str
    sheet: str
    header_row: int
    columns: dict[str, str]  # field -> header label as written in the file
    fields: tuple[str, ...]
    rows: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.columns

    def column(self, name: str) -> str:
        return self.columns.get(name) or _label(self.kind, name)


@dataclass
class RosterBook:
    units: Table | None = None
    people: Table | None = None

    @property
    def row_count(self) -> int:
        return sum(len(t.rows) for t in (self.units, self.people) if t is not None)


def _label(kind: str, name: str) -> str:
    columns = UNIT_COLUMNS if kind == UNITS else PEOPLE_COLUMNS
    return next(label for f, label, _ in columns if f == name)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", strip_diacritics(text)).split())


_LOOKUP: dict[str, dict[str, str]] = {
    kind: {_norm(alias): name for name, label, aliases in cols for alias in (label, *aliases)}
    for kind, cols in ((UNITS, UNIT_COLUMNS), (PEOPLE, PEOPLE_COLUMNS))
}
_SHEET_NAMES = {_norm(title): kind for kind, title in SHEET_TITLES.items()}


def refuse(message: str) -> ApplicationError:
    """A whole-file refusal (hostile or unreadable file): a message, no row errors."""
    return ApplicationError(message)


def _error(sheet: str | None, row: int | None, column: str, message: str) -> dict[str, Any]:
    return {"sheet": sheet or "", "row": row, "column": column, "message": message}


# --- opening the file -----------------------------------------------------------------


def _file_size(handle: IO[bytes]) -> int:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return size


def _extension(filename: str) -> str:
    return Path(filename or "").suffix.lower()


def check_file(handle: IO[bytes], filename: str) -> str:
    """Cheap checks (size, extension, magic bytes, zip directory); returns ".xlsx"/".csv".

    Reads only the first bytes and, for a zip, its central directory.
    """
    ext = _extension(filename)
    if ext not in {".xlsx", ".csv"}:
        if ext == ".xls":
            raise refuse(
                "Tệp .xls (Excel 97-2003) không được hỗ trợ: hãy mở bằng Excel và lưu lại "
                "dưới dạng .xlsx."
            )
        raise refuse("Chỉ nhận tệp .xlsx hoặc .csv.")
    size = _file_size(handle)
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise refuse(
            f"Tệp quá lớn ({size / 1048576:.1f} MB): giới hạn là {limit / 1048576:.0f} MB. "
            "Hãy chia danh sách thành nhiều tệp."
        )
    if size == 0:
        raise refuse("Tệp rỗng.")
    head = handle.read(8)
    handle.seek(0)
    if ext == ".xlsx":
        if head.startswith(OLE_MAGIC):
            raise refuse(
                "Tệp có đuôi .xlsx nhưng thực chất là tệp .xls (Excel 97-2003) hoặc đã bị mã "
                "hóa bằng mật khẩu: hãy lưu lại dưới dạng .xlsx, không đặt mật khẩu."
            )
        if not head.startswith(ZIP_MAGIC):
            raise refuse(
                "Tệp .xlsx không hợp lệ: nội dung không phải tệp Excel (không phải tệp nén zip)."
            )
        _check_zip(handle)
    else:
        if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
            raise refuse(
                "Tệp có đuôi .csv nhưng nội dung là tệp Excel: hãy đổi đuôi thành .xlsx hoặc "
                "lưu lại dưới dạng “CSV UTF-8”."
            )
        sample = handle.read(8192)
        handle.seek(0)
        if _looks_utf16(sample):
            raise refuse(UTF16_MESSAGE)
        if b"\x00" in sample:
            raise refuse(
                "Tệp .csv không hợp lệ (có ký tự nhị phân). Hãy lưu lại dưới dạng “CSV UTF-8”."
            )
    return ext


UTF16_MESSAGE = (
    "Tệp CSV đang ở dạng Unicode UTF-16. Hãy mở bằng Excel và lưu lại dưới dạng "
    "“CSV UTF-8 (Comma delimited)”."
)


def _looks_utf16(sample: bytes) -> bool:
    """A UTF-16 byte-order mark, or (without one) a NUL byte beside most ASCII characters."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if len(sample) < 4 or b"\x00" not in sample:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0), odd.count(0)) >= 0.4 * (len(sample) // 2)


def _check_zip(handle: IO[bytes]) -> None:
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise refuse("Tệp .xlsx không hợp lệ hoặc bị hỏng (không đọc được cấu trúc zip).") from None
    finally:
        handle.seek(0)
    if len(infos) > MAX_ZIP_ENTRIES:
        raise refuse("Tệp .xlsx có cấu trúc bất thường (quá nhiều thành phần), không thể nhập.")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise refuse("Tệp .xlsx đã bị mã hóa: hãy bỏ mật khẩu rồi lưu lại.")
        total += info.file_size
        if info.file_size >= RATIO_CHECK_MIN_BYTES and (
            info.compress_size == 0 or info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
        ):
            raise refuse("Tệp .xlsx có tỉ lệ nén bất thường (nghi là “bom zip”), không thể nhập.")
    if total > max_uncompressed_bytes():
        raise refuse(
            "Tệp .xlsx khi giải nén quá lớn (nghi là “bom zip”) hoặc quá nhiều dữ liệu: hãy chia "
            "danh sách thành nhiều tệp."
        )
    for info in infos:
        name = info.filename.lower()
        if name.endswith("sharedstrings.xml"):
            if info.file_size > max_shared_strings_bytes():
                raise refuse(
                    "Tệp .xlsx có bảng chuỗi dùng chung quá lớn "
                    f"({info.file_size / 1048576:.0f} MB khi giải nén, giới hạn "
                    f"{max_shared_strings_bytes() / 1048576:.0f} MB): hãy chia danh sách thành "
                    "nhiều tệp."
                )
        elif (
            name.endswith((".xml", ".rels"))
            and not name.startswith("xl/worksheets/")
            and info.file_size > MAX_STRUCTURE_PART_BYTES
        ):
            raise refuse(
                f"Tệp .xlsx có thành phần “{info.filename}” lớn bất thường, không thể nhập."
            )
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise refuse("Tệp .xlsx không hợp lệ: không phải bảng tính Excel.")


def read_roster(path_or_file: Any, filename: str = "") -> RosterBook:
    """Reads and structurally checks a roster; raises ApplicationError with `errors`."""
    if isinstance(path_or_file, str | os.PathLike):
        filename = filename or os.fspath(path_or_file)
        with open(path_or_file, "rb") as opened:
            return read_roster(opened, filename)
    handle: IO[bytes] = path_or_file
    filename = filename or getattr(handle, "name", "") or ""
    ext = check_file(handle, filename)
    if ext == ".xlsx":
        tables = list(_read_xlsx(handle))
    else:
        tables = [_read_csv(handle, Path(filename).name)]
    book = RosterBook()
    errors: list[dict[str, Any]] = []
    for table in tables:
        if getattr(book, table.kind) is not None:
            errors.append(
                _error(
                    table.sheet,
                    table.header_row,
                    "",
                    f"Tệp có hơn một trang danh sách “{SHEET_TITLES[table.kind]}”.",
                )
            )
            continue
        missing = [_label(table.kind, f) for f in REQUIRED[table.kind] if f not in table.columns]
        for label in missing:
            errors.append(_error(table.sheet, table.header_row, label, f"Thiếu cột “{label}”."))
        setattr(book, table.kind, table)
    if not tables:
        errors.append(
            _error(
                None,
                1,
                "",
                "Không tìm thấy danh sách: dòng tiêu đề phải có các cột theo mẫu (trang “Đơn vị” "
                "với cột “Mã đơn vị”, trang “Cán bộ” với cột “Mã cán bộ”).",
            )
        )
    if errors:
        raise ApplicationError(
            f"Tệp có {len(errors)} lỗi, chưa ghi dữ liệu nào.", {"errors": errors}
        )
    if book.row_count > max_rows():
        raise refuse(f"Tệp có quá nhiều dòng (tối đa {max_rows():,} dòng).".replace(",", "."))
    return book


# --- header ---------------------------------------------------------------------------


def _classify(header: list[str], sheet_name: str) -> str | None:
    normed = {_norm(h) for h in header if h}
    if _norm("Mã cán bộ") in normed:
        return PEOPLE
    if _norm("Mã đơn vị") in normed and (
        _norm("Tên đơn vị") in normed or _norm("Mã đơn vị cấp trên") in normed
    ):
        return UNITS
    return _SHEET_NAMES.get(_norm(sheet_name))


def _header_map(kind: str, header: list[str]) -> tuple[dict[str, str], dict[int, str]]:
    """(field -> label in file, column index -> field)."""
    lookup = _LOOKUP[kind]
    columns: dict[str, str] = {}
    positions: dict[int, str] = {}
    for index, label in enumerate(header):
        name = lookup.get(_norm(label)) if label else None
        if name and name not in columns:
            columns[name] = label.strip()
            positions[index] = name
    return columns, positions


class _TableBuilder:
    def __init__(self, kind: str, sheet: str, header_row: int, header: list[str]) -> None:
        columns, positions = _header_map(kind, header)
        fields = tuple(f for f, _, _ in (UNIT_COLUMNS if kind == UNITS else PEOPLE_COLUMNS))
        self.slots = [(index, fields.index(name)) for index, name in positions.items()]
        self.width = len(fields)
        self.table = Table(kind, sheet, header_row, columns, fields)
        self.limit = max_rows()

    def add(self, number: int, cells: list[str]) -> None:
        values = [""] * self.width
        size = len(cells)
        for index, slot in self.slots:
            if index < size:
                values[slot] = cells[index]
        self.table.rows.append((number, tuple(values)))
        if len(self.table.rows) > self.limit:
            raise refuse(f"Tệp có quá nhiều dòng (tối đa {self.limit:,} dòng).".replace(",", "."))


# --- xlsx -----------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return value.strip() if value else ""


def _number(raw: str) -> str:
    """Numbers as text: 1980 -> "1980", 1980.0 -> "1980", 0.5 -> "0.5"."""
    raw = raw.strip()
    try:
        number = float(raw)
    except ValueError:
        return raw
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return raw


def _inline_text(element: Any) -> str:
    parts: list[str] = []
    for child in element:
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag != _PHONETIC:
            parts.extend(t.text or "" for t in child.iter(_TEXT))
    return "".join(parts)


def _cell_value(cell: Any, shared: list[Any]) -> str:
    raw: str | None = None
    formula: str | None = None
    inline = None
    for child in cell:
        tag = child.tag
        if tag == _VALUE:
            raw = child.text
        elif tag == _FORMULA:
            formula = child.text or ""
        elif tag == _INLINE:
            inline = child
    if formula is not None:
        # Never evaluated: a formula is data, kept as the literal text the user typed.
        return "=" + formula.strip() if formula.strip() else _text(raw)
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return _text(_inline_text(inline)) if inline is not None else ""
    if raw is None:
        return ""
    if kind == "s":
        try:
            value = shared[int(raw)]
        except (ValueError, IndexError):
            return ""
        return _text(str(value) if value is not None else "")
    if kind == "n":
        return _number(raw)
    if kind == "b":
        return "1" if raw.strip() == "1" else "0"
    if kind == "e":
        return ""
    return _text(raw)


def _column_index(ref: str | None, fallback: int) -> int:
    if not ref:
        return fallback
    index = 0
    for char in ref:
        code = ord(char)
        if code < 65 or code > 90:
            break
        index = index * 26 + (code - 64)
    return index - 1 if index else fallback


def _refuse_dtd(archive: zipfile.ZipFile, path: str) -> None:
    with archive.open(path) as source:
        head = source.read(4096)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise refuse("Tệp .xlsx có cấu trúc XML bất thường (khai báo DTD), không thể nhập.")


def _sheet_rows(source: IO[bytes], shared: list[Any]) -> Iterator[tuple[int, list[str]]]:
    """Yields (row number, cell texts) for non-empty rows, streaming, bounded width.

    lxml filters `row` elements in C; entities are not resolved, no DTD or network access
    (and `_refuse_dtd` has already refused any DTD). The part is fed in 64 KB chunks; after
    each chunk, the cells of the row being built beyond `MAX_COLUMNS` are dropped (cells come
    in column order, so the n-th cell is at least in column n): a row of two million cells
    costs no more memory than a row of sixty (issue 16, bounded memory whatever the file).
    """
    from lxml import etree

    counter = 0
    empty_run = 0
    parser = etree.XMLPullParser(
        events=("start", "end"),
        tag=_ROW,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    current: Any = None
    finished = False
    while not finished:
        chunk = source.read(65536)
        if chunk:
            parser.feed(chunk)
        else:
            parser.close()
            finished = True
        for event, element in parser.read_events():
            if event == "start":
                current = element
                continue
            current = None
            number_attr = element.get("r")
            counter = int(number_attr) if number_attr and number_attr.isdigit() else counter + 1
            cells: list[str] = []
            position = -1
            for cell in element:
                if cell.tag != _CELL:
                    continue
                position = _column_index(cell.get("r"), position + 1)
                if position >= MAX_COLUMNS:
                    break
                value = _cell_value(cell, shared)
                if value:
                    if position >= len(cells):
                        cells.extend([""] * (position + 1 - len(cells)))
                    cells[position] = value
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
            if cells:
                empty_run = 0
                yield counter, cells
            else:
                empty_run += 1
                if empty_run > MAX_EMPTY_RUN:
                    return
        if current is not None and len(current) > MAX_COLUMNS + 1:
            # The last child may still be being parsed: keep it.
            del current[MAX_COLUMNS : len(current) - 1]


def _read_xlsx(handle: IO[bytes]) -> Iterator[Table]:
    from openpyxl.reader.excel import ExcelReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            excel = ExcelReader(handle, read_only=True, data_only=False, keep_links=False)
            excel.read_manifest()
            excel.read_strings()
            excel.read_workbook()
            sheets = [
                (sheet.name, rel.target)
                for sheet, rel in excel.parser.find_sheets()
                if rel.target in excel.valid_files and "chartsheet" not in (rel.Type or "")
            ][:MAX_SHEETS]
    except Exception as exc:  # any parser error (bad XML, DTD, missing part) is a refusal
        raise refuse(
            f"Tệp .xlsx không hợp lệ hoặc bị hỏng, không đọc được ({exc.__class__.__name__})."
        ) from None
    archive: zipfile.ZipFile = excel.archive
    shared: list[Any] = excel.shared_strings
    try:
        for title, path in sheets:
            builder: _TableBuilder | None = None
            try:
                _refuse_dtd(archive, path)
                with archive.open(path) as source:
                    for number, cells in _sheet_rows(source, shared):
                        if builder is None:
                            kind = _classify(cells, title)
                            if kind is None:
                                break  # not a roster sheet (instructions…): ignored
                            builder = _TableBuilder(kind, title, number, cells)
                            continue
                        builder.add(number, cells)
            except ApplicationError:
                raise
            except Exception as exc:
                raise refuse(
                    f"Trang “{title}” không đọc được ({exc.__class__.__name__})."
                ) from None
            if builder is not None:
                yield builder.table
    finally:
        archive.close()


# --- csv ------------------------------------------------------------------------------

# A UTF-8 lead byte (Ã Ä Å Æ for U+00C0-U+01BF, á for U+1E00-U+1EFF, Ì Í for combining
# marks) shown through CP1252/Windows-1258, followed by a continuation byte shown the same way.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00c6\u00cc\u00cd\u00e1][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
    "\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ab\u20ac\u2122\u0300\u0301\u0303\u0309\u0323\u0102\u0103\u01a0\u01a1\u01af\u01b0"
    "\u0110\u0111]"
)
_WORD_RE = re.compile(r"\S+")


def _as_legacy_bytes(word: str, codec: str) -> bytes | None:
    out = bytearray()
    for char in word:
        try:
            out += char.encode(codec)
        except UnicodeEncodeError:
            if ord(char) < 256:
                out.append(ord(char))  # C1 controls a lenient decoder kept as-is
            else:
                return None
    return bytes(out)


def is_mojibake(text: str) -> bool:
    """True when `text` is UTF-8 that was read as CP1252/Windows-1258 and saved again.

    "Nguyễn" saved this way reads "Nguyá»…n": re-encoding such a word with the legacy code
    page gives valid UTF-8 again. Genuine Vietnamese text never does (its letters do not
    exist in those code pages, or do not form UTF-8 sequences).
    """
    for match in _MOJIBAKE_HINT.finditer(text):
        start = text.rfind(" ", 0, match.start()) + 1
        word = _WORD_RE.match(text, start)
        if word is None:
            continue
        for codec in ("cp1252", "cp1258"):
            raw = _as_legacy_bytes(word.group(0), codec)
            if raw is None:
                continue
            try:
                fixed = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if fixed != word.group(0) and any(ord(c) > 127 for c in fixed):
                return True
    return False


def _read_csv(handle: IO[bytes], sheet: str) -> Table:
    data = handle.read(settings.IMPORT_MAX_BYTES + 1)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise refuse(UTF16_MESSAGE)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise refuse(
            "Tệp CSV không phải mã UTF-8 (có thể là Windows-1258/TCVN3/VNI). Hãy mở bằng "
            "Excel và lưu lại dưới dạng “CSV UTF-8 (Comma delimited)”."
        ) from None
    del data
    if is_mojibake(text):
        raise refuse(
            "Tệp CSV bị lỗi phông chữ tiếng Việt (ví dụ “Nguyá»…n” thay vì “Nguyễn”): tệp UTF-8 "
            "đã bị mở bằng bảng mã Windows-1252/1258 rồi lưu lại. Hãy xuất lại từ tệp gốc "
            "dưới dạng “CSV UTF-8 (Comma delimited)”."
        )
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    builder: _TableBuilder | None = None
    try:
        for number, record in enumerate(reader, start=1):
            cells = [value.strip() for value in record[:MAX_COLUMNS]]
            if not any(cells):
                continue
            if builder is None:
                kind = _classify(cells, "")
                if kind is None:
                    raise ApplicationError(
                        "Không nhận ra loại danh sách trong tệp CSV.",
                        {
                            "errors": [
                                _error(
                                    sheet,
                                    number,
                                    "",
                                    "Dòng tiêu đề phải có cột “Mã cán bộ” (danh sách cán bộ) "
                                    "hoặc “Mã đơn vị” và “Tên đơn vị” (danh sách đơn vị).",
                                )
                            ]
                        },
                    )
                builder = _TableBuilder(kind, sheet, number, cells)
                continue
            builder.add(number, cells)
    except csv.Error:
        raise refuse(
            f"Tệp CSV không đúng định dạng ở dòng {reader.line_num}: một ô quá dài hoặc dấu "
            'ngoặc kép (") không được đóng. Hãy mở bằng Excel và lưu lại dưới dạng “CSV UTF-8”.'
        ) from None
    if builder is None:
        raise refuse("Tệp CSV không có dữ liệu.")
    return builder.table
