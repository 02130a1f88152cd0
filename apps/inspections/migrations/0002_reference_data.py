"""Reference data with the legal wording and its source.

- Inspection kinds: Quy định 296-QĐ/TW ngày 30/5/2025 của Ban Chấp hành Trung ương về công tác
  kiểm tra, giám sát và kỷ luật của Đảng (kiểm tra; kiểm tra khi có dấu hiệu vi phạm — defined
  in its Điều 3; giám sát chuyên đề; giám sát thường xuyên).
- Discipline forms: Điều 7 Quy định 69-QĐ/TW ngày 06/7/2022 về kỷ luật tổ chức đảng, đảng viên
  vi phạm (amended by Quy định 264-QĐ/TW ngày 14/02/2025): tổ chức đảng — khiển trách, cảnh cáo,
  giải tán; đảng viên chính thức — khiển trách, cảnh cáo, cách chức (nếu có chức vụ), khai trừ;
  đảng viên dự bị — khiển trách, cảnh cáo. Votes: Điều 15 QĐ 69 — more than half of the members
  (khiển trách, cảnh cáo, cách chức; khiển trách, cảnh cáo a party organisation), at least two
  thirds for khai trừ. Giải tán: two thirds as in Điều lệ Đảng (wording not checked against the
  original text here).
- Violation levels: ít nghiêm trọng, nghiêm trọng, rất nghiêm trọng, đặc biệt nghiêm trọng
  (Quy định 69-QĐ/TW and Hướng dẫn 05-HD/UBKTTW ngày 22/11/2022), below them the "hạn chế,
  khuyết điểm" a conclusion names without a violation (Quy định 296-QĐ/TW).
"""

from django.db import migrations

QD296 = "Quy định 296-QĐ/TW ngày 30/5/2025 của Ban Chấp hành Trung ương"
QD69 = "Quy định 69-QĐ/TW ngày 06/7/2022 (sửa đổi bởi Quy định 264-QĐ/TW ngày 14/02/2025)"

KINDS = [
    ("kiem-tra", "Kiểm tra", False, 1, f"{QD296}: kiểm tra tổ chức đảng, đảng viên chấp hành chủ trương, quy định của Đảng"),
    ("kiem-tra-dau-hieu", "Kiểm tra khi có dấu hiệu vi phạm", False, 2, f"{QD296}, Điều 3 (giải thích từ ngữ “khi có dấu hiệu vi phạm”)"),
    ("giam-sat-chuyen-de", "Giám sát chuyên đề", True, 3, f"{QD296}: giám sát chuyên đề"),
    ("giam-sat-thuong-xuyen", "Giám sát thường xuyên", True, 4, f"{QD296}: giám sát thường xuyên"),
]

LEVELS = [
    ("han-che", "Hạn chế, khuyết điểm", 1, False, f"{QD296}: kết luận ưu điểm, hạn chế, khuyết điểm, vi phạm"),
    ("it-nghiem-trong", "Vi phạm ít nghiêm trọng", 2, True, f"{QD69}; Hướng dẫn 05-HD/UBKTTW ngày 22/11/2022"),
    ("nghiem-trong", "Vi phạm nghiêm trọng", 3, True, f"{QD69}; Hướng dẫn 05-HD/UBKTTW ngày 22/11/2022"),
    ("rat-nghiem-trong", "Vi phạm rất nghiêm trọng", 4, True, f"{QD69}; Hướng dẫn 05-HD/UBKTTW ngày 22/11/2022"),
    ("dac-biet-nghiem-trong", "Vi phạm đặc biệt nghiêm trọng", 5, True, f"{QD69}; Hướng dẫn 05-HD/UBKTTW ngày 22/11/2022"),
]

ART7 = f"{QD69}, Điều 7"
FORMS = [
    # subject, code, name, severity, vote rule, requires post, source
    ("organisation", "khien-trach", "Khiển trách", 1, "half", False, f"{ART7}; Điều 15"),
    ("organisation", "canh-cao", "Cảnh cáo", 2, "half", False, f"{ART7}; Điều 15"),
    ("organisation", "giai-tan", "Giải tán", 4, "two_thirds", False, f"{ART7}; Điều lệ Đảng (giải tán tổ chức đảng)"),
    ("full_member", "khien-trach", "Khiển trách", 1, "half", False, f"{ART7}; Điều 15"),
    ("full_member", "canh-cao", "Cảnh cáo", 2, "half", False, f"{ART7}; Điều 15"),
    ("full_member", "cach-chuc", "Cách chức", 3, "half", True, f"{ART7} (nếu có chức vụ); Điều 15"),
    ("full_member", "khai-tru", "Khai trừ", 4, "two_thirds", False, f"{ART7}; Điều 15 (ít nhất hai phần ba)"),
    ("probationary", "khien-trach", "Khiển trách", 1, "half", False, f"{ART7}; Điều 15"),
    ("probationary", "canh-cao", "Cảnh cáo", 2, "half", False, f"{ART7}; Điều 15"),
]


def load(apps, schema_editor):
    InspectionKind = apps.get_model("inspections", "InspectionKind")
    ViolationLevel = apps.get_model("inspections", "ViolationLevel")
    DisciplineForm = apps.get_model("inspections", "DisciplineForm")
    for code, name, supervision, order, source in KINDS:
        InspectionKind.objects.update_or_create(
            code=code,
            defaults={"name": name, "is_supervision": supervision, "order": order, "source": source},
        )
    for code, name, rank, violation, source in LEVELS:
        ViolationLevel.objects.update_or_create(
            code=code,
            defaults={"name": name, "rank": rank, "is_violation": violation, "source": source},
        )
    for subject, code, name, severity, rule, post, source in FORMS:
        DisciplineForm.objects.update_or_create(
            subject_kind=subject,
            code=code,
            defaults={
                "name": name,
                "severity": severity,
                "vote_rule": rule,
                "requires_post": post,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
