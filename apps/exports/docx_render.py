"""An OfficialReport as .docx (python-docx), in the Party or the state layout.

Sources of the rules (checked against the texts and their published summaries):

Party layout — Hướng dẫn 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng, "thể thức
và kỹ thuật trình bày văn bản của Đảng":
- mục II.1.1 (tiêu đề): "ĐẢNG CỘNG SẢN VIỆT NAM" on the first page, top RIGHT, first line,
  with a solid horizontal line under it as long as the title (ô số 1, Phụ lục 1);
- mục II.1.2 (tên cơ quan ban hành): top LEFT; the superior body in upright capitals, the
  issuing body in bold capitals, an asterisk "*" under it;
- mục II.1.3 (số và ký hiệu): "Số 127-BC/TU" — number, hyphen, type abbreviation "/" body;
- mục II.1.4 (địa danh, ngày tháng năm): italic, under the title line, right;
- mục II.1.5 (tên loại, trích yếu): "BÁO CÁO" centred bold capitals, trích yếu bold below it,
  then a short line of dashes "-----";
- mục II.1.9 (nơi nhận): "Nơi nhận:" underlined, bottom left; recipients one per line;
- mục II.1.7 (thẩm quyền ký): "T/M BAN THƯỜNG VỤ", position, name, bottom right, bold.
- Phụ lục 3 (font sizes, Times New Roman): tiêu đề 15 bold; cơ quan cấp trên 14; cơ quan ban
  hành 14 bold; số ký hiệu 14; địa danh ngày tháng 14 italic; tên loại 15–16 bold; trích yếu
  14–15 bold; nội dung 14–15; nơi nhận 14 underlined, recipients 12; thẩm quyền ký 14 bold.
- Margins (mục III, as summarised for party committees, e.g. the Đảng ủy Khối Bình Thuận
  handbook "Yêu cầu kỹ thuật trình bày văn bản"): A4, top 25 mm, bottom 25 mm, left 35 mm,
  right 15 mm; Times New Roman, Unicode TCVN 6909:2001.

State layout — Nghị định 30/2020/NĐ-CP ngày 05/3/2020 về công tác văn thư, Phụ lục I:
- mục I (khổ giấy, lề): A4 portrait; top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm;
  Times New Roman, Unicode TCVN 6909:2001, black;
- mục II.1 (quốc hiệu và tiêu ngữ): "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" capitals 12–13
  bold; "Độc lập - Tự do - Hạnh phúc" 13–14 bold, hyphens spaced, a solid line under it as
  long as the line; top right;
- mục II.2 (tên cơ quan): the issuing body in bold capitals 12–13 with a solid line under it
  1/3–1/2 of its length; top left;
- mục II.3 (số, ký hiệu): "Số:" then number "/" symbol, 13, centred under the body's name;
- mục II.4 (địa danh, thời gian): 13–14 italic, under quốc hiệu;
- mục II.5 (tên loại, trích yếu): 13–14 bold capitals centred; trích yếu 13–14 bold with a
  line under it;
- mục II.6 (nội dung): 13–14, justified, first-line indent 1–1.27 cm, spacing ≥ 6 pt;
- mục II.7 (thẩm quyền ký): "TM." + body, bold capitals 13–14; name bold 13–14;
- mục II.9 (nơi nhận): "Nơi nhận:" 12 bold italic; recipients 11.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell

from apps.exports.documents import PARTY, Block, OfficialReport

FONT = "Times New Roman"
MARGINS_MM = {  # top, bottom, left, right
    PARTY: (25, 25, 35, 15),  # 36-HD/VPTW mục III (front side)
    "state": (20, 20, 30, 15),  # ND30 Phụ lục I mục I: 20–25 / 20–25 / 30–35 / 15–20
}


def _run(
    paragraph,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    return run


def _para(
    container,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    after: float = 0,
    indent_cm: float = 0,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    if indent_cm:
        fmt.first_line_indent = Cm(indent_cm)
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _rule(paragraph, *, inset_cm: float) -> None:
    """A solid line under the paragraph, shortened by `inset_cm` on both sides."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    ppr.append(borders)
    paragraph.paragraph_format.left_indent = Cm(inset_cm)
    paragraph.paragraph_format.right_indent = Cm(inset_cm)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _first_paragraph(cell: _Cell):
    """Cells start with one empty paragraph; use it for the first line."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _header(document, report: OfficialReport, width_cm: float) -> None:
    if report.form_code:
        _para(document, report.form_code, size=12, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width = Cm(width_cm * 0.42)
    right.width = Cm(width_cm * 0.58)
    if report.layout == PARTY:
        first = _first_paragraph(left)
        if report.superior:
            _run(first, report.superior, size=14)
            _para(left, report.issuer, size=14, bold=True)
        else:
            _run(first, report.issuer, size=14, bold=True)
        _para(left, "*", size=14)
        _para(left, report.number, size=14)
        # The title line is the run's underline: exactly as long as the title (ô số 1).
        _run(_first_paragraph(right), "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)
        _para(right, "")
        _para(right, report.date_line, size=14, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    else:
        first = _first_paragraph(left)
        if report.superior:
            _run(first, report.superior, size=13)
            issuer = _para(left, report.issuer, size=13, bold=True)
        else:
            _run(first, report.issuer, size=13, bold=True)
            issuer = first
        _rule(issuer, inset_cm=width_cm * 0.42 * 0.3)
        _para(left, "")
        _para(left, report.number, size=13)
        _run(_first_paragraph(right), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12.5, bold=True)
        _para(right, "Độc lập - Tự do - Hạnh phúc", size=13.5, bold=True, underline=True)
        _para(right, "")
        _para(right, report.date_line, size=13.5, italic=True)


def _title(document, report: OfficialReport) -> None:
    _para(document, "")
    if report.layout == PARTY:
        _para(document, report.title, size=16, bold=True)
        _para(document, report.summary, size=14, bold=True)
        _para(document, "-----", size=14, after=12)
    else:
        _para(document, report.title, size=14, bold=True)
        summary = _para(
            document, report.summary[:1].upper() + report.summary[1:], size=14, bold=True, after=12
        )
        _rule(summary, inset_cm=5.5)


def _table(document, block: Block, width_cm: float, size: float) -> None:
    if block.table is None:
        return
    data = block.table
    rows = data.rows + ([data.total] if data.total else [])
    table = document.add_table(rows=1 + len(rows), cols=len(data.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    weights = data.widths or [1.0] * len(data.headers)
    scale = width_cm / sum(weights)
    # `table.rows[i].cells` recomputes the whole grid on every call (quadratic on a province's
    # 125 rows); take the flat cell list once instead.
    cols = len(data.headers)
    flat = table._cells
    for j, header in enumerate(data.headers):
        cell = flat[j]
        cell.width = Cm(weights[j] * scale)
        _run(_first_paragraph(cell), header, size=size, bold=True)
    for i, row in enumerate(rows, start=1):
        is_total = data.total is not None and i == len(rows)
        for j, value in enumerate(row):
            paragraph = flat[i * cols + j].paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            _run(paragraph, value, size=size, bold=is_total)
    # Repeat the header row on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _body(document, report: OfficialReport, chart_png: bytes, width_cm: float) -> None:
    size = 14
    for block in report.blocks:
        if block.kind == "heading":
            _para(
                document,
                block.text,
                size=size,
                bold=True,
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                after=6,
                indent_cm=1,
            )
        elif block.kind == "paragraph":
            _para(
                document,
                block.text,
                size=size,
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                after=6,
                indent_cm=1,
            )
        elif block.kind == "table":
            _table(document, block, width_cm, 11)
            _para(document, "", after=6)
        elif block.kind == "image" and chart_png:
            paragraph = _para(document, "")
            paragraph.add_run().add_picture(io.BytesIO(chart_png), width=Cm(min(15.5, width_cm)))
            _para(document, block.caption, size=12, italic=True, after=6)


def _closing(document, report: OfficialReport, width_cm: float) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width = Cm(width_cm * 0.45)
    right.width = Cm(width_cm * 0.55)
    label = _first_paragraph(left)
    label.alignment = WD_ALIGN_PARAGRAPH.LEFT
    size = 12 if report.layout == PARTY else 11
    if not report.recipients:
        pass  # a form signed by its author (bản kiểm điểm) has no "Nơi nhận"
    elif report.layout == PARTY:
        _run(label, "Nơi nhận:", size=14, underline=True)
    else:
        _run(label, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in report.recipients:
        _para(left, line, size=size, align=WD_ALIGN_PARAGRAPH.LEFT)
    _run(_first_paragraph(right), report.authority, size=14, bold=True)
    _para(right, report.position, size=14, bold=True)
    for _ in range(3):
        _para(right, "")
    _para(right, report.signer or "", size=14, bold=True)


def render_docx(report: OfficialReport, *, chart_png: bytes = b"") -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = MARGINS_MM[report.layout]
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    width_cm = (210 - left - right) / 10
    _header(document, report, width_cm)
    _title(document, report)
    _body(document, report, chart_png, width_cm)
    _closing(document, report, width_cm)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
