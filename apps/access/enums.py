from django.db import models


class Role(models.TextChoices):
    LEADER = "leader", "Lãnh đạo"
    OFFICER = "officer", "Cán bộ phụ trách"
    INSPECTOR = "inspector", "Ủy ban kiểm tra"
    EMULATION = "emulation", "Thi đua – khen thưởng"
