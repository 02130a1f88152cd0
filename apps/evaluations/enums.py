from django.db import models


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", "Chưa nộp"
    SUBMITTED = "submitted", "Đã nộp, chờ góp ý của tập thể"
    RESIDENCE = "residence", "Đã có góp ý, chờ ý kiến chi ủy nơi cư trú"
    COMMENTED = "commented", "Đã có góp ý, chờ người đứng đầu nhận xét"
    PROPOSED = "proposed", "Chờ cấp có thẩm quyền quyết định"
    DECIDED = "decided", "Đã quyết định xếp loại"
    RETURNED = "returned", "Bị trả lại để hoàn thiện"


class SubjectKind(models.TextChoices):
    PERSON = "person", "Cá nhân"
    UNIT = "unit", "Tập thể"


class StepKind(models.TextChoices):
    SUBMIT = "submit", "Nộp bản tự đánh giá"
    CELL_COMMENT = "cell_comment", "Góp ý của tập thể"
    RESIDENCE_OPINION = "residence", "Ý kiến của chi ủy nơi cư trú"
    HEAD_ASSESSMENT = "head", "Nhận xét, đề xuất của người đứng đầu"
    DECISION = "decision", "Quyết định xếp loại của cấp có thẩm quyền"
    RETURN = "return", "Trả lại để hoàn thiện"


class PeriodStatus(models.TextChoices):
    OPEN = "open", "Đang đánh giá"
    CLOSED = "closed", "Đã kết thúc"


class Authority(models.TextChoices):
    PARTY = "party", "Đảng"
    STATE = "state", "Nhà nước"
