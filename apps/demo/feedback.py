"""Demo: citizens' feedback about Lâm Đồng communes on Directive 34's conduct criteria, at every
stage (waiting for intake — some late —, being handled, waiting for a commune's explanation,
concluded, answered publicly with each outcome, not handled). Routed and handled through the
feedback services like real feedback; deterministic (seed 34). One tracking code is printed so
the public status page can be tried.
"""

import datetime
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.access.enums import Role
from apps.directives.enums import Polarity
from apps.directives.models import ConductCriterion
from apps.feedback import codes, services
from apps.feedback.enums import OutcomeCode
from apps.feedback.models import Feedback
from apps.org.models import Unit
from apps.people.selectors import role_holders

DEMO_CODE = "DEMQ-34CD-ACHK"

_TEXTS = [
    "Khi tôi đến làm thủ tục đăng ký đất đai, cán bộ tiếp nhận hẹn lại ba lần, không nói rõ "
    "còn thiếu giấy tờ gì.",
    "Cán bộ bộ phận một cửa nói chuyện với người dân thiếu tôn trọng, quát tháo khi bà con hỏi "
    "lại thủ tục.",
    "Hồ sơ xin cấp giấy phép xây dựng nộp đã quá hạn hai tuần mà chưa có kết quả, gọi điện "
    "không ai trả lời.",
    "Cán bộ xã gợi ý phải 'bồi dưỡng' thì hồ sơ mới được giải quyết nhanh.",
    "Trụ sở ủy ban thường xuyên không có người trực vào buổi chiều, người dân phải chờ lâu.",
    "Cán bộ phụ trách đẩy trách nhiệm qua lại giữa các bộ phận, không ai giải quyết dứt điểm.",
    "Đề nghị xã công khai lịch tiếp công dân; nhiều lần đến không gặp được lãnh đạo.",
    "Cán bộ đến nhà đo đạc nhưng không xuất trình giấy tờ, thái độ hách dịch.",
]
_ANSWERS = {
    OutcomeCode.SUBSTANTIATED: "Phản ánh đúng. Đã yêu cầu cán bộ kiểm điểm, xin lỗi người dân và "
    "giải quyết hồ sơ trong 5 ngày làm việc.",
    OutcomeCode.PARTLY: "Phản ánh đúng một phần: hồ sơ chậm do thiếu giấy tờ, nhưng cán bộ chưa "
    "hướng dẫn đầy đủ; đã chấn chỉnh.",
    OutcomeCode.NOT_SUBSTANTIATED: "Qua xác minh, hồ sơ được giải quyết đúng hạn theo quy định; "
    "phản ánh không đúng.",
    OutcomeCode.TRANSFERRED: "Nội dung thuộc thẩm quyền của Sở Nông nghiệp và Môi trường; đã chuyển "
    "đơn và thông báo cho người phản ánh.",
}
# stage → how many
_STAGES = [
    ("received", 6),
    ("received_late", 3),
    ("accepted", 5),
    ("explaining", 5),
    ("concluded", 4),
    ("published", 14),
    ("dismissed", 2),
]


def _user(pk: int) -> Any:
    return get_user_model().objects.get(pk=pk)


