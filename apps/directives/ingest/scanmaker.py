"""Make a "scanned" PDF of a text (an image per page, no text layer) — for tests and benchmarks.

Pages are A4 at 300 dpi, drawn with DejaVu Sans (shipped with matplotlib, or the system's).
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

A4_300DPI = (2480, 3508)
MARGIN = 180


def _font(size: int) -> ImageFont.FreeTypeFont:
    candidates = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]
    try:
        import matplotlib

        candidates.insert(0, Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf")
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        pass
    for path in candidates:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    raise FileNotFoundError("DejaVuSans.ttf")


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    out: list[str] = []
    for para in text.splitlines():
        words = para.split()
        if not words:
            out.append("")
            continue
        line = words[0]
        for w in words[1:]:
            if font.getlength(line + " " + w) <= width:
                line += " " + w
            else:
                out.append(line)
                line = w
        out.append(line)
    return out


def scan_pdf(text: str, *, pages: int = 2, font_size: int = 36) -> bytes:
    """A PDF of ``pages`` page images holding ``text`` (the font shrinks until it fits)."""
    w, h = A4_300DPI
    size = font_size
    while True:
        font = _font(size)
        line_h = int(size * 1.35)
        lines = [ln for ln in _wrap(text, font, w - 2 * MARGIN)]
        per_page = (h - 2 * MARGIN) // line_h
        if len(lines) <= per_page * pages or size <= 16:
            break
        size -= 2
    images = []
    for p in range(pages):
        img = Image.new("L", (w, h), 255)
        draw = ImageDraw.Draw(img)
        y = MARGIN
        for line in lines[p * per_page : (p + 1) * per_page]:
            draw.text((MARGIN, y), line, font=font, fill=0)
            y += line_h
        images.append(img)
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=300)
    return buf.getvalue()
