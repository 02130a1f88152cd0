"""Issue 16 defect 6: ten concurrent first openings of a unit's report."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from apps.plans.models import Report
from tests.plans.factories import make_quarter
from tests.reliability.concurrency import run_concurrently
from tests.rollout.factories import make_rollout


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_first_openings_of_a_report_give_one_report_and_no_error(world):
    rollout = make_rollout(world)
    period = make_quarter(rollout)
    url = reverse("report_edit", args=[period.pk, world.cell_a1.pk])
    user = world.users["officer_a"]

    def open_report(_index: int) -> int:
        client = Client()
        # One User instance per thread: logging in saves it (history sets attributes on it).
        client.force_login(get_user_model().objects.get(pk=user.pk))
        return client.get(url).status_code

    statuses, errors = run_concurrently(open_report, 10)
    assert errors == []
    assert statuses == [200] * 10
    assert Report.objects.filter(period=period, unit=world.cell_a1).count() == 1
    report = Report.objects.get(period=period, unit=world.cell_a1)
    assert report.values.count() == period.template.indicators.count()
