from django.db import models


class MovementStatus(models.TextChoices):
    OPEN = "open", "Đang phát động"
    CLOSED = "closed", "Đã kết thúc"


class GroupKind(models.TextChoices):
    CLUSTER = "cum", "Cụm thi đua"
    BLOCK = "khoi", "Khối thi đua"


class CriterionSource(models.TextChoices):
    """Where a criterion's figure comes from: typed by the unit and the council, or computed by
    the system from live data at ranking time (and frozen at publication)."""

    MANUAL = "manual", "Đơn vị tự chấm, hội đồng thẩm định"
    ROLLOUT_COMPLETION = "rollout_completion", "Tỉ lệ hoàn thành quán triệt (tự động)"
    PLAN_TIMELINESS = "plan_timeliness", "Trình kế hoạch thực hiện đúng hạn (tự động)"
    REPORT_TIMELINESS = "report_timeliness", "Gửi báo cáo định kỳ đúng hạn (tự động)"
    FINDINGS = "findings", "Số sai phạm, khuyết điểm qua kiểm tra, giám sát (tự động)"
    FEEDBACK = "feedback", "Số phản ánh của người dân có cơ sở (tự động)"


class CriterionKind(models.TextChoices):
    POINTS = "points", "Chấm điểm trực tiếp"
    COUNT = "count", "Đếm số lượng, quy đổi ra điểm"


class Normalisation(models.TextChoices):
    NONE = "none", "Không quy đổi"
    PER_100_MEMBERS = "per_100_members", "Theo 100 đảng viên, cán bộ của đơn vị"
    PER_UNIT = "per_unit", "Theo số tổ chức trực thuộc của đơn vị"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Đã đăng ký"
    SELF_SCORED = "self_scored", "Đã tự chấm điểm"
    COUNCIL_SCORED = "council_scored", "Hội đồng đã chấm"
    APPEALED = "appealed", "Đang khiếu nại"


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Đã trình hội đồng"
    RETURNED = "returned", "Trả lại để hoàn thiện"
    VOTED = "voted", "Hội đồng đã biểu quyết"
    APPROVED = "approved", "Đã quyết định khen thưởng"
    REJECTED = "rejected", "Không khen thưởng"


class SubjectKind(models.TextChoices):
    UNIT = "unit", "Tập thể"
    PERSON = "person", "Cá nhân"
