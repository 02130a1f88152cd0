"""What an official report says, independent of the file format it is written to.

The builders fill these plain dataclasses from selector results; the .docx and PDF renderers
only read them (no database access), so the same report comes out identical in both.
"""

from dataclasses import dataclass, field

PARTY = "party"  # Hướng dẫn 36-HD/VPTW (2018) of the Central Party Office
STATE = "state"  # Nghị định 30/2020/NĐ-CP, Phụ lục I
LAYOUTS = {PARTY: "Thể thức văn bản của Đảng", STATE: "Thể thức văn bản hành chính"}


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    total: list[str] | None = None
    widths: list[float] | None = None  # relative column widths


@dataclass
class Block:
    kind: str  # "heading" | "paragraph" | "table" | "image"
    text: str = ""
    table: Table | None = None
    image: bytes = b""
    caption: str = ""


@dataclass
class OfficialReport:
    layout: str
    superior: str  # tên cơ quan cấp trên trực tiếp (may be empty)
    issuer: str  # tên cơ quan ban hành
    number: str  # "Số    -BC/TU" (party) or "Số:    /BC-UBND" (state)
    place: str
    day: int
    month: int
    year: int
    title: str  # "BÁO CÁO"
    summary: str  # trích yếu
    blocks: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    authority: str = ""  # "T/M BAN THƯỜNG VỤ" / "TM. ỦY BAN NHÂN DÂN"
    position: str = ""  # "BÍ THƯ" / "CHỦ TỊCH"
    signer: str = ""
    form_code: str = ""  # an official form's code ("Mẫu 2A-HD KĐ.ĐG 2025"), top right

    @property
    def date_line(self) -> str:
        # Both texts: "<địa danh>, ngày … tháng … năm …"; days < 10 and months 1–2 take a
        # leading zero (36-HD/VPTW mục 1.4; ND30 Phụ lục I mục II.4).
        return f"{self.place}, ngày {self.day:02d} tháng {self.month:02d} năm {self.year}"
