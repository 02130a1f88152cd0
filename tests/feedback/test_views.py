import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from apps.feedback.enums import FeedbackStatus
from tests.feedback.factories import (
    SENDER_CONTACT,
    SENDER_EMAIL,
    SENDER_NAME,
    concluded,
    explaining,
    photo_upload,
    submit,
)

SECRETS = (SENDER_NAME, SENDER_CONTACT, SENDER_EMAIL)


def crawl(client, start_urls, limit=250):
    """Every same-site page reachable by GET links from `start_urls` (logout and language
    forms are POST, so never followed): url → decoded body."""
    seen: dict[str, str] = {}
    queue = deque(start_urls)
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or "/dang-xuat/" in url or "/quan-tri/" in url:
            continue
        response = client.get(url)
        body = response.content.decode(errors="ignore") if response.status_code == 200 else ""
        seen[url] = body
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"#]+)"', body):
            parts = urlsplit(href.replace("&amp;", "&"))
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/static/"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def test_handler_sees_sender_original_and_attachments(world):
    feedback, _ = submit(world.commune_a, files=[photo_upload()])
    client = world.client("inspector")
    page = client.get(reverse("feedback_detail", args=[feedback.pk])).content.decode()
    for secret in SECRETS:
        assert secret in page
    attachment = feedback.attachments.get()
    response = client.get(reverse("feedback_attachment", args=[attachment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    b"".join(response.streaming_content)


def test_leader_above_follows_but_does_not_see_the_sender(world):
    feedback, _ = submit(world.commune_a, files=[photo_upload()])
    client = world.client("leader")
    page = client.get(reverse("feedback_detail", args=[feedback.pk])).content.decode()
    assert feedback.reference in page
    for secret in SECRETS:
        assert secret not in page
    attachment = feedback.attachments.get()
    assert client.get(reverse("feedback_attachment", args=[attachment.pk])).status_code == 403


def test_leader_of_the_unit_concerned_cannot_reach_feedback_about_it(world):
    feedback, _ = submit(world.commune_a)
    client = world.client("leader_a")
    assert client.get(reverse("feedback_detail", args=[feedback.pk])).status_code == 404
    listing = client.get(reverse("feedback_list")).content.decode()
    assert feedback.reference not in listing
    dashboard = client.get(reverse("feedback_dashboard")).content.decode()
    assert 'id="fb-total">0<' in dashboard


def test_handler_walks_the_workflow_through_the_pages(world):
    feedback, _ = submit(world.commune_a)
    client = world.client("inspector")
    act = reverse("feedback_act", args=[feedback.pk])
    assert client.post(act, {"action": "accept"}).status_code == 302
    response = client.post(act, {"action": "explain", "text": ""})
    assert response.status_code == 400
    assert "Nội dung yêu cầu giải trình" in response.content.decode()
    client.post(act, {"action": "explain", "text": "Đề nghị giải trình."})
    explanation = feedback.explanations.get()
    officer = world.client("officer_a")
    url = reverse("feedback_explanation", args=[explanation.pk])
    assert officer.post(url, {"text": "Đã kiểm điểm cán bộ."}).status_code == 302
    bad = client.post(act, {"action": "conclude", "outcome": "transferred", "conclusion": "x"})
    assert bad.status_code == 400 and "Chuyển đến" in bad.content.decode()
    client.post(act, {"action": "conclude", "outcome": "substantiated", "conclusion": "Đúng."})
    client.post(act, {"action": "publish", "answer": "Đã chấn chỉnh.", "answer_public": ""})
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PUBLISHED and feedback.outcome_id == "substantiated"


def test_commune_officer_never_sees_the_sender_on_any_reachable_page(world):
    concluded(world)
    feedback, explanation = explaining(world)
    client = world.client("officer_a")
    pages = crawl(
        client,
        [
            reverse("home"),
            reverse("feedback_explain_list"),
            reverse("feedback_explanation", args=[explanation.pk]),
            reverse("notifications"),
        ],
    )
    assert reverse("feedback_explanation", args=[explanation.pk]) in pages
    assert len(pages) > 10
    for url, body in pages.items():
        for secret in SECRETS:
            assert secret not in body, f"{secret!r} shown to the commune officer on {url}"
    # and the handler's page is not reachable for them
    assert client.get(reverse("feedback_detail", args=[feedback.pk])).status_code == 403


@pytest.mark.parametrize("username", ["leader", "inspector"])
def test_dashboard_counts_by_outcome_and_unit(world, username, django_assert_max_num_queries):
    concluded(world)
    submit(world.commune_b)
    client = world.client(username)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("feedback_dashboard")).content.decode()
    assert 'id="fb-total">2<' in page
    assert "Đảng bộ xã An Bình" in page and "Đảng bộ xã Bình Lợi" in page
