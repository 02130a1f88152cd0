import datetime

import pytest
from django.test import Client
from django.urls import reverse

from apps.people.models import PersonCategory
from apps.rollout.models import Participant, Rollout, UnitDeadline
from apps.rollout.services.deadlines import DeadlineBook, unit_deadline_set
from tests.directives.test_directive_views import normalise, region
from tests.people.factories import PersonFactory, mask
from tests.rollout.factories import make_directive, make_rollout


@pytest.fixture
def xa_a_rollout(world):
    """A rollout of Xã A's own directive to Xã A (sibling of officer_b)."""
    return make_rollout(world, directive=make_directive(world.commune_a), unit=world.commune_a)


@pytest.fixture
def xa_b_rollout(world):
    return make_rollout(
        world,
        directive=make_directive(world.commune_b),
        unit=world.commune_b,
        title="Quán triệt ở Đảng bộ xã Bình Lợi",
    )


def test_rollout_list_shows_only_rollouts_covering_the_actor(world, xa_a_rollout, xa_b_rollout):
    province = make_rollout(world, title="Quán triệt toàn tỉnh")
    page = world.client("officer_a").get(reverse("rollout_list")).content.decode()
    assert "Đợt triển khai, quán triệt" in page
    assert province.title in page
    assert xa_a_rollout.title in page
    assert xa_b_rollout.title not in page


def test_rollout_create_launches_with_audience_and_deadlines(world):
    directive = make_directive(world.commune_a)
    PersonFactory(full_name="Phạm Công Chức", unit=world.cell_a2, category_mask=mask("cong-chuc"))
    PersonFactory(full_name="Võ Đảng Viên", unit=world.cell_a2, category_mask=mask("dang-vien"))
    client = world.client("officer_a")
    form_page = client.get(reverse("rollout_create"), {"directive": directive.pk}).content.decode()
    assert "Tạo đợt triển khai, quán triệt" in form_page
    assert "Đảng bộ xã Bình Lợi" not in form_page
    cong_chuc = PersonCategory.objects.get(code="cong-chuc")
    response = client.post(
        reverse("rollout_create"),
        {
            "directive": directive.pk,
            "unit": world.commune_a.pk,
            "title": "",
            "audience": ["cong-chuc"],
            "starts_on": "2026-11-01",
            "dissemination_due": "31/12/2026",
            "plan_due": "2026-12-31",
            "requires_commitment": "on",
            "quiz_pass_percent": "80",
            "quiz_max_attempts": "2",
        },
    )
    rollout = Rollout.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("rollout_detail", args=[rollout.pk])
    assert rollout.title == f"Quán triệt {directive}"
    assert not rollout.audience_all
    assert rollout.audience_mask == cong_chuc.mask
    assert rollout.quiz_pass_percent == 80
    names = set(
        Participant.objects.filter(rollout=rollout).values_list("person__full_name", flat=True)
    )
    assert names == {"Phạm Công Chức"}


def test_rollout_create_errors_are_vietnamese_and_save_nothing(world):
    directive = make_directive(world.commune_a)
    response = world.client("officer_a").post(
        reverse("rollout_create"),
        {
            "directive": directive.pk,
            "unit": world.commune_a.pk,
            "starts_on": "2026-11-01",
            "dissemination_due": "2026-10-01",
            "plan_due": "2026-12-31",
            "audience": ["all"],
            "quiz_pass_percent": "70",
            "quiz_max_attempts": "3",
        },
    )
    assert "Thời hạn phải sau ngày bắt đầu đợt triển khai." in response.content.decode()
    assert not Rollout.objects.exists()


def test_rollout_create_in_sibling_commune_is_refused(world):
    directive = make_directive(world.commune_a)
    response = world.client("officer_a").post(
        reverse("rollout_create"),
        {
            "directive": directive.pk,
            "unit": world.commune_b.pk,
            "starts_on": "2026-11-01",
            "dissemination_due": "2026-12-31",
            "plan_due": "2026-12-31",
            "audience": ["all"],
            "quiz_pass_percent": "70",
            "quiz_max_attempts": "3",
        },
    )
    assert response.status_code == 200
    assert not Rollout.objects.exists()


