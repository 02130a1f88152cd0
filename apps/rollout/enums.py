from django.db import models


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", "Trực tiếp"
    ONLINE = "online", "Trực tuyến"
    HYBRID = "hybrid", "Kết hợp trực tiếp và trực tuyến"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Có mặt"
    EXCUSED = "excused", "Vắng có lý do"
    ABSENT = "absent", "Vắng không lý do"


class StudyKind(models.TextChoices):
    READ = "read", "Đọc toàn văn"
    QUIZ = "quiz", "Bài kiểm tra"
    COMMITMENT = "commitment", "Bản cam kết"


class ObligationState(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    OVERDUE = "overdue", "Quá hạn"
