from django.db import models


class Polarity(models.TextChoices):
    DO = "do", "Điều cần làm"
    AVOID = "avoid", "Điều cần tránh"
