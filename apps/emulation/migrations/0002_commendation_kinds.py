"""Titles (danh hiệu thi đua) and forms of commendation (hình thức khen thưởng) as reference data.

Wording and deciding authority from Luật Thi đua, khen thưởng số 06/2022/QH15 (Công báo số
571 + 572 ngày 15/7/2022): Điều 80 khoản 1 — Thủ trưởng cơ quan, tổ chức, đơn vị có tư cách
pháp nhân thuộc bộ, ban, ngành, tỉnh, thủ trưởng cơ quan chuyên môn thuộc Ủy ban nhân dân cấp
tỉnh quyết định tặng "Tập thể lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Lao động tiên
tiến" và giấy khen; khoản 3 — Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng "Lao động tiên
tiến", giấy khen; Điều 79 — Chủ tịch Ủy ban nhân dân cấp tỉnh quyết định tặng danh hiệu "Chiến
sĩ thi đua bộ, ban, ngành, tỉnh", "Tập thể lao động xuất sắc", cờ thi đua và bằng khen. Detailed
standards: Nghị định 98/2023/NĐ-CP. "Lao động tiên tiến" requires "Hoàn thành tốt nhiệm vụ" or
better; "Chiến sĩ thi đua cơ sở" and "Tập thể lao động xuất sắc" require "Hoàn thành xuất sắc
nhiệm vụ".

`decider_kinds` maps the authority onto this system's unit kinds (org reference data): the
province-level unit stands for the province's authority; grassroots units (xã, phường, đặc
khu, cơ sở, sở, ban, ngành) for the commune-level and agency-level authority.
"""

from django.db import migrations

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"
DECREE = "Nghị định 98/2023/NĐ-CP"
PROVINCE = "dang-bo-tinh"
AGENCIES = "dang-bo-tinh,so-ban-nganh,co-quan,dang-bo-co-so,chi-bo-co-so"
COMMUNES = AGENCIES + ",dang-bo-xa,dang-bo-phuong,dang-bo-dac-khu"

KINDS = [
    # code, name, category, subject, decider, decider kinds, min rating, rank, requirement, source
    (
        "lao-dong-tien-tien",
        "Lao động tiên tiến",
        "title",
        "person",
        "Chủ tịch Ủy ban nhân dân cấp xã; Thủ trưởng cơ quan, tổ chức, đơn vị",
        COMMUNES,
        "Hoàn thành tốt nhiệm vụ",
        3,
        "Hoàn thành tốt nhiệm vụ trở lên; tự lực, đoàn kết, tích cực tham gia phong trào thi đua.",
        f"{LAW}, Điều 80 khoản 1, 3; {DECREE}",
    ),
    (
        "chien-si-thi-dua-co-so",
        "Chiến sĩ thi đua cơ sở",
        "title",
        "person",
        "Thủ trưởng cơ quan, tổ chức, đơn vị có tư cách pháp nhân thuộc bộ, ban, ngành, tỉnh",
        AGENCIES,
        "Hoàn thành xuất sắc nhiệm vụ",
        4,
        "Hoàn thành xuất sắc nhiệm vụ; có sáng kiến hoặc đề tài, đề án được công nhận, áp dụng.",
        f"{LAW}, Điều 80 khoản 1; {DECREE}",
    ),
    (
        "tap-the-lao-dong-tien-tien",
        "Tập thể lao động tiên tiến",
        "title",
        "unit",
        "Thủ trưởng cơ quan, tổ chức, đơn vị có tư cách pháp nhân thuộc bộ, ban, ngành, tỉnh",
        AGENCIES,
        "Hoàn thành tốt nhiệm vụ",
        3,
        "Hoàn thành tốt nhiệm vụ; có phong trào thi đua thường xuyên, thiết thực, hiệu quả.",
        f"{LAW}, Điều 80 khoản 1; {DECREE}",
    ),
    (
        "tap-the-lao-dong-xuat-sac",
        "Tập thể lao động xuất sắc",
        "title",
        "unit",
        "Chủ tịch Ủy ban nhân dân cấp tỉnh",
        PROVINCE,
        "Hoàn thành xuất sắc nhiệm vụ",
        4,
        "Sáng tạo, vượt khó hoàn thành xuất sắc nhiệm vụ; là tập thể tiêu biểu, được các tập "
        "thể khác học tập.",
        f"{LAW}, Điều 79; {DECREE}",
    ),
    (
        "chien-si-thi-dua-tinh",
        "Chiến sĩ thi đua bộ, ban, ngành, tỉnh",
        "title",
        "person",
        "Chủ tịch Ủy ban nhân dân cấp tỉnh",
        PROVINCE,
        "Hoàn thành xuất sắc nhiệm vụ",
        4,
        "Có thành tích tiêu biểu xuất sắc trong số cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở.",
        f"{LAW}, Điều 79; {DECREE}",
    ),
    (
        "co-thi-dua-tinh",
        "Cờ thi đua của bộ, ban, ngành, tỉnh",
        "title",
        "unit",
        "Chủ tịch Ủy ban nhân dân cấp tỉnh",
        PROVINCE,
        "Hoàn thành xuất sắc nhiệm vụ",
        4,
        "Tập thể tiêu biểu xuất sắc, dẫn đầu phong trào thi đua của cụm, khối.",
        f"{LAW}, Điều 79; {DECREE}",
    ),
    (
        "giay-khen",
        "Giấy khen",
        "form",
        "both",
        "Chủ tịch Ủy ban nhân dân cấp xã; Thủ trưởng cơ quan, tổ chức, đơn vị",
        COMMUNES,
        "Hoàn thành tốt nhiệm vụ",
        3,
        "Có thành tích đột xuất hoặc thành tích trong thực hiện nhiệm vụ, phong trào thi đua.",
        f"{LAW}, Điều 80 khoản 1, 3; {DECREE}",
    ),
    (
        "bang-khen-tinh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh",
        "form",
        "both",
        "Chủ tịch Ủy ban nhân dân cấp tỉnh",
        PROVINCE,
        "Hoàn thành tốt nhiệm vụ",
        3,
        "Thành tích tiêu biểu trong phong trào thi đua, hoàn thành tốt nhiệm vụ trở lên.",
        f"{LAW}, Điều 79; {DECREE}",
    ),
]


def add_kinds(apps, schema_editor):
    model = apps.get_model("emulation", "CommendationKind")
    for order, row in enumerate(KINDS, start=1):
        code, name, category, subject, decider, kinds, rating, rank, requirement, source = row
        model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "subject": subject,
                "decider": decider,
                "decider_kinds": kinds,
                "min_rating": rating,
                "min_rating_rank": rank,
                "requirement": requirement,
                "source": source,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("emulation", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