def load_feedback_demo(*, stdout: Any = None, seed: int = 34) -> int:
    root = Unit.objects.filter(code="LD").first()
    if root is None or Feedback.objects.filter(unit__path__startswith=root.path).exists():
        return 0
    inspectors = role_holders(unit=root, roles=[Role.INSPECTOR])
    if not inspectors:
        return 0
    inspector = _user(inspectors[0].user_id)
    criteria = list(
        ConductCriterion.objects.filter(directive__symbol="34-CT/TU").order_by("polarity", "order")
    )
    avoid = [c for c in criteria if c.polarity == Polarity.AVOID] or criteria
    communes = list(
        Unit.objects.filter(
            path__startswith=root.path, depth=root.depth + 1, valid_to__isnull=True
        ).filter(name__icontains="xã")
        | Unit.objects.filter(
            path__startswith=root.path,
            depth=root.depth + 1,
            valid_to__isnull=True,
            name__icontains="phường",
        )
    )
    communes.sort(key=lambda u: u.sort_key)
    if not communes:
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data
    today = timezone.localdate()
    outcomes = [OutcomeCode.SUBSTANTIATED, OutcomeCode.PARTLY, OutcomeCode.NOT_SUBSTANTIATED]
    made = 0
    opened = False
    with transaction.atomic():
        for stage, count in _STAGES:
            for _ in range(count):
                unit = rng.choice(communes[:40])
                criterion = rng.choice(avoid) if rng.random() < 0.85 else None
                anonymous = rng.random() < 0.3
                feedback, _ = services.feedback_submit(
                    actor=None,
                    unit=unit,
                    criterion=criterion,
                    description=rng.choice(_TEXTS),
                    official_position=rng.choice(["Công chức địa chính", "Cán bộ một cửa", ""]),
                    anonymous=anonymous,
                    sender_name="" if anonymous else rng.choice(["Nguyễn Văn Dân", "Trần Thị Hoa"]),
                    sender_contact="" if anonymous else f"09{rng.randrange(10**7, 10**8)}",
                    consent=True,
                )
                made += 1
                age = rng.randrange(1, 3) if stage == "received" else rng.randrange(6, 60)
                received = timezone.now() - datetime.timedelta(days=age)
                Feedback.objects.filter(pk=feedback.pk).update(
                    received_at=received,
                    ack_due=received.date() + datetime.timedelta(days=3),
                    answer_due=received.date() + datetime.timedelta(days=30),
                )
                feedback.refresh_from_db()
                if stage.startswith("received"):
                    continue
                if stage == "dismissed":
                    services.feedback_dismiss(
                        actor=inspector,
                        feedback=feedback,
                        reason="Nội dung không rõ sự việc, không có thông tin để xác minh.",
                    )
                    continue
                services.feedback_accept(actor=inspector, feedback=feedback)
                if stage == "accepted":
                    continue
                explanation = services.feedback_request_explanation(
                    actor=inspector,
                    feedback=feedback,
                    text="Đề nghị đơn vị báo cáo, giải trình sự việc người dân phản ánh.",
                    due=today + datetime.timedelta(days=rng.choice([3, 7])),
                )
                if stage == "explaining":
                    if rng.random() < 0.4:  # a few explanations already late
                        explanation.due = today - datetime.timedelta(days=2)
                        explanation.save(update_fields=["due"])
                    continue
                officers = services.unit_officers_of(feedback)
                if officers:
                    services.explanation_answer(
                        actor=_user(officers[0].user_id),
                        explanation=explanation,
                        text="Đơn vị đã kiểm tra, làm việc với cán bộ liên quan và báo cáo như sau…",
                    )
                outcome = rng.choice(outcomes) if rng.random() < 0.9 else OutcomeCode.TRANSFERRED
                services.feedback_conclude(
                    actor=inspector,
                    feedback=feedback,
                    outcome=outcome,
                    conclusion=_ANSWERS[outcome],
                    transferred_to="Sở Nông nghiệp và Môi trường"
                    if outcome == OutcomeCode.TRANSFERRED
                    else "",
                )
                if stage == "concluded":
                    continue
                services.feedback_publish(
                    actor=inspector, feedback=feedback, answer=_ANSWERS[outcome]
                )
                if outcome == OutcomeCode.SUBSTANTIATED and criterion is not None and not opened:
                    # one substantiated feedback leads to an inspection on signs of violation,
                    # waiting for the committee's decision
                    services.feedback_open_inspection(
                        actor=inspector,
                        feedback=feedback,
                        title=f"Kiểm tra khi có dấu hiệu vi phạm đối với {unit.name}",
                        starts_on=today + datetime.timedelta(days=7),
                        ends_on=today + datetime.timedelta(days=37),
                        note="Xác minh việc cán bộ gây khó khăn cho người dân khi làm thủ tục.",
                    )
                    opened = True
                if not Feedback.objects.filter(code_digest=codes.digest(DEMO_CODE)).exists():
                    Feedback.objects.filter(pk=feedback.pk).update(
                        code_digest=codes.digest(DEMO_CODE)
                    )
    if stdout is not None:
        stdout.write(
            f"Đã tạo {made} phản ánh của người dân mẫu; mã tra cứu thử: {DEMO_CODE} "
            "(/phan-anh/tra-cuu/)."
        )
    return made
