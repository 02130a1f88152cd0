"""Deterministic demo data: the current province of Lâm Đồng (after the 2025 reform).

`build_demo_plan` is a pure function of `(people_target, seed)`: it returns plain specs for the
units, people and demo accounts, drawn from one `random.Random(seed)`. `load_demo` writes such a
plan in bulk (treebeard paths computed here, history rows written with
`bulk_create_with_history`) inside one transaction, and does nothing when the root unit "LD"
already exists.

The tree:

    Đảng bộ tỉnh Lâm Đồng (LD)
    ├── Chi bộ Thường trực Tỉnh ủy (the three officials named in Chỉ thị 34's 2024 report)
    ├── Văn phòng Tỉnh ủy, Ban Tổ chức, Ban Tuyên giáo và Dân vận, Ủy ban Kiểm tra…  (2–4 chi bộ)
    ├── Đảng ủy Ủy ban nhân dân tỉnh ── Sở Nội vụ, Sở Tài chính… (2–4 chi bộ each)
    ├── Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh (2–4 chi bộ)
    └── 124 Đảng bộ xã / phường / đặc khu from `vietnam_provinces` (3–8 chi bộ each)

Commune committees and agency heads sit in the commune or agency unit itself; everybody else
sits in a chi bộ, whose first person is its secretary (người đứng đầu).
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from simple_history.utils import bulk_create_with_history
from vietnam_provinces import ProvinceCode, Ward

from apps.access.enums import Role
from apps.access.models import Assignment
from apps.org.models import Unit, UnitKind
from apps.people.enums import Gender
from apps.people.models import Membership, Person, PersonCategory

DEMO_PASSWORD = "trienkhai2026"  # noqa: S105 - published demo password, printed by demo_logins
ROOT_CODE = "LD"
PROVINCE_CODE = 68
START = datetime.date(2025, 7, 1)
CHANGE_REASON = "Dữ liệu mẫu"
BATCH_SIZE = 500
DEMO_COMMUNE = 24781  # Phường Xuân Hương - Đà Lạt

ADMIN_LABEL = "Quản trị hệ thống"
ADMIN_UNIT = "Toàn hệ thống"
MEMBER_LABEL = "Đảng viên"

# --------------------------------------------------------------------------------------------
# Specs (the plan)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent: str | None


@dataclass(frozen=True)
class PersonSpec:
    code: str
    full_name: str
    gender: str
    birth_year: int
    categories: tuple[str, ...]
    position: str
    is_head: bool
    unit: str
    phone: str


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str  # a Role value; "" for the administrator and the plain member
    grant_unit: str  # unit code of the Assignment ("" when none)
    person: str  # person code ("" for the administrator)


@dataclass
class DemoPlan:
    units: list[UnitSpec]
    people: list[PersonSpec]
    accounts: list[AccountSpec]


class DemoAccount(NamedTuple):
    username: str
    role_label: str
    unit_name: str


@dataclass
class DemoSummary:
    created: bool
    units: int
    people: int
    accounts: list[DemoAccount] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Reference lists
# --------------------------------------------------------------------------------------------

# Family names with rough national frequencies (weights).
FAMILY_NAMES: list[tuple[str, int]] = [
    ("Nguyễn", 310), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 30), ("Huỳnh", 30),
    ("Phan", 45), ("Vũ", 20), ("Võ", 35), ("Đặng", 20), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 10), ("Lâm", 6), ("Trương", 12),
    ("Đoàn", 8), ("Mai", 6), ("Cao", 5), ("Lương", 5), ("Hà", 6), ("Châu", 4), ("Tạ", 3),
]  # fmt: skip
MALE_MIDDLE: list[tuple[str, int]] = [
    ("Văn", 40), ("Đình", 8), ("Minh", 8), ("Ngọc", 4), ("Thanh", 6), ("Quốc", 6), ("Hữu", 6),
    ("Đức", 6), ("Công", 5), ("Xuân", 4), ("Hoàng", 3), ("Trọng", 3), ("Tấn", 4), ("Quang", 4),
]  # fmt: skip
FEMALE_MIDDLE: list[tuple[str, int]] = [
    ("Thị", 55), ("Ngọc", 8), ("Thanh", 6), ("Thu", 6), ("Kim", 5), ("Mỹ", 3), ("Bích", 3),
    ("Hồng", 4), ("Thùy", 3), ("Minh", 3), ("Phương", 2), ("Diệu", 2),
]  # fmt: skip
FEMALE_SECOND_MIDDLE = ["Thu", "Ngọc", "Kim", "Thanh", "Hồng", "Mỹ", "Minh", "Bích"]
MALE_SECOND_MIDDLE = ["Anh", "Minh", "Quang", "Đức", "Bảo", "Hoàng", "Thanh"]
MALE_GIVEN = [
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Sơn", "Long", "Nam", "Thắng", "Hoàng", "Phúc",
    "Quang", "Trung", "Hiếu", "Đức", "Tâm", "Tài", "Cường", "Khoa", "Bình", "Thành", "Lợi",
    "Tùng", "Vinh", "Huy", "Toàn", "Lâm", "Phong", "Hưng", "Tiến", "Quân", "Việt", "Hòa",
    "An", "Khánh", "Nghĩa", "Thịnh", "Lộc", "Thanh", "Kiên", "Trí", "Đạt", "Hậu", "Tín",
]  # fmt: skip
FEMALE_GIVEN = [
    "Lan", "Hương", "Hoa", "Mai", "Hạnh", "Thảo", "Trang", "Linh", "Ngọc", "Hà", "Huyền",
    "Nga", "Thủy", "Yến", "Dung", "Phương", "Loan", "Hằng", "Nhung", "Oanh", "Vân", "Liên",
    "Diệp", "Thư", "Hiền", "Tuyết", "Xuân", "Anh", "Quyên", "Nhi", "Tâm", "Giang", "Châu",
]  # fmt: skip

# Ethnic minorities of the new Lâm Đồng. Each style builds a name from (rng, gender).
KHO_MALE_GIVEN = ["Brơi", "Mup", "Điệp", "Mák", "Bin", "Broh", "Dơng", "Ding", "Kriêng",
                  "Tiếp", "Sang", "Thương", "Lâm", "Sới", "Đin"]  # fmt: skip
KHO_FEMALE_GIVEN = ["Hương", "Sô", "Thủy", "Brê", "Huyên", "Nguyệt", "Drim", "Phim", "Hòa",
                    "Lan", "Dung", "Thu", "Nhi", "Bông"]  # fmt: skip
LACH_FAMILY = ["Cil", "Liêng Hót", "Kră Jăn", "Rơ Ông", "Bon Đing", "Đa Cát", "Păng Ting",
               "Mơ Nhông", "Bon Yô"]  # fmt: skip
CHURU_FAMILY = ["Touneh", "Ya", "Ma", "Pi Năng", "Jơ Lơng", "Kơ Să"]
MNONG_MALE_GIVEN = ["Xiêng", "K'Lơi", "Kré", "Đăk", "Sơn", "Bình", "Lộc", "Brăh", "Ngọc",
                    "Điều", "K'Rốt"]  # fmt: skip
MNONG_FEMALE_GIVEN = ["Hoa", "Jen", "Loan", "Rin", "Mai", "H'Nhi", "Nguyệt", "Thanh"]
CHAM_FAMILY = ["Đàng", "Thông", "Bá", "Lưu", "Thuận", "Quảng", "Phú", "Thiên"]
RAGLAI_FAMILY = ["Chamaléa", "Katơr", "Bo Bo", "Mấu", "Pi Năng"]

# Village (thôn / bon) names.
KINH_VILLAGES = [
    "Tân Lập", "Phú Hòa", "Tân Hiệp", "Bình Thạnh", "Hòa Bình", "Thống Nhất", "Tân Tiến",
    "Đoàn Kết", "Phú Thuận", "Đông Hòa", "Tân Phú", "An Bình", "Bình Minh", "Hiệp Thành",
    "Phước Thiện", "Tân Bình", "Quyết Thắng", "Tân Xuân", "Hòa Lạc", "Phú Lâm",
]  # fmt: skip
KHO_VILLAGES = ["Đạ Nghịt", "Bon Đơng", "Liêng Bông", "Păng Tiêng", "Đưng K'Si", "Ka Đơn",
                "Đạ Tông", "Đạ Long", "Ma Đanh", "Liêng Trang", "K'Long", "Đa Ra Hoa"]  # fmt: skip
MNONG_VILLAGES = ["Bu Prăng", "Bu Dấp", "Bu Sir", "Đắk Huýt", "Bu Koh", "N'Jriêng",
                  "Bu Nđơr", "Bu Đăk", "Ja Ráh"]  # fmt: skip
PHU_QUY_VILLAGES = ["Mỹ Khê", "Quý Thạnh", "Quý Hải", "Triều Dương", "Đông Hải", "Phú Long",
                    "Tân Hải", "Hội An", "Phú An"]  # fmt: skip
PRIMARY_SCHOOLS = ["Kim Đồng", "Lê Lợi", "Trần Quốc Toản", "Võ Thị Sáu", "Nguyễn Văn Trỗi",
                   "Lý Tự Trọng", "Hùng Vương", "Quang Trung", "Lê Văn Tám"]  # fmt: skip
SECONDARY_SCHOOLS = ["Nguyễn Du", "Chu Văn An", "Lê Quý Đôn", "Nguyễn Trãi", "Phan Chu Trinh",
                     "Trần Phú", "Lương Thế Vinh", "Nguyễn Bỉnh Khiêm"]  # fmt: skip
KINDERGARTENS = ["Hoa Sen", "Hoa Mai", "Sơn Ca", "Họa Mi", "Hoa Hồng", "Tuổi Thơ"]

# Mobile prefixes, and the landline area codes of the former Lâm Đồng, Bình Thuận, Đắk Nông.
PHONE_PREFIXES = ["090", "091", "094", "097", "098", "086", "096", "032", "033", "035",
                  "038", "070", "079", "077", "083", "084", "088", "0263", "0252", "0261"]  # fmt: skip

# Ethnic profile per commune name: (naming styles, share range). Other communes: Kinh names only.
_KHO = ("kho", "lach", "churu")
ETHNIC_COMMUNES: dict[str, tuple[tuple[str, ...], tuple[float, float]]] = {
    **{
        name: (("lach", "kho"), (0.45, 0.65))
        for name in ("Xã Lạc Dương", "Xã Đam Rông 1", "Xã Đam Rông 2", "Xã Đam Rông 3",
                     "Xã Đam Rông 4")
    },
    **{
        name: (("churu", "kho"), (0.35, 0.6))
        for name in ("Xã Ka Đô", "Xã Quảng Lập", "Xã D'Ran", "Xã Tà Hine", "Xã Tà Năng",
                     "Xã Đơn Dương")
    },
    **{
        name: (("kho",), (0.4, 0.6))
        for name in ("Xã Sơn Điền", "Xã Đinh Trang Thượng", "Xã Bảo Thuận", "Xã Hòa Bắc",
                     "Xã Gia Hiệp", "Xã Bảo Lâm 5")
    },
    **{
        name: (("mnong",), (0.3, 0.5))
        for name in ("Xã Nâm Nung", "Xã Tuy Đức", "Xã Quảng Trực", "Xã Đắk Wil", "Xã Quảng Khê",
                     "Xã Krông Nô")
    },
    **{name: (("cham",), (0.15, 0.3)) for name in ("Xã Bắc Bình", "Xã Hồng Thái", "Xã Tuy Phong")},
    **{name: (("raglai",), (0.3, 0.5)) for name in ("Xã Phan Sơn", "Xã La Dạ", "Xã Đông Giang")},
}  # fmt: skip

# Provincial agencies: (code, name, kind, head positions, cells, parent code or None for root).
AgencyRow = tuple[str, str, str, tuple[str, ...], tuple[str, ...], str | None]
AGENCIES: list[AgencyRow] = [
    ("LD-VP", "Văn phòng Tỉnh ủy", "co-quan",
     ("Chánh Văn phòng Tỉnh ủy", "Phó Chánh Văn phòng Tỉnh ủy"),
     ("Chi bộ Phòng Tổng hợp", "Chi bộ Phòng Hành chính – Lưu trữ",
      "Chi bộ Phòng Tài chính – Quản trị"), None),
    ("LD-BTC", "Ban Tổ chức Tỉnh ủy", "co-quan",
     ("Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy", "Phó Trưởng Ban Tổ chức Tỉnh ủy"),
     ("Chi bộ Phòng Tổ chức đảng – đảng viên", "Chi bộ Phòng Cán bộ",
      "Chi bộ Phòng Bảo vệ chính trị"), None),
    ("LD-BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "co-quan",
     # Its head, Bùi Thắng, sits in the Chi bộ Thường trực Tỉnh ủy.
     ("", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy"),
     ("Chi bộ Phòng Tuyên truyền", "Chi bộ Phòng Dân vận", "Chi bộ Phòng Khoa giáo"), None),
    ("LD-UBKT", "Ủy ban Kiểm tra Tỉnh ủy", "co-quan",
     ("Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
      "Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"),
     ("Chi bộ Phòng Kiểm tra số 1", "Chi bộ Phòng Kiểm tra số 2",
      "Chi bộ Phòng Tổng hợp Ủy ban Kiểm tra"), None),
    ("LD-UBND", "Đảng ủy Ủy ban nhân dân tỉnh", "co-quan",
     ("Bí thư Đảng ủy Ủy ban nhân dân tỉnh", "Phó Bí thư Đảng ủy Ủy ban nhân dân tỉnh"),
     ("Chi bộ Văn phòng Ủy ban nhân dân tỉnh", "Chi bộ Ban Tiếp công dân tỉnh"), None),
    ("LD-SNV", "Sở Nội vụ", "so-ban-nganh",
     ("Giám đốc Sở Nội vụ", "Phó Giám đốc Sở Nội vụ"),
     ("Chi bộ Văn phòng Sở Nội vụ", "Chi bộ Ban Thi đua – Khen thưởng",
      "Chi bộ Phòng Tổ chức, biên chế"), "LD-UBND"),
    ("LD-STC", "Sở Tài chính", "so-ban-nganh",
     ("Giám đốc Sở Tài chính", "Phó Giám đốc Sở Tài chính"),
     ("Chi bộ Văn phòng Sở Tài chính", "Chi bộ Phòng Quản lý ngân sách",
      "Chi bộ Phòng Tài chính doanh nghiệp", "Chi bộ Phòng Kế hoạch đầu tư"), "LD-UBND"),
    ("LD-SGDDT", "Sở Giáo dục và Đào tạo", "so-ban-nganh",
     ("Giám đốc Sở Giáo dục và Đào tạo", "Phó Giám đốc Sở Giáo dục và Đào tạo"),
     ("Chi bộ Văn phòng Sở Giáo dục và Đào tạo", "Chi bộ Phòng Giáo dục phổ thông",
      "Chi bộ Phòng Giáo dục mầm non", "Chi bộ Thanh tra Sở Giáo dục và Đào tạo"), "LD-UBND"),
    ("LD-SYT", "Sở Y tế", "so-ban-nganh",
     ("Giám đốc Sở Y tế", "Phó Giám đốc Sở Y tế"),
     ("Chi bộ Văn phòng Sở Y tế", "Chi bộ Phòng Nghiệp vụ Y", "Chi bộ Phòng Nghiệp vụ Dược"),
     "LD-UBND"),
    ("LD-SXD", "Sở Xây dựng", "so-ban-nganh",
     ("Giám đốc Sở Xây dựng", "Phó Giám đốc Sở Xây dựng"),
     ("Chi bộ Văn phòng Sở Xây dựng", "Chi bộ Phòng Quản lý xây dựng",
      "Chi bộ Phòng Quản lý giao thông"), "LD-UBND"),
    ("LD-SNNMT", "Sở Nông nghiệp và Môi trường", "so-ban-nganh",
     ("Giám đốc Sở Nông nghiệp và Môi trường", "Phó Giám đốc Sở Nông nghiệp và Môi trường"),
     ("Chi bộ Văn phòng Sở Nông nghiệp và Môi trường", "Chi bộ Chi cục Kiểm lâm",
      "Chi bộ Phòng Quản lý đất đai"), "LD-UBND"),
    ("LD-MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "mat-tran-doan-the",
     ("Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
      "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
     ("Chi bộ Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Chi bộ Hội Liên hiệp Phụ nữ tỉnh",
      "Chi bộ Tỉnh đoàn", "Chi bộ Hội Nông dân tỉnh"), None),
]  # fmt: skip

LEADERS_CELL = "LD-TT"
# The officials named in the 2024 report of Chỉ thị 34 (titles as written then); birth years
# are placeholders.
PROVINCE_LEADERS: list[tuple[str, str, str, int]] = [
    ("Nguyễn Thái Học", Gender.MALE, "Quyền Bí thư Tỉnh ủy", 1971),
    ("Trần Đình Văn", Gender.MALE,
     "Phó Bí thư Thường trực Tỉnh ủy, Trưởng đoàn đại biểu Quốc hội tỉnh", 1968),
    ("Bùi Thắng", Gender.MALE, "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Tỉnh ủy", 1970),
]  # fmt: skip

COMMITTEE = [
    "Bí thư Đảng ủy {d}",
    "Phó Bí thư Thường trực Đảng ủy, Chủ tịch Hội đồng nhân dân {d}",
    "Phó Bí thư Đảng ủy, Chủ tịch Ủy ban nhân dân {d}",
    "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy {d}",
    "Ủy viên Ban Thường vụ, Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam {d}",
    "Ủy viên Ban Thường vụ, Phó Chủ tịch Ủy ban nhân dân {d}",
    "Chánh Văn phòng Đảng ủy {d}",
]
COMMUNE_OFFICE_POSITION = 6  # "Chánh Văn phòng Đảng ủy …": the commune's demo officer

# Cell profiles: (categories rule name, title for non-party people, size range).
PROFILES: dict[str, tuple[str, tuple[int, int]]] = {
    "ward": ("", (30, 55)),
    "village": ("", (18, 42)),
    "office": ("Chuyên viên", (15, 30)),
    "security": ("", (8, 20)),
    "school": ("Giáo viên", (8, 18)),
    "health": ("Y sĩ", (8, 16)),
    "agency": ("Chuyên viên", (10, 25)),
    "front": ("Cán bộ", (10, 22)),
    "leaders": ("", (0, 0)),
}

ACCOUNT_ORDER = ["admin", "lanhdao", "canbo.tinh", "kiemtra", "thidua", "lanhdao.xa",
                 "canbo.xa", "dangvien"]  # fmt: skip


# --------------------------------------------------------------------------------------------
# Plan building (pure)
# --------------------------------------------------------------------------------------------


def _weighted(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


@dataclass
class _Cell:
    """A place people are put in: a chi bộ, or the committee of a commune or agency."""

    code: str
    profile: str
    minimum: int
    weight: float
    positions: list[tuple[str, bool]] = field(default_factory=list)  # fixed slots (committees)
    commune: str = ""  # commune name, for ethnic naming
    count: int = 0


class _PlanBuilder:
    def __init__(self, *, people_target: int, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not security
        self.people_target = people_target
        self.units: list[UnitSpec] = []
        self.cells: list[_Cell] = []
        self.people: list[PersonSpec] = []
        self.ethnic: dict[str, tuple[tuple[str, ...], float]] = {}

    # -- units ---------------------------------------------------------------------------

    def unit(self, code: str, name: str, kind: str, parent: str | None) -> str:
        self.units.append(UnitSpec(code=code, name=name, kind=kind, parent=parent))
        return code

    def build_units(self) -> None:
        rng = self.rng
        self.unit(ROOT_CODE, "Đảng bộ tỉnh Lâm Đồng", "dang-bo-tinh", None)
        self.unit(LEADERS_CELL, "Chi bộ Thường trực Tỉnh ủy", "chi-bo", ROOT_CODE)
        self.cells.append(_Cell(LEADERS_CELL, "leaders", len(PROVINCE_LEADERS), 0.0))
        for code, name, kind, heads, cells, parent in AGENCIES:
            self.unit(code, name, kind, parent or ROOT_CODE)
            positions = [(p, i == 0) for i, p in enumerate(heads) if p]
            self.cells.append(_Cell(code, "agency", len(positions), 0.0, positions))
            profile = "front" if kind == "mat-tran-doan-the" else "agency"
            count = rng.randint(2, min(4, len(cells)))
            for n, cell_name in enumerate(cells[:count], start=1):
                cell_code = self.unit(f"{code}-{n:02d}", cell_name, "chi-bo", code)
                self.cells.append(_Cell(cell_code, profile, 1, self._size(profile)))
        for ward in Ward.iter_by_province(ProvinceCode(PROVINCE_CODE)):
            self._commune(ward)

    def _size(self, profile: str) -> float:
        low, high = PROFILES[profile][1]
        return self.rng.uniform(low, high)

    def _commune(self, ward: Any) -> None:
        rng = self.rng
        division = ward.division_type.value  # "xã", "phường", "đặc khu"
        kind = {"xã": "dang-bo-xa", "phường": "dang-bo-phuong", "đặc khu": "dang-bo-dac-khu"}
        number = ward.code.value
        code = self.unit(f"X{number}", f"Đảng bộ {ward.name}", kind[division], ROOT_CODE)
        styles, (low, high) = ETHNIC_COMMUNES.get(ward.name, ((), (0.0, 0.0)))
        if not styles and division == "xã" and 24840 <= number <= 25200:
            # Other communes of the former Lâm Đồng: some K'Ho, Churu, Mạ families.
            styles, (low, high) = _KHO, (0.05, 0.2)
        if not styles and division == "xã" and 24600 <= number <= 24770:
            styles, (low, high) = ("mnong",), (0.05, 0.2)  # former Đắk Nông
        self.ethnic[ward.name] = (styles, rng.uniform(low, high) if styles else 0.0)
        committee = [(p.format(d=division), i == 0) for i, p in enumerate(COMMITTEE)]
        self.cells.append(_Cell(code, "office", 1, 0.0, committee, commune=ward.name))

        total = rng.randint(3, 8)
        institutions = min(total - 2, 1 + rng.randint(0, 3))
        # "Phường Xuân Hương - Đà Lạt" -> "phường Xuân Hương - Đà Lạt", as inside a sentence.
        place = f"{division} {ward.name[len(division) :].strip()}"
        others = [
            (f"Chi bộ Cơ quan Đảng – Mặt trận {place}", "office"),
            (f"Chi bộ Công an {place}", "security"),
            (f"Chi bộ Quân sự {place}", "security"),
            (f"Chi bộ Trạm Y tế {place}", "health"),
            (f"Chi bộ Trường Tiểu học {rng.choice(PRIMARY_SCHOOLS)}", "school"),
            (f"Chi bộ Trường Trung học cơ sở {rng.choice(SECONDARY_SCHOOLS)}", "school"),
            (f"Chi bộ Trường Mầm non {rng.choice(KINDERGARTENS)}", "school"),
        ]
        chosen = sorted(rng.sample(range(len(others)), institutions - 1))
        cells = [(f"Chi bộ Ủy ban nhân dân {place}", "office")]
        cells += [others[i] for i in chosen]
        cells += self._residential(ward, division, total - institutions)
        for n, (cell_name, profile) in enumerate(cells, start=1):
            cell_code = self.unit(f"{code}-{n:02d}", cell_name, "chi-bo", code)
            minimum = 4 if number == DEMO_COMMUNE and profile in ("ward", "village") else 0
            self.cells.append(
                _Cell(cell_code, profile, minimum, self._size(profile), commune=ward.name)
            )

    def _residential(self, ward: Any, division: str, count: int) -> list[tuple[str, str]]:
        rng = self.rng
        styles, share = self.ethnic[ward.name]
        names: list[str] = []
        numbers = rng.sample(range(1, 16), count)
        for i in range(count):
            if division == "phường":
                # The former Bình Thuận wards say "khu phố", the others "tổ dân phố".
                word = "khu phố" if ward.code.value < 23300 else "tổ dân phố"
                names.append(f"{word} {numbers[i]}")
            elif division == "đặc khu":
                names.append(f"thôn {PHU_QUY_VILLAGES[i % len(PHU_QUY_VILLAGES)]}")
            elif "mnong" in styles and rng.random() < share + 0.2:
                names.append(f"bon {rng.choice(MNONG_VILLAGES)}")
            elif "kho" in styles and rng.random() < share + 0.2:
                names.append(f"thôn {rng.choice(KHO_VILLAGES)}")
            elif rng.random() < 0.5:
                names.append(f"thôn {numbers[i]}")
            else:
                names.append(f"thôn {rng.choice(KINH_VILLAGES)}")
        seen: set[str] = set()
        result = []
        for i, name in enumerate(names):
            if name in seen:
                name = f"thôn {numbers[i]}"
            seen.add(name)
            result.append((f"Chi bộ {name}", "ward" if division == "phường" else "village"))
        return result

    # -- people --------------------------------------------------------------------------

    def allocate(self) -> None:
        """Sizes each cell: its minimum, then the rest of the target by weight."""
        big = self.people_target >= 4000
        for cell in self.cells:
            if cell.positions and cell.profile == "office":
                # Commune committees: full when the target is large (and for the demo commune).
                full = big or cell.code == f"X{DEMO_COMMUNE}"
                cell.minimum = len(cell.positions) if full else 1
            cell.count = cell.minimum
        remaining = self.people_target - sum(c.count for c in self.cells)
        weighted = [c for c in self.cells if c.weight > 0]
        total_weight = sum(c.weight for c in weighted)
        if remaining <= 0 or not total_weight:
            return
        shares = [remaining * c.weight / total_weight for c in weighted]
        floors = [int(s) for s in shares]
        for cell, extra in zip(weighted, floors, strict=True):
            cell.count += extra
        left = remaining - sum(floors)
        order = sorted(range(len(weighted)), key=lambda i: (floors[i] - shares[i], i))
        for i in order[:left]:
            weighted[i].count += 1

    def build_people(self) -> None:
        self.allocate()
        for cell in self.cells:
            if cell.profile == "leaders":
                for full_name, gender, position, year in PROVINCE_LEADERS:
                    self._add(
                        cell, full_name, gender, year, ("dang-vien", "cong-chuc"), position,
                        is_head=full_name == PROVINCE_LEADERS[0][0],
                    )  # fmt: skip
                continue
            if cell.positions:
                for position, is_head in cell.positions[: cell.count]:
                    gender, full_name = self._name(cell.commune)
                    year = self.rng.randint(1965, 1985)
                    self._add(
                        cell, full_name, gender, year, ("dang-vien", "cong-chuc"), position,
                        is_head=is_head,
                    )  # fmt: skip
                continue
            self._cell_people(cell)

    def _cell_people(self, cell: _Cell) -> None:
        rng = self.rng
        size = cell.count
        committee = rng.randint(1, 3) if size >= 9 else 0
        for i in range(size):
            gender, full_name = self._name(cell.commune)
            categories = self._categories(cell.profile)
            if i == 0:
                position, is_head = "Bí thư chi bộ", True
            elif i == 1 and size >= 3:
                position, is_head = "Phó Bí thư chi bộ", False
            elif 2 <= i < 2 + committee:
                position, is_head = "Chi ủy viên", False
            elif "dang-vien" in categories:
                position, is_head = "Đảng viên", False
            else:
                position, is_head = PROFILES[cell.profile][0] or "Quần chúng", False
            if i < 2 + committee and "dang-vien" not in categories:
                categories = ("dang-vien", *categories)  # cell officers are party members
            if cell.profile in ("ward", "village") and rng.random() < 0.4:
                year = rng.randint(1960, 1970)  # many retired members in residential cells
            else:
                year = rng.randint(1968 if i < 2 else 1970, 2002)
            self._add(cell, full_name, gender, year, categories, position, is_head=is_head)

    def _categories(self, profile: str) -> tuple[str, ...]:
        r = self.rng.random
        if profile in ("ward", "village"):
            return ("dang-vien", "nguoi-lao-dong") if r() < 0.12 else ("dang-vien",)
        if profile == "security":
            return ("dang-vien",)
        party: tuple[str, ...] = ("dang-vien",)
        if profile in ("school", "health"):
            party = party if r() < 0.65 else ()
            return (*party, "vien-chuc" if r() < 0.92 else "nguoi-lao-dong")
        party = party if r() < (0.85 if profile in ("office", "front") else 0.8) else ()
        roll = r()
        if profile == "agency" and roll > 0.92:
            return (*party, "vien-chuc")
        return (*party, "cong-chuc" if roll < 0.87 else "nguoi-lao-dong")

    def _name(self, commune: str) -> tuple[str, str]:
        rng = self.rng
        gender = Gender.FEMALE if rng.random() < 0.42 else Gender.MALE
        styles, share = self.ethnic.get(commune, ((), 0.0))
        if styles and rng.random() < share:
            return gender, self._ethnic_name(rng.choice(styles), gender)
        return gender, self._kinh_name(gender, _weighted(rng, FAMILY_NAMES))

    def _kinh_name(self, gender: str, family: str) -> str:
        rng = self.rng
        if gender == Gender.FEMALE:
            middle = _weighted(rng, FEMALE_MIDDLE)
            if middle == "Thị" and rng.random() < 0.15:
                middle = f"Thị {rng.choice(FEMALE_SECOND_MIDDLE)}"
            given = rng.choice(FEMALE_GIVEN)
        else:
            middle = _weighted(rng, MALE_MIDDLE)
            if middle != "Văn" and rng.random() < 0.06:
                second = rng.choice(MALE_SECOND_MIDDLE)
                if second != middle:
                    middle = f"{middle} {second}"
            given = rng.choice(MALE_GIVEN)
        if middle.split()[-1] == given:
            given = rng.choice(FEMALE_GIVEN if gender == Gender.FEMALE else MALE_GIVEN)
        return f"{family} {middle} {given}"

    def _ethnic_name(self, style: str, gender: str) -> str:
        rng = self.rng
        female = gender == Gender.FEMALE
        if style == "kho":  # K'Ho: K' for men, Ka for women (e.g. "K' Brơi", "Ka Hương")
            if female:
                return f"Ka {rng.choice(KHO_FEMALE_GIVEN)}"
            return f"K' {rng.choice(KHO_MALE_GIVEN)}"
        if style == "lach":  # Lạch / Chil family name first (e.g. "Cil Mup")
            given = rng.choice(KHO_FEMALE_GIVEN if female else KHO_MALE_GIVEN)
            return f"{rng.choice(LACH_FAMILY)} {given}"
        if style == "churu":  # Churu family name, then a Vietnamese middle and given name
            return self._kinh_name(gender, rng.choice(CHURU_FAMILY))
        if style == "mnong":  # M'Nông: Điểu for men, Thị for women
            if female:
                return f"Thị {rng.choice(MNONG_FEMALE_GIVEN)}"
            return f"Điểu {rng.choice(MNONG_MALE_GIVEN)}"
        if style == "cham":
            return self._kinh_name(gender, rng.choice(CHAM_FAMILY))
        return self._kinh_name(gender, rng.choice(RAGLAI_FAMILY))

    def _phone(self) -> str:
        rng = self.rng
        if rng.random() >= 0.35:
            return ""
        return rng.choice(PHONE_PREFIXES) + "".join(str(rng.randint(0, 9)) for _ in range(7))

    def _add(
        self,
        cell: _Cell,
        full_name: str,
        gender: str,
        year: int,
        categories: tuple[str, ...],
        position: str,
        *,
        is_head: bool,
    ) -> None:
        self.people.append(
            PersonSpec(
                code=f"LD{len(self.people) + 1:06d}",
                full_name=full_name,
                gender=str(gender),
                birth_year=year,
                categories=categories,
                position=position,
                is_head=is_head,
                unit=cell.code,
                phone=self._phone(),
            )
        )

    # -- accounts ------------------------------------------------------------------------

    def accounts(self) -> list[AccountSpec]:
        def member_of(unit: str) -> str:
            candidates = [p for p in self.people if p.unit == unit and not p.is_head]
            plain = [p for p in candidates if p.position == "Đảng viên"]
            return (plain or candidates)[0].code

        def holder(unit: str, position: str) -> str:
            return next(p.code for p in self.people if p.unit == unit and p.position == position)

        commune = f"X{DEMO_COMMUNE}"
        residential = next(
            c.code for c in self.cells if c.code.startswith(f"{commune}-") and c.minimum
        )
        secretary = COMMITTEE[0].format(d="phường")
        office = COMMITTEE[COMMUNE_OFFICE_POSITION].format(d="phường")
        return [
            AccountSpec("admin", "", "", ""),
            AccountSpec("lanhdao", Role.LEADER, ROOT_CODE,
                        holder(LEADERS_CELL, PROVINCE_LEADERS[0][2])),
            AccountSpec("canbo.tinh", Role.OFFICER, ROOT_CODE, member_of("LD-VP-01")),
            AccountSpec("kiemtra", Role.INSPECTOR, ROOT_CODE, member_of("LD-UBKT-01")),
            AccountSpec("thidua", Role.EMULATION, ROOT_CODE, member_of("LD-SNV-02")),
            AccountSpec("lanhdao.xa", Role.LEADER, commune, holder(commune, secretary)),
            AccountSpec("canbo.xa", Role.OFFICER, commune, holder(commune, office)),
            AccountSpec("dangvien", "", "", member_of(residential)),
        ]  # fmt: skip


def build_demo_plan(*, people_target: int = 20000, seed: int = 34) -> DemoPlan:
    """The demo data as plain specs; the same arguments always give the same plan."""
    builder = _PlanBuilder(people_target=people_target, seed=seed)
    builder.build_units()
    # The account cells must have room for a plain member.
    for cell in builder.cells:
        if cell.code in ("LD-VP-01", "LD-UBKT-01", "LD-SNV-02"):
            cell.minimum = 3
    builder.build_people()
    return DemoPlan(units=builder.units, people=builder.people, accounts=builder.accounts())


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _say(stdout: Any, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _step(number: int) -> str:
    key = Unit._int2str(number)
    return key.rjust(Unit.steplen, Unit.alphabet[0])


def _next_root_path() -> str:
    last = Unit.objects.get_last_root_node()
    if last is None:
        return _step(1)
    return last._inc_path()


def _build_units(plan: DemoPlan) -> list[Unit]:
    kinds = {k.code: k for k in UnitKind.objects.all()}
    children: dict[str | None, int] = {}
    for spec in plan.units:
        children[spec.parent] = children.get(spec.parent, 0) + 1
    paths: dict[str, str] = {}
    seen: dict[str, int] = {}
    units = []
    for spec in plan.units:
        if spec.parent is None:
            path = _next_root_path()
        else:
            seen[spec.parent] = seen.get(spec.parent, 0) + 1
            path = paths[spec.parent] + _step(seen[spec.parent])
        paths[spec.code] = path
        unit = Unit(
            code=spec.code,
            name=spec.name,
            kind=kinds[spec.kind],
            valid_from=START,
            path=path,
            depth=len(path) // Unit.steplen,
            numchild=children.get(spec.code, 0),
        )
        unit.refresh_computed()
        units.append(unit)
    return units


def _create_users(plan: DemoPlan, stdout: Any) -> dict[str, Any]:
    user_model = get_user_model()
    usernames = [a.username for a in plan.accounts]
    existing = set(
        user_model.objects.filter(username__in=usernames).values_list("username", flat=True)
    )
    for username in sorted(existing):
        _say(stdout, f"Tài khoản “{username}” đã có sẵn: giữ nguyên, không gắn dữ liệu mẫu.")
    password = make_password(DEMO_PASSWORD)
    new_users = [
        user_model(
            username=a.username,
            password=password,
            is_superuser=a.username == "admin",
            is_staff=a.username == "admin",
        )
        for a in plan.accounts
        if a.username not in existing
    ]
    user_model.objects.bulk_create(new_users)
    created = user_model.objects.filter(username__in=[u.username for u in new_users])
    return {u.username: u for u in created}


def load_demo(*, stdout: Any = None, people_target: int = 20000, seed: int = 34) -> DemoSummary:
    """Loads the Lâm Đồng demo in one transaction; does nothing if unit "LD" already exists.

    `people_target` is met exactly above ~200, the fixed posts (provincial officials, agency
    heads, commune secretaries, the demo accounts' people), which are always created.
    """
    root = Unit.objects.filter(code=ROOT_CODE).first()
    if root is not None:
        _say(stdout, "Dữ liệu mẫu đã có (đơn vị LD): không nạp lại.")
        return _summary(root, created=False)
    plan = build_demo_plan(people_target=people_target, seed=seed)
    with transaction.atomic():
        units = bulk_create_with_history(
            _build_units(plan), Unit, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON
        )
        by_code = {u.code: u for u in units}
        users = _create_users(plan, stdout)
        masks = {c.code: c.mask for c in PersonCategory.objects.all()}
        account_of = {a.person: users.get(a.username) for a in plan.accounts if a.person}
        people = []
        for spec in plan.people:
            mask = 0
            for category in spec.categories:
                mask |= masks[category]
            person = Person(
                code=spec.code,
                full_name=spec.full_name,
                gender=spec.gender,
                birth_year=spec.birth_year,
                category_mask=mask,
                position=spec.position,
                is_head=spec.is_head,
                unit=by_code[spec.unit],
                phone=spec.phone,
                user=account_of.get(spec.code),
            )
            person.refresh_computed()
            people.append(person)
        people = bulk_create_with_history(
            people, Person, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON
        )
        bulk_create_with_history(
            [Membership(person=p, unit=p.unit, start=START, reason=CHANGE_REASON) for p in people],
            Membership,
            batch_size=BATCH_SIZE,
            default_change_reason=CHANGE_REASON,
        )
        by_person = {p.code: p for p in people}
        assignments = [
            Assignment(person=by_person[a.person], unit=by_code[a.grant_unit], role=a.role)
            for a in plan.accounts
            if a.role and users.get(a.username) is not None
        ]
        bulk_create_with_history(assignments, Assignment, default_change_reason=CHANGE_REASON)
    return _summary(by_code[ROOT_CODE], created=True)


def _summary(root: Unit, *, created: bool) -> DemoSummary:
    return DemoSummary(
        created=created,
        units=Unit.objects.filter(path__startswith=root.path).count(),
        people=Person.objects.filter(unit__path__startswith=root.path).count(),
        accounts=demo_accounts(),
    )


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts present in the database, with their role and unit (for the log-in list)."""
    user_model = get_user_model()
    users = {u.username: u for u in user_model.objects.filter(username__in=ACCOUNT_ORDER)}
    people = {
        p.user_id: p
        for p in Person.objects.filter(user__in=list(users.values())).select_related("unit")
    }
    grants: dict[int, Assignment] = {}
    for assignment in (
        Assignment.objects.filter(person__in=list(people.values()))
        .select_related("unit")
        .order_by("-unit__path")
    ):
        grants[assignment.person_id] = assignment  # keeps the grant nearest the root
    result = []
    for username in ACCOUNT_ORDER:
        user = users.get(username)
        if user is None:
            continue
        person = people.get(user.pk)
        if user.is_superuser:
            result.append(DemoAccount(username, ADMIN_LABEL, ADMIN_UNIT))
        elif person is not None and person.pk in grants:
            grant = grants[person.pk]
            result.append(DemoAccount(username, grant.get_role_display(), grant.unit.name))
        elif person is not None:
            result.append(DemoAccount(username, MEMBER_LABEL, person.unit.name))
    return result
