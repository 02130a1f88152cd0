"""The public pages, driven like a browser without JavaScript would (plain GET/POST forms)."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from apps.feedback import codes
from apps.feedback.challenge import WORDS
from apps.feedback.models import Feedback
from apps.feedback.selectors import feedback_get_by_code
from tests.feedback.factories import DESCRIPTION, photo_upload, submit

SEND = reverse("feedback_public_send")
STATUS = reverse("feedback_public_status")


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    cache.clear()
    yield
    cache.clear()


def _form(unit, **extra):
    data = {
        "unit": str(unit.pk),
        "criterion": "khac",
        "description": DESCRIPTION,
        "official_name": "Nguyễn Thái Học",
        "sender_name": "Phạm Thị Người Gửi",
        "sender_contact": "0987 654 321",
        "consent": "on",
    }
    data.update(extra)
    return data


def _answer_challenge(page: str) -> dict[str, str]:
    match = re.search(r"Câu hỏi kiểm tra: (\S+) cộng (\S+) bằng mấy\?", page)
    if not match:
        return {}
    token = re.search(r'name="challenge_token" value="([^"]+)"', page)
    assert token
    total = WORDS.index(match.group(1)) + WORDS.index(match.group(2))
    return {"challenge_token": token.group(1), "challenge_answer": str(total)}


def test_search_finds_a_unit_without_diacritics_and_shows_nothing_else(world):
    client = Client()
    page = client.get(reverse("feedback_public_start"), {"q": "an binh"}).content.decode()
    assert "Đảng bộ xã An Bình" in page
    assert "Bình Lợi" not in page
    empty = client.get(reverse("feedback_public_start")).content.decode()
    assert "Đảng bộ xã" not in empty


def test_citizen_sends_with_a_photo_and_reads_the_code_once(world):
    client = Client()
    form = client.get(SEND, {"unit": world.commune_a.pk}).content.decode()
    assert "Nghị định 13/2023/NĐ-CP" in form
    response = client.post(SEND, {**_form(world.commune_a), "tep": photo_upload()})
    assert response.status_code == 200
    page = response.content.decode()
    code = re.search(r'id="tracking-code">([A-Z0-9-]+)<', page).group(1)
    feedback = feedback_get_by_code(code=code)
    assert feedback is not None and feedback.attachments.count() == 1
    assert response["Cache-Control"].startswith("max-age=0")
    status = client.post(STATUS, {"code": code}).content.decode()
    assert "Chờ tiếp nhận" in status
    assert "Phạm Thị Người Gửi" not in status  # the page shows the answer, not the sender


def test_form_without_consent_stores_nothing_and_keeps_what_was_typed(world):
    data = _form(world.commune_a)
    del data["consent"]
    response = Client().post(SEND, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cần đánh dấu đồng ý" in page
    assert DESCRIPTION in page and "Nguyễn Thái Học" in page
    assert not Feedback.objects.exists()


def test_a_root_unit_or_unknown_unit_cannot_be_chosen(world):
    client = Client()
    assert client.get(SEND, {"unit": world.root.pk}).status_code == 302
    assert client.get(SEND, {"unit": 999999}).status_code == 302


def test_thirty_sends_in_a_minute_from_one_address_are_throttled(world, settings):
    client = Client(REMOTE_ADDR="203.0.113.7")
    limit = int(settings.FEEDBACK_RATE_PER_ADDRESS.split("/")[0])
    statuses = []
    challenged = 0
    page = client.get(SEND, {"unit": world.commune_a.pk}).content.decode()
    for _ in range(30):
        extra = _answer_challenge(page)
        response = client.post(SEND, _form(world.commune_a, **extra))
        statuses.append(response.status_code)
        challenged += bool(extra) and response.status_code == 200
        if response.status_code == 429:
            assert "Bạn đã gửi quá nhiều phản ánh" in response.content.decode()
        page = client.get(SEND, {"unit": world.commune_a.pk}).content.decode()
    assert statuses[:limit] == [200] * limit
    assert statuses[limit:] == [429] * (30 - limit)
    assert Feedback.objects.count() == limit
    assert challenged == limit - settings.FEEDBACK_CHALLENGE_AFTER
    # another address is not affected
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.post(SEND, _form(world.commune_b)).status_code == 200


def test_a_wrong_or_missing_challenge_answer_stores_nothing(world, settings):
    settings.FEEDBACK_CHALLENGE_AFTER = 0
    client = Client()
    page = client.get(SEND, {"unit": world.commune_a.pk}).content.decode()
    extra = _answer_challenge(page)
    assert extra
    wrong = {**extra, "challenge_answer": str(int(extra["challenge_answer"]) + 1)}
    response = client.post(SEND, _form(world.commune_a, **wrong))
    assert "Câu trả lời chưa đúng" in response.content.decode()
    assert not Feedback.objects.exists()
    assert client.post(SEND, _form(world.commune_a, **extra)).status_code == 200
    # the same token is not accepted twice
    replay = client.post(SEND, _form(world.commune_a, **extra))
    assert "Câu trả lời chưa đúng" in replay.content.decode()
    assert Feedback.objects.count() == 1


def test_per_target_limit(world, settings):
    settings.FEEDBACK_RATE_PER_TARGET = "2/h"
    settings.FEEDBACK_CHALLENGE_AFTER = 100
    for i in range(2):
        assert (
            Client(REMOTE_ADDR=f"192.0.2.{i}").post(SEND, _form(world.commune_a)).status_code == 200
        )
    third = Client(REMOTE_ADDR="192.0.2.99").post(SEND, _form(world.commune_a))
    assert third.status_code == 429
    assert "Đơn vị này đang nhận quá nhiều phản ánh" in third.content.decode()


def test_a_thousand_random_codes_find_nothing(world):
    for _ in range(3):
        submit(world.commune_a)
    found = [
        code for code in (codes.new_code() for _ in range(1000)) if feedback_get_by_code(code=code)
    ]
    assert found == []


def test_code_guessing_through_the_page_finds_nothing_and_is_throttled(world, settings):
    submit(world.commune_a)
    client = Client(REMOTE_ADDR="203.0.113.50")
    limit = int(settings.FEEDBACK_RATE_LOOKUP.split("/")[0])
    statuses = []
    for _ in range(limit + 5):
        response = client.post(STATUS, {"code": codes.new_code()})
        statuses.append(response.status_code)
        assert "Phản ánh về" not in response.content.decode()
    assert statuses[:limit] == [200] * limit and set(statuses[limit:]) == {429}
    assert "tra cứu quá nhiều lần" in response.content.decode()


def test_status_shows_only_the_published_answer(world):
    from apps.feedback import services
    from apps.feedback.enums import OutcomeCode

    feedback, code = submit(world.commune_a)
    inspector = world.users["inspector"]
    services.feedback_accept(actor=inspector, feedback=feedback)
    services.feedback_conclude(
        actor=inspector,
        feedback=feedback,
        outcome=OutcomeCode.SUBSTANTIATED,
        conclusion="NỘI BỘ-XYZ",
    )
    before = Client().post(STATUS, {"code": code}).content.decode()
    assert "NỘI BỘ-XYZ" not in before and "Phản ánh đúng" not in before
    services.feedback_publish(actor=inspector, feedback=feedback, answer="Đã chấn chỉnh cán bộ.")
    after = Client().post(STATUS, {"code": code}).content.decode()
    assert "Đã chấn chỉnh cán bộ." in after and "Phản ánh đúng" in after
    assert "NỘI BỘ-XYZ" not in after


def test_login_page_links_to_the_public_pages(db):
    page = Client().get(reverse("login")).content.decode()
    assert reverse("feedback_public_start") in page and "Gửi phản ánh" in page
