"""Reference data: the four rating levels, the period kinds and two rule sets (Party, State).

Each row names its source. Checked (September 2025 – January 2026) against published texts and
their summaries in the press:
- Quy định 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị (replacing Quy định 124-QĐ/TW of
  4/10/2023): periods "theo nhiệm kỳ, hằng năm, hằng quý hoặc khi cần thiết"; a 100-point
  scale in two groups, "nhóm tiêu chí chung (30 điểm)" and "nhóm tiêu chí về kết quả thực hiện
  nhiệm vụ (70 điểm)"; Điều 11: xuất sắc from 90 points, tốt 70 to under 90, hoàn thành 50 to
  under 70 (thanhnien.vn 20/9/2025, dantri.com.vn 20/9/2025, vietnamnet.vn "Khung tiêu chí
  đánh giá thang điểm 100", laodong.vn on Điều 11).
- Nghị định 335/2025/NĐ-CP ngày 21/12/2025 của Chính phủ, effective 01/01/2026: tiêu chí chung
  30 points, kết quả thực hiện nhiệm vụ 70; the same thresholds; không hoàn thành nhiệm vụ when
  "bị kỷ luật bằng hình thức từ khiển trách trở lên trong năm đánh giá"; xuất sắc "không vượt
  quá 20% tổng số công chức được xếp loại Hoàn thành tốt nhiệm vụ trong phạm vi cùng một cơ
  quan, tổ chức, đơn vị và trong từng nhóm công chức có nhiệm vụ tương đồng" (nhansu.vn full
  text header, cafef.vn 28/12/2025, nld.com.vn 26/12/2025).
What could not be checked is said in each row's `note`.
"""

import datetime

from django.db import migrations

LEVELS = [
    ("xuat-sac", "Hoàn thành xuất sắc nhiệm vụ", 1),
    ("tot", "Hoàn thành tốt nhiệm vụ", 2),
    ("hoan-thanh", "Hoàn thành nhiệm vụ", 3),
    ("khong-hoan-thanh", "Không hoàn thành nhiệm vụ", 4),
]
LEVEL_SOURCE = (
    "Quy định 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị, Điều 11; Nghị định 335/2025/NĐ-CP "
    "ngày 21/12/2025 của Chính phủ (bốn mức xếp loại chất lượng)."
)
KINDS = [
    ("nhiem-ky", "Nhiệm kỳ", 1),
    ("nam", "Năm", 2),
    ("quy", "Quý", 3),
    ("khi-can-thiet", "Khi cần thiết", 4),
]
KIND_SOURCE = (
    "Quy định 366-QĐ/TW (2025): kiểm điểm, đánh giá, xếp loại chất lượng “theo nhiệm kỳ, hằng "
    "năm, hằng quý hoặc khi cần thiết” (thanhnien.vn, dantri.com.vn, 20/9/2025)."
)

PARTY_SOURCE = (
    "Quy định 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị về kiểm điểm và đánh giá, xếp loại chất "
    "lượng đối với tập thể, cá nhân trong hệ thống chính trị; Hướng dẫn 43-HD/BTCTW ngày "
    "31/10/2025 của Ban Tổ chức Trung ương. Thang điểm 100: nhóm tiêu chí chung 30 điểm, kết quả "
    "thực hiện nhiệm vụ 70 điểm; xuất sắc từ 90 điểm, tốt từ 70 đến dưới 90, hoàn thành từ 50 "
    "đến dưới 70 (Điều 11). Kiểm chứng qua: vietnamnet.vn “Khung tiêu chí đánh giá thang điểm "
    "100…”, thanhnien.vn 20/9/2025, laodong.vn (Điều 11)."
)
PARTY_NOTE = (
    "Đã kiểm chứng: thang điểm, hai nhóm tiêu chí 30/70, ngưỡng 90/70/50, các kỳ đánh giá. "
    "Chưa kiểm chứng được trên toàn văn Quy định 366: tỉ lệ “xuất sắc không quá 20% số tốt” "
    "trong từng tổ chức đảng (giữ như Quy định 124-QĐ/TW và như Nghị định 335 quy định cho công "
    "chức); việc lấy ý kiến chi ủy nơi cư trú (theo Quy định 213-QĐ/TW năm 2020 về đảng viên "
    "đang công tác giữ mối liên hệ với nơi cư trú)."
)
STATE_SOURCE = (
    "Nghị định 335/2025/NĐ-CP ngày 21/12/2025 của Chính phủ quy định về đánh giá, xếp loại chất "
    "lượng đối với cơ quan hành chính nhà nước và công chức, hiệu lực từ 01/01/2026. Tiêu chí "
    "chung 30 điểm, kết quả thực hiện nhiệm vụ 70 điểm; xuất sắc từ 90 điểm, tốt từ 70 đến dưới "
    "90, hoàn thành từ 50 đến dưới 70; không hoàn thành khi dưới 50 điểm hoặc bị kỷ luật từ khiển "
    "trách trở lên trong năm; xuất sắc không vượt quá 20% số tốt trong cùng cơ quan, tổ chức, "
    "đơn vị và nhóm công chức có nhiệm vụ tương đồng. Kiểm chứng qua: nhansu.vn (toàn văn, phần "
    "đầu), cafef.vn 28/12/2025, nld.com.vn 26/12/2025, laodong.vn."
)
STATE_NOTE = (
    "Đã kiểm chứng: hiệu lực, thang điểm 30/70, ngưỡng, tỉ lệ 20% và phạm vi tính, trường hợp "
    "kỷ luật từ khiển trách trở lên. Nhóm tiêu chí đối với cơ quan (tập thể) chưa kiểm chứng: "
    "tạm dùng cùng cơ cấu 30/70."
)

