"""The 2024 review demo of Phường Xuân Hương: dangvien has a draft to fill, one cell decided
after a quota refusal kept in the history, returns, unit assessments; idempotent."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from apps.demo.evaluations import load_evaluations_demo
from apps.demo.org import load_demo
from apps.evaluations.models import DecisionAttempt
from apps.evaluations.selectors import work_items


@pytest.fixture
def demo_period(db):
    load_demo(people_target=600)
    return load_evaluations_demo()


def test_demo_review_is_in_progress_with_a_quota_refusal_in_history(demo_period):
    period = demo_period
    assert period.title == "Đánh giá, xếp loại chất lượng năm 2024"
    statuses = set(period.evaluations.values_list("status", flat=True))
    assert {"draft", "submitted", "returned", "commented", "decided"} <= statuses
    refused = DecisionAttempt.objects.get(period=period, accepted=False)
    assert "vượt quá 20%" in refused.message and refused.excellent > refused.limit
    assert DecisionAttempt.objects.filter(period=period, accepted=True).count() == 1
    decided = period.evaluations.filter(status="decided")
    assert decided.values("unit").distinct().count() == 1
    assert period.evaluations.filter(subject_kind="unit", status="proposed").count() == 1
    assert load_evaluations_demo() == period  # idempotent


def test_dangvien_has_a_self_assessment_to_fill(demo_period):
    user = get_user_model().objects.get(username="dangvien")
    mine = demo_period.evaluations.get(person__user=user)
    assert mine.status == "draft"
    assert [i.label for i in work_items(user)] == ["Tự đánh giá năm 2024 chưa nộp"]
    client = Client()
    client.force_login(user)
    page = client.get(reverse("my_evaluation", args=[mine.pk]))
    assert page.status_code == 200 and "Nộp bản tự đánh giá" in page.content.decode()


def test_commune_leader_sees_the_decision_history(demo_period):
    client = Client()
    client.force_login(get_user_model().objects.get(username="lanhdao.xa"))
    page = client.get(reverse("evaluation_period", args=[demo_period.pk])).content.decode()
    assert "bị từ chối" in page and "vượt quá 20%" in page
