"""An OfficialReport as PDF (fpdf2), same parts and order as the .docx.

Fonts: Times New Roman is not shipped with any package, so the PDF embeds DejaVu Serif,
which matplotlib installs under `matplotlib/mpl-data/fonts/ttf/` (full Vietnamese glyphs,
regular / bold / italic): nothing is downloaded, and the PDF prints the same everywhere.
Sizes, positions and margins follow the same rules as apps/exports/docx_render.py (36-HD/VPTW
and Nghị định 30/2020/NĐ-CP Phụ lục I), cited there.
"""

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from apps.exports.documents import PARTY, OfficialReport
from apps.exports.docx_render import MARGINS_MM

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FAMILY = "DejaVuSerif"
PT = 0.3528  # mm per point


def _pdf(layout: str) -> FPDF:
    top, bottom, left, right = MARGINS_MM[layout]
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(left=left, top=top, right=right)
    pdf.set_auto_page_break(auto=True, margin=bottom)
    pdf.add_font(FAMILY, "", str(FONT_DIR / "DejaVuSerif.ttf"))
    pdf.add_font(FAMILY, "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
    pdf.add_font(FAMILY, "I", str(FONT_DIR / "DejaVuSerif-Italic.ttf"))
    pdf.add_font(FAMILY, "BI", str(FONT_DIR / "DejaVuSerif-BoldItalic.ttf"))
    pdf.set_title("Báo cáo")
    pdf.add_page()
    return pdf


# DejaVu Serif is wider than Times New Roman: sizes are scaled so lines break about where
# they would in Word with Times New Roman at the prescribed size.
SCALE = 0.86


def _line(
    pdf: FPDF,
    x: float,
    w: float,
    text: str,
    size: float,
    style: str = "",
    align: str = "C",
    underline: bool = False,
) -> None:
    pdf.set_font(FAMILY, style, size * SCALE)
    pdf.set_x(x)
    pdf.multi_cell(w, size * PT * 1.25, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if underline:
        width = pdf.get_string_width(text)
        y = pdf.get_y() - 0.6
        start = x + (w - width) / 2 if align == "C" else x
        pdf.line(start, y, start + width, y)


def render_pdf(report: OfficialReport, *, chart_png: bytes = b"") -> bytes:
    pdf = _pdf(report.layout)
    left = pdf.l_margin
    width = pdf.w - pdf.l_margin - pdf.r_margin
    lw, rw = width * 0.42, width * 0.58
    top = pdf.get_y()
    # Right column: tiêu đề / quốc hiệu, then date.
    if report.layout == PARTY:
        _line(pdf, left + lw, rw, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, "B", underline=True)
        pdf.ln(3)
        _line(pdf, left + lw, rw, report.date_line, 14, "I", align="R")
    else:
        _line(pdf, left + lw, rw, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12.5, "B")
        _line(pdf, left + lw, rw, "Độc lập - Tự do - Hạnh phúc", 13.5, "B", underline=True)
        pdf.ln(3)
        _line(pdf, left + lw, rw, report.date_line, 13.5, "I")
    right_bottom = pdf.get_y()
    # Left column: issuing body, "*" or a short rule, number.
    pdf.set_y(top)
    size = 14 if report.layout == PARTY else 13
    if report.superior:
        _line(pdf, left, lw, report.superior, size)
    _line(pdf, left, lw, report.issuer, size, "B")
    if report.layout == PARTY:
        _line(pdf, left, lw, "*", size)
    else:
        y = pdf.get_y() + 0.5
        pdf.line(left + lw * 0.33, y, left + lw * 0.67, y)
        pdf.ln(2)
    _line(pdf, left, lw, report.number, size)
    pdf.set_y(max(pdf.get_y(), right_bottom) + 6)
    # Title and trích yếu.
    if report.layout == PARTY:
        _line(pdf, left, width, report.title, 16, "B")
        _line(pdf, left, width, report.summary, 14, "B")
        _line(pdf, left, width, "-----", 14)
    else:
        _line(pdf, left, width, report.title, 14, "B")
        _line(pdf, left, width, report.summary[:1].upper() + report.summary[1:], 14, "B")
        y = pdf.get_y() + 0.5
        pdf.line(left + width * 0.38, y, left + width * 0.62, y)
    pdf.ln(5)
    for block in report.blocks:
        if block.kind in {"heading", "paragraph"}:
            pdf.set_font(FAMILY, "B" if block.kind == "heading" else "", 14 * SCALE)
            pdf.set_x(left)
            pdf.multi_cell(
                width,
                14 * PT * 1.35,
                "      " + block.text,
                align="J",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            pdf.ln(1.5)
        elif block.kind == "table" and block.table is not None:
            data = block.table
            weights = data.widths or [1.0] * len(data.headers)
            scale = width / sum(weights)
            pdf.set_font(FAMILY, "", 9)
            with pdf.table(
                col_widths=tuple(w * scale for w in weights),
                text_align=("LEFT", *(["RIGHT"] * (len(data.headers) - 1))),
                line_height=4.2,
                first_row_as_headings=True,
                repeat_headings=1,
            ) as table:
                header = table.row()
                for text in data.headers:
                    header.cell(text, align="CENTER")
                for row_values in data.rows:
                    row = table.row()
                    for text in row_values:
                        row.cell(text)
                if data.total:
                    pdf.set_font(FAMILY, "B", 9)
                    row = table.row()
                    for text in data.total:
                        row.cell(text)
            pdf.ln(3)
        elif block.kind == "image" and chart_png:
            pdf.image(io.BytesIO(chart_png), x=left, w=min(155, width))
            _line(pdf, left, width, block.caption, 12, "I")
            pdf.ln(2)
    # Closing: Nơi nhận (left) and signature (right), side by side.
    pdf.ln(4)
    if pdf.get_y() > pdf.h - pdf.b_margin - 55:
        pdf.add_page()
    top = pdf.get_y()
    lw, rw = width * 0.45, width * 0.55
    if report.layout == PARTY:
        pdf.set_font(FAMILY, "", 14 * SCALE)
        pdf.set_x(left)
        pdf.cell(lw, 6, "Nơi nhận:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.line(
            left, pdf.get_y() - 0.8, left + pdf.get_string_width("Nơi nhận:"), pdf.get_y() - 0.8
        )
        item = 12
    else:
        pdf.set_font(FAMILY, "BI", 12 * SCALE)
        pdf.set_x(left)
        pdf.cell(lw, 6, "Nơi nhận:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        item = 11
    for line in report.recipients:
        _line(pdf, left, lw, line, item, align="L")
    pdf.set_y(top)
    _line(pdf, left + lw, rw, report.authority, 14, "B")
    _line(pdf, left + lw, rw, report.position, 14, "B")
    pdf.ln(22)
    _line(pdf, left + lw, rw, report.signer or "", 14, "B")
    return bytes(pdf.output())
