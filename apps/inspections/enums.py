from django.db import models


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", "Dự kiến trong chương trình"
    DECIDED = "decided", "Đã có quyết định"
    SELF_REPORT = "self_report", "Chờ báo cáo tự kiểm tra"
    VERIFYING = "verifying", "Đang thẩm tra, xác minh"
    DRAFT_SENT = "draft_sent", "Đã gửi dự thảo kết luận"
    RESPONDED = "responded", "Đối tượng đã có ý kiến về dự thảo"
    CONCLUDED = "concluded", "Đã kết luận, theo dõi khắc phục"
    CLOSED = "closed", "Đã kết thúc"
    CANCELLED = "cancelled", "Đã hủy"


IN_PROGRESS = frozenset(
    {
        InspectionStatus.DECIDED,
        InspectionStatus.SELF_REPORT,
        InspectionStatus.VERIFYING,
        InspectionStatus.DRAFT_SENT,
        InspectionStatus.RESPONDED,
    }
)
CONCLUDED = frozenset({InspectionStatus.CONCLUDED, InspectionStatus.CLOSED})


class Origin(models.TextChoices):
    PROGRAMME = "programme", "Theo chương trình kiểm tra, giám sát"
    SIGNS = "signs", "Khi có dấu hiệu vi phạm"


class TeamRole(models.TextChoices):
    HEAD = "head", "Trưởng đoàn"
    DEPUTY = "deputy", "Phó trưởng đoàn"
    MEMBER = "member", "Thành viên"
    SECRETARY = "secretary", "Thư ký"


class EvidenceKind(models.TextChoices):
    FILE = "file", "Tài liệu, hồ sơ"
    NOTE = "note", "Ghi chép thẩm tra, xác minh"
    INTERVIEW = "interview", "Biên bản làm việc"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "Đang khắc phục"
    VERIFIED = "verified", "Đã kiểm tra, xác nhận hoàn thành"
    WAIVED = "waived", "Miễn thực hiện (có lý do)"


class SubjectKind(models.TextChoices):
    """Điều 7 Quy định 69-QĐ/TW (2022): the three kinds of subject, each with its own forms."""

    ORGANISATION = "organisation", "Tổ chức đảng"
    FULL_MEMBER = "full_member", "Đảng viên chính thức"
    PROBATIONARY = "probationary", "Đảng viên dự bị"


class CaseStatus(models.TextChoices):
    OPENED = "opened", "Đã lập hồ sơ xem xét"
    NOTIFIED = "notified", "Đã thông báo cho đối tượng"
    EXPLAINED = "explained", "Đối tượng đã kiểm điểm, giải trình"
    CONSIDERED = "considered", "Đã họp xem xét, biểu quyết"
    DECIDED = "decided", "Đã quyết định kỷ luật"
    APPEALED = "appealed", "Đang giải quyết khiếu nại"
    EXECUTED = "executed", "Đã thi hành kỷ luật"
    DISMISSED = "dismissed", "Kết thúc, không thi hành kỷ luật"


class AppealOutcomeCode:
    """Codes of the appeal outcome rows (`AppealOutcome`, reference data with the wording and
    source); the wording itself lives in the table."""

    UPHELD = "upheld"
    CHANGED = "changed"
    ANNULLED = "annulled"


class VoteRule(models.TextChoices):
    """Điều 15 Quy định 69-QĐ/TW: more than half, or at least two thirds (khai trừ)."""

    HALF = "half", "Trên một nửa số thành viên"
    TWO_THIRDS = "two_thirds", "Ít nhất hai phần ba số thành viên"
