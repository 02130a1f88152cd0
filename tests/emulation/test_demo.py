"""The emulation demo shows individual registrations ranked within the leading commune."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.emulation.models import Movement, Registration


def test_demo_has_individuals_ranked_on_the_thidua_pages(db):
    call_command("load_demo", people=600, stdout=io.StringIO())
    call_command("load_demo_rollout", stdout=io.StringIO())
    movement = Movement.objects.get()
    individuals = Registration.objects.filter(movement=movement, person__isnull=False)
    assert individuals.count() >= 2
    assert individuals.values("unit").distinct().count() == 1
    client = Client()
    client.force_login(get_user_model().objects.get(username="thidua"))
    assert (
        'id="individual-ranking-link"' in client.get(movement.get_absolute_url()).content.decode()
    )
    page = client.get(reverse("individual_ranking", args=[movement.pk])).content.decode()
    assert page.count('class="ranking-row" data-rank="1"') == 1
