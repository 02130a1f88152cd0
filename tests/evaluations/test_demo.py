"""The annual review demo of Phường Xuân Hương: dangvien has a draft to fill, one cell decided
after a quota refusal kept in the history, returns, unit assessments; idempotent."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.demo.evaluations import COMMUNE_CODE, load_evaluations_demo
from apps.demo.org import load_demo
from apps.evaluations.models import DecisionAttempt
from apps.evaluations.selectors import work_items
from apps.org.models import Unit
from apps.people.models import Person, PersonCategory


@pytest.fixture
def demo_period(db):
    load_demo(people_target=600)
    # One party member of the ward's busiest cell is also a worker (the small demo has none):
    # the residence cell's opinion is asked for them.
    commune = Unit.objects.get(code=COMMUNE_CODE)
    person = (
        Person.objects.filter(unit__path__startswith=commune.path, unit__depth=commune.depth + 1)
        .exclude(user__username="dangvien")
        .order_by("unit__code", "code")
        .last()
    )
    person.category_mask |= PersonCategory.objects.get(code="nguoi-lao-dong").mask
    person.save(update_fields=["category_mask"])
    return load_evaluations_demo()


def test_demo_review_is_in_progress_with_a_quota_refusal_in_history(demo_period):
    period = demo_period
    year = timezone.localdate().year
    assert period.title == f"Đánh giá, xếp loại chất lượng năm {year}"
    assert (period.start, period.end) == (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
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
    year = timezone.localdate().year
    assert [i.label for i in work_items(user)] == [f"Tự đánh giá năm {year} chưa nộp"]
    client = Client()
    client.force_login(user)
    page = client.get(reverse("my_evaluation", args=[mine.pk]))
    assert page.status_code == 200 and "Nộp bản tự đánh giá" in page.content.decode()


def test_commune_leader_sees_the_decision_history(demo_period):
    client = Client()
    client.force_login(get_user_model().objects.get(username="lanhdao.xa"))
    page = client.get(reverse("evaluation_period", args=[demo_period.pk])).content.decode()
    assert "bị từ chối" in page and "vượt quá 20%" in page


def test_the_residence_cells_opinion_is_a_step_of_its_own_for_civil_servants(demo_period):
    from apps.evaluations.services import needs_residence

    decided = list(demo_period.evaluations.filter(status="decided", subject_kind="person"))
    with_residence = [e for e in decided if needs_residence(e)]
    without = [e for e in decided if not needs_residence(e)]
    for e in with_residence:
        kinds = list(e.steps.values_list("kind", flat=True))
        assert kinds.index("cell_comment") < kinds.index("residence") < kinds.index("head")
    for e in without:
        assert "residence" not in e.steps.values_list("kind", flat=True)
    assert with_residence  # the demo's finished cell is one with such a member
