"""Views: scope (404 outside, own rank only), the forms re-display, the unit page shows praise."""

import datetime

from django.urls import reverse

from apps.emulation.models import Praise, Registration
from apps.emulation.services.commendation import praise_create
from apps.emulation.services.movements import group_publish
from tests.emulation.factories import make_movement, scored


def test_commune_officer_sees_only_their_own_row_of_a_shared_ranking(world):
    movement = make_movement(world)
    scored(movement, world.commune_a, "40")
    scored(movement, world.commune_b, "45")
    group = movement.groups.get()
    group_publish(actor=None, group=group)
    url = reverse("group_ranking", args=[group.pk])
    officer = world.client("officer_a").get(url).content.decode()
    assert "Đảng bộ xã An Bình" in officer
    assert "Đảng bộ xã Bình Lợi" not in officer
    assert "Bạn xem được 1 trong 2 đơn vị" in officer
    full = world.client("emulation").get(url).content.decode()
    assert "Đảng bộ xã Bình Lợi" in full and "Phương pháp tính" in full and "<svg" in full
    xlsx = world.client("officer_a").get(reverse("emulation_ranking_xlsx", args=[group.pk]))
    assert xlsx.status_code == 200


def test_registering_the_sibling_commune_answers_404_and_writes_nothing(world):
    movement = make_movement(world)
    url = reverse("registration_create", args=[movement.pk])
    client = world.client("officer_a")
    response = client.post(url, {"unit": world.commune_b.pk, "targets": "Chen ngang"})
    assert response.status_code == 404
    assert not Registration.objects.exists()
    ok = client.post(url, {"unit": world.commune_a.pk, "targets": ""})
    assert ok.status_code == 200 and "Cần ghi chỉ tiêu" in ok.content.decode()
    done = client.post(url, {"unit": world.commune_a.pk, "targets": "100%"})
    assert done.status_code == 302 and Registration.objects.get().unit == world.commune_a


def test_praise_outside_scope_is_404_and_shows_on_the_unit_page(world):
    client = world.client("leader_a")
    url = reverse("praise_list")
    assert client.post(url, {"unit": world.commune_b.pk, "text": "x"}).status_code == 404
    assert not Praise.objects.exists()
    praise_create(
        actor=world.users["emulation"],
        unit=world.commune_a,
        text="Dẫn đầu quán triệt",
        date=datetime.date(2026, 6, 2),
    )
    page = world.client("officer_a").get(reverse("unit_detail", args=[world.commune_a.pk]))
    assert "Biểu dương: Dẫn đầu quán triệt" in page.content.decode()


def test_self_score_error_keeps_what_was_typed(world):
    movement = make_movement(world)
    registration = Registration.objects.create(
        movement=movement, group=movement.groups.get(), unit=world.commune_a, targets="x"
    )
    from apps.emulation.models import Score

    for c in movement.criteria.all():
        Score.objects.create(registration=registration, criterion=c)
    manual = movement.criteria.get(code="nhiem-vu")
    response = world.client("officer_a").post(
        reverse("registration_self_score", args=[registration.pk]),
        {f"v_{manual.pk}": "77", f"e_{manual.pk}": "Báo cáo 9", "submit": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "tối đa 50 điểm" in body and 'value="77"' in body and 'value="Báo cáo 9"' in body
