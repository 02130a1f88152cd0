from django.db import models


class UnitEventKind(models.TextChoices):
    CREATE = "create", "Thành lập"
    MOVE = "move", "Chuyển trực thuộc"
    MERGE = "merge", "Hợp nhất, sáp nhập"
    CLOSE = "close", "Giải thể, kết thúc hoạt động"
    RENAME = "rename", "Đổi tên"