PARTY_GROUPS = {
    "person": [
        (
            "tieu-chi-chung",
            "Nhóm tiêu chí chung",
            "Phẩm chất chính trị, đạo đức, lối sống, thực hiện trách nhiệm nêu gương; tư duy đổi "
            "mới, khát vọng cống hiến, dám nghĩ, dám làm; tự phê bình và phê bình, tự soi, tự "
            "sửa, khắc phục hạn chế, khuyết điểm.",
            30,
        ),
        (
            "ket-qua",
            "Nhóm tiêu chí về kết quả thực hiện nhiệm vụ",
            "Kết quả thực hiện nhiệm vụ được giao theo số lượng, tiến độ, chất lượng, sản phẩm "
            "cụ thể; việc thực hiện nghị quyết, chỉ thị của cấp ủy (học tập, quán triệt, cam "
            "kết).",
            70,
        ),
    ],
    "unit": [
        (
            "tieu-chi-chung",
            "Nhóm tiêu chí chung",
            "Xây dựng tổ chức đảng về chính trị, tư tưởng, đạo đức, tổ chức và cán bộ; đoàn "
            "kết nội bộ; thực hiện nguyên tắc tập trung dân chủ; kiểm tra, giám sát.",
            30,
        ),
        (
            "ket-qua",
            "Nhóm tiêu chí về kết quả thực hiện nhiệm vụ",
            "Kết quả lãnh đạo thực hiện nhiệm vụ chính trị, các chỉ tiêu, nhiệm vụ được giao; "
            "triển khai, quán triệt nghị quyết, chỉ thị; kế hoạch, báo cáo đúng hạn; khắc phục "
            "sau kiểm tra, giám sát.",
            70,
        ),
    ],
}
STATE_GROUPS = {
    "person": [
        (
            "tieu-chi-chung",
            "Tiêu chí chung",
            "Phẩm chất chính trị, đạo đức, văn hóa thực thi công vụ, ý thức kỷ luật; tinh thần "
            "trách nhiệm, thái độ phục vụ nhân dân, doanh nghiệp; năng lực đổi mới sáng tạo, dám "
            "nghĩ, dám làm.",
            30,
        ),
        (
            "ket-qua",
            "Kết quả thực hiện nhiệm vụ",
            "Số lượng, chất lượng, tiến độ sản phẩm/công việc hoàn thành so với được giao (đã "
            "quy đổi) theo tháng hoặc quý.",
            70,
        ),
    ],
    "unit": [
        ("tieu-chi-chung", "Tiêu chí chung", "Chấp hành kỷ luật, kỷ cương hành chính.", 30),
        ("ket-qua", "Kết quả thực hiện nhiệm vụ", "Kết quả thực hiện nhiệm vụ được giao.", 70),
    ],
}


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    RatingLevel = apps.get_model("evaluations", "RatingLevel")
    Kind = apps.get_model("evaluations", "EvaluationPeriodKind")
    RuleSet = apps.get_model("evaluations", "RuleSet")
    Threshold = apps.get_model("evaluations", "RuleThreshold")
    Group = apps.get_model("evaluations", "CriterionGroup")
    Cap = apps.get_model("evaluations", "CappingRule")
    levels = {}
    for code, name, rank in LEVELS:
        levels[code], _ = RatingLevel.objects.update_or_create(
            code=code, defaults={"name": name, "rank": rank, "source": LEVEL_SOURCE}
        )
    for code, name, order in KINDS:
        Kind.objects.update_or_create(
            code=code, defaults={"name": name, "order": order, "source": KIND_SOURCE}
        )

    def rule_set(code, groups, caps, **fields):  # type: ignore[no-untyped-def]
        rs, _ = RuleSet.objects.update_or_create(
            code=code,
            defaults={
                **fields,
                "quota_level": levels["xuat-sac"],
                "quota_basis_level": levels["tot"],
                "quota_percent": 20,
                "max_points": 100,
            },
        )
        for level, minimum in (("xuat-sac", 90), ("tot", 70), ("hoan-thanh", 50)):
            Threshold.objects.update_or_create(
                rule_set=rs, level=levels[level], defaults={"min_points": minimum}
            )
        for subject, rows in groups.items():
            for order, (gcode, name, description, points) in enumerate(rows, start=1):
                Group.objects.update_or_create(
                    rule_set=rs,
                    subject_kind=subject,
                    code=gcode,
                    defaults={
                        "order": order,
                        "name": name,
                        "description": description,
                        "max_points": points,
                    },
                )
        rs.caps.all().delete()
        for subject, codes, level, wording, source, note in caps:
            Cap.objects.create(
                rule_set=rs,
                subject_kind=subject,
                fact_kind="discipline",
                codes=codes,
                max_level=levels[level],
                wording=wording,
                source=source,
                note=note,
            )

    rule_set(
        "366-qd-tw-2025",
        PARTY_GROUPS,
        [
            (
                "person",
                ["khien-trach"],
                "hoan-thanh",
                "đã bị kỷ luật {label} trong năm",
                "Yêu cầu của đợt đánh giá (đề bài số 11) theo Quy định 366-QĐ/TW.",
                "Chưa kiểm chứng được trên toàn văn: Quy định 124-QĐ/TW (2023) xếp “không hoàn "
                "thành nhiệm vụ” mọi cá nhân bị kỷ luật trong năm; cần đối chiếu Hướng dẫn "
                "43-HD/BTCTW trước khi dùng chính thức.",
            ),
            (
                "person",
                ["canh-cao", "cach-chuc", "khai-tru"],
                "khong-hoan-thanh",
                "đã bị kỷ luật {label} trong năm",
                "Quy định 124-QĐ/TW (2023): cá nhân “bị xử lý kỷ luật … trong năm” xếp loại "
                "không hoàn thành nhiệm vụ (xaydungchinhsach.chinhphu.vn 09/10/2023).",
                "Giữ theo Quy định 124; chưa kiểm chứng trên toàn văn Quy định 366.",
            ),
            (
                "unit",
                ["khien-trach", "canh-cao", "giai-tan"],
                "khong-hoan-thanh",
                "tổ chức đảng đã bị kỷ luật {label} trong năm",
                "Quy định 124-QĐ/TW (2023): tập thể “bị xử lý kỷ luật” trong năm xếp loại "
                "không hoàn thành nhiệm vụ (xaydungchinhsach.chinhphu.vn 09/10/2023).",
                "Giữ theo Quy định 124; chưa kiểm chứng trên toàn văn Quy định 366.",
            ),
        ],
        name="Quy định 366-QĐ/TW (2025) của Bộ Chính trị",
        authority="party",
        document=(
            "Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị về kiểm điểm và đánh giá, "
            "xếp loại chất lượng đối với tập thể, cá nhân trong hệ thống chính trị"
        ),
        effective_from=datetime.date(2025, 8, 30),
        quota_scope="trong cùng một tổ chức đảng có thẩm quyền quyết định xếp loại",
        requires_residence_opinion=True,
        source=PARTY_SOURCE,
        note=PARTY_NOTE,
    )
    state_discipline = [
        "khien-trach",
        "canh-cao",
        "ha-bac-luong",
        "giang-chuc",
        "cach-chuc",
        "buoc-thoi-viec",
    ]
    rule_set(
        "335-2025-nd-cp",
        STATE_GROUPS,
        [
            (
                "person",
                state_discipline,
                "khong-hoan-thanh",
                "có vi phạm bị kỷ luật {label} trong năm đánh giá",
                "Nghị định 335/2025/NĐ-CP: không hoàn thành nhiệm vụ khi “có hành vi vi phạm "
                "liên quan đến hoạt động công vụ bị kỷ luật bằng hình thức từ khiển trách trở "
                "lên trong năm đánh giá” (cafef.vn 28/12/2025).",
                "Đã kiểm chứng.",
            ),
        ],
        name="Nghị định 335/2025/NĐ-CP của Chính phủ (từ 01/01/2026)",
        authority="state",
        document=(
            "Nghị định số 335/2025/NĐ-CP ngày 21/12/2025 của Chính phủ quy định về đánh giá, "
            "xếp loại chất lượng đối với cơ quan hành chính nhà nước và công chức"
        ),
        effective_from=datetime.date(2026, 1, 1),
        quota_scope=(
            "trong phạm vi cùng một cơ quan, tổ chức, đơn vị và từng nhóm công chức có nhiệm vụ "
            "tương đồng"
        ),
        requires_residence_opinion=False,
        source=STATE_SOURCE,
        note=STATE_NOTE,
    )


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