def test_rollout_detail_shows_the_actor_level_deadlines(world):
    rollout = make_rollout(world)
    unit_deadline_set(
        actor=world.users["officer_a"],
        rollout=rollout,
        unit=world.commune_a,
        dissemination_due=datetime.date(2026, 12, 24),
        plan_due=datetime.date(2026, 12, 28),
    )
    html = (
        world.client("officer_a").get(reverse("rollout_detail", args=[rollout.pk])).content.decode()
    )
    assert "Thời hạn áp dụng cho <strong>Đảng bộ xã An Bình</strong>" in html
    assert "<strong>24/12/2026</strong>" in html
    assert f"/trien-khai/{rollout.pk}/tien-do/" in html
    assert "Miễn quán triệt" in html
    province = (
        world.client("leader").get(reverse("rollout_detail", args=[rollout.pk])).content.decode()
    )
    assert "Thời hạn áp dụng cho <strong>Đảng bộ tỉnh Thử nghiệm</strong>" in province
    assert "<strong>31/12/2026</strong>" in province
    assert "Miễn quán triệt" not in province  # leaders do not mark


def test_deadline_set_later_than_parent_shows_service_message_and_changes_nothing(world):
    rollout = make_rollout(world)
    client = world.client("officer_a")
    url = reverse("rollout_deadline_set", args=[rollout.pk])
    response = client.post(
        url,
        {"unit": world.cell_a1.pk, "dissemination_due": "2027-01-15", "plan_due": "2026-12-31"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hạn quán triệt 15/01/2027 muộn hơn hạn của cấp trên (31/12/2026)." in html
    assert not UnitDeadline.objects.exists()


def test_deadline_set_by_htmx_returns_the_deadline_region(world):
    rollout = make_rollout(world)
    client = world.client("officer_a")
    url = reverse("rollout_deadline_set", args=[rollout.pk])
    response = client.post(
        url,
        {"unit": world.commune_a.pk, "dissemination_due": "2026-12-24", "plan_due": "2026-12-24"},
        HTTP_HX_REQUEST="true",
    )
    partial = response.content.decode()
    assert partial.startswith('<div id="rollout-deadlines"')
    assert "Đã đặt thời hạn cho Đảng bộ xã An Bình" in partial
    book = DeadlineBook(rollout)
    assert book.for_unit(world.cell_a2).dissemination == datetime.date(2026, 12, 24)
    full = client.get(reverse("rollout_detail", args=[rollout.pk])).content.decode()
    plain = client.post(
        url,
        {"unit": world.commune_a.pk, "dissemination_due": "2026-12-24", "plan_due": "2026-12-24"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    plain = plain.replace(
        '<p class="msg-success" role="status">Đã đặt thời hạn cho Đảng bộ xã An Bình: quán '
        "triệt 24/12/2026, kế hoạch 24/12/2026.</p>",
        "",
    )
    assert normalise(plain) == normalise(region(full, "rollout-deadlines"))


def test_exempt_search_without_diacritics_and_partial_equals_region(world):
    rollout = make_rollout(world)
    client = world.client("officer_a")
    url = reverse("rollout_exempt", args=[rollout.pk])
    partial = client.get(url, {"q": "nguyen thai"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Nguyễn Thái Học" in partial
    assert "<html" not in partial
    full = client.get(reverse("rollout_detail", args=[rollout.pk]), {"q": "nguyen thai"})
    assert normalise(partial) == normalise(region(full.content.decode(), "rollout-exempt"))
    # A person of the sibling commune is never found.
    other = client.get(url, {"q": "ben kia"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Lê Văn Bên Kia" not in other
    assert "Không tìm thấy ai trong phạm vi của bạn." in other


def test_exempt_with_reason_then_lift(world):
    rollout = make_rollout(world)
    participant = Participant.objects.get(rollout=rollout, person=world.person_a)
    client = world.client("officer_a")
    url = reverse("rollout_exempt", args=[rollout.pk])
    refused = client.post(
        url, {"participant": participant.pk, "exempt": "1", "reason": " ", "q": "nguyen"}
    )
    assert "Hãy ghi lý do miễn" in refused.content.decode()
    participant.refresh_from_db()
    assert not participant.exempt
    done = client.post(
        url,
        {"participant": participant.pk, "exempt": "1", "reason": "Nghỉ ốm dài ngày", "q": "nguyen"},
        HTTP_HX_REQUEST="true",
    )
    assert "Đã miễn cho Nguyễn Thái Học: Nghỉ ốm dài ngày." in done.content.decode()
    participant.refresh_from_db()
    assert participant.exempt and participant.exempt_reason == "Nghỉ ốm dài ngày"
    listed = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "được miễn: Nghỉ ốm dài ngày" in listed
    lifted = client.post(url, {"participant": participant.pk, "exempt": "0"})
    assert lifted.status_code == 302
    participant.refresh_from_db()
    assert not participant.exempt and participant.exempt_reason == ""


def test_exempt_participant_outside_scope_is_404_and_unchanged(world):
    rollout = make_rollout(world)
    other = Participant.objects.get(rollout=rollout, person=world.person_b)
    response = world.client("officer_a").post(
        reverse("rollout_exempt", args=[rollout.pk]),
        {"participant": other.pk, "exempt": "1", "reason": "Thử"},
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert not other.exempt


def test_sibling_officer_gets_404_on_commune_a_rollout(world, xa_a_rollout):
    client = world.client("officer_b")
    pk = xa_a_rollout.pk
    for name in ("rollout_detail", "rollout_deadline_set", "rollout_exempt"):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    participant = Participant.objects.get(rollout=xa_a_rollout, person=world.person_a)
    assert (
        client.post(
            reverse("rollout_exempt", args=[pk]),
            {"participant": participant.pk, "exempt": "1", "reason": "Thử"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("rollout_deadline_set", args=[pk]),
            {
                "unit": world.commune_a.pk,
                "dissemination_due": "2026-12-01",
                "plan_due": "2026-12-01",
            },
        ).status_code
        == 404
    )
    assert not UnitDeadline.objects.exists()
    participant.refresh_from_db()
    assert not participant.exempt


def test_member_is_refused_rollout_pages(world, xa_a_rollout):
    client = world.client("member_a")
    for name, args in (
        ("rollout_list", []),
        ("rollout_create", []),
        ("rollout_detail", [xa_a_rollout.pk]),
        ("rollout_deadline_set", [xa_a_rollout.pk]),
        ("rollout_exempt", [xa_a_rollout.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code in {403, 404}, name
        assert client.post(reverse(name, args=args), {}).status_code in {403, 404}, name


def test_rollout_posts_require_csrf(world, xa_a_rollout):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["officer_a"])
    for name, args in (
        ("rollout_create", []),
        ("rollout_deadline_set", [xa_a_rollout.pk]),
        ("rollout_exempt", [xa_a_rollout.pk]),
    ):
        assert client.post(reverse(name, args=args), {}).status_code == 403, name


def test_rollout_create_over_a_large_subtree_runs_as_a_job(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from apps.common.models import Job
    from apps.rollout.views import rollouts

    monkeypatch.setattr(rollouts, "LAUNCH_DIRECT_LIMIT", 1)
    directive = make_directive(world.commune_a)
    client = world.client("officer_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("rollout_create"),
            {
                "directive": directive.pk,
                "unit": world.commune_a.pk,
                "title": "Quán triệt trong nền",
                "audience": ["all"],
                "starts_on": "2026-11-01",
                "dissemination_due": "2026-12-31",
                "plan_due": "2026-12-31",
                "requires_commitment": "on",
                "quiz_pass_percent": "70",
                "quiz_max_attempts": "3",
            },
        )
    job = Job.objects.get(kind="rollout_launch")
    assert response.status_code == 302
    assert response.url == reverse("job_status", args=[job.pk])
    assert job.status == Job.Status.DONE, job.message
    rollout = Rollout.objects.get(title="Quán triệt trong nền")
    assert job.result["url"] == reverse("rollout_detail", args=[rollout.pk])
    expected = Participant.objects.filter(rollout=rollout).count()
    assert expected == job.total > 0
    page = client.get(reverse("job_status", args=[job.pk])).content.decode()
    assert "Xem kết quả" in page


def test_rollout_create_job_is_not_started_when_the_form_breaks_a_rule(world, monkeypatch):
    from apps.common.models import Job
    from apps.rollout.views import rollouts

    monkeypatch.setattr(rollouts, "LAUNCH_DIRECT_LIMIT", 1)
    directive = make_directive(world.commune_a)
    response = world.client("officer_a").post(
        reverse("rollout_create"),
        {
            "directive": directive.pk,
            "unit": world.commune_a.pk,
            "title": "Sai hạn",
            "audience": ["all"],
            "starts_on": "2026-11-01",
            "dissemination_due": "2026-10-01",
            "plan_due": "2026-12-31",
            "quiz_pass_percent": "70",
            "quiz_max_attempts": "3",
        },
    )
    assert response.status_code == 200
    assert "Thời hạn phải sau ngày bắt đầu" in response.content.decode()
    assert not Job.objects.exists()
    assert not Rollout.objects.filter(title="Sai hạn").exists()
