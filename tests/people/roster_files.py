"""Builders for roster files used by the roster tests."""

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên"]
PEOPLE_HEADER = [
    "Mã cán bộ",
    "Họ và tên",
    "Giới tính",
    "Năm sinh",
    "Đối tượng",
    "Chức vụ",
    "Người đứng đầu",
    "Mã đơn vị",
    "Điện thoại",
    "Email",
]


def person(
    code: str,
    name: str,
    unit: str,
    *,
    gender: str = "Nam",
    year: Any = 1985,
    categories: str = "Đảng viên",
    position: str = "Chuyên viên",
    head: str = "",
    phone: str = "0912345678",
    email: str = "",
) -> list[Any]:
    return [code, name, gender, year, categories, position, head, unit, phone, email]


def xlsx_bytes(
    units: Sequence[Sequence[Any]] | None = None,
    people: Sequence[Sequence[Any]] | None = None,
) -> bytes:
    """A two-sheet workbook like the template (either sheet may be left out)."""
    workbook = Workbook()
    default = workbook.active
    if units is not None:
        sheet = workbook.create_sheet("Đơn vị")
        sheet.append(UNIT_HEADER)
        for row in units:
            sheet.append(list(row))
    if people is not None:
        sheet = workbook.create_sheet("Cán bộ")
        sheet.append(PEOPLE_HEADER)
        for row in people:
            sheet.append(list(row))
    workbook.remove(default)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[Any]], *, bom: bool = False) -> bytes:
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(_csv_cell(v) for v in row))
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if any(c in text for c in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text
