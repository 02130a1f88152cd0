"""Session screens: list, scheduling, detail (QR, .ics), named lists, marking, self check-in."""

import datetime
import re

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.rollout.enums import AttendanceStatus, SessionMode
from apps.rollout.models import Attendance, Participant, Session
from apps.rollout.services.sessions import attendance_mark
from tests.rollout.test_attendance import add_people, fresh_counts, stored_counts
from tests.rollout.test_sessions import current_rollout, schedule

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def normalise(html: str) -> str:
    return CSRF.sub('name="csrfmiddlewaretoken" value=""', html).strip()


def assert_region(full, partial):
    """The htmx fragment is exactly the same region of the full page."""
    assert partial.status_code == 200 and full.status_code == 200
    fragment = normalise(partial.content.decode())
    assert fragment, "empty fragment"
    assert "<html" not in fragment
    assert fragment in normalise(full.content.decode())


@pytest.fixture
def hybrid(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    # A session of Xã B, for the scope tests.
    now = timezone.now()
    sibling = schedule(
        world,
        rollout,
        actor="officer_b",
        unit=world.commune_b,
        title="Hội nghị xã Bình Lợi",
        points=[],
        mode=SessionMode.IN_PERSON,
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(hours=1),
        place="Hội trường xã Bình Lợi",
    )
    return rollout, session, sibling


def urls(world, rollout, session):
    point = session.points.get(unit=world.cell_a1)
    return {
        "session_list": reverse("session_list", args=[rollout.pk, session.unit_id]),
        "session_create": reverse("session_create", args=[rollout.pk, session.unit_id]),
        "session_list_ics": reverse("session_list_ics", args=[rollout.pk, session.unit_id]),
        "session_detail": reverse("session_detail", args=[session.pk]),
        "session_ics": reverse("session_ics", args=[session.pk]),
        "session_point": reverse("session_point", args=[point.pk]),
        "session_mark": reverse("session_mark", args=[point.pk]),
    }


# --- pages ---------------------------------------------------------------------------------


def test_session_list_shows_the_units_sessions_and_its_fragment(world, hybrid):
    rollout, session, sibling = hybrid
    client = world.client("officer_a")
    url = reverse("session_list", args=[rollout.pk, world.commune_a.pk])
    full = client.get(url)
    body = full.content.decode()
    assert session.title in body and sibling.title not in body
    assert "Lên lịch hội nghị" in body
    assert_region(full, client.get(url, HTTP_HX_REQUEST="true"))


def test_leader_sees_sessions_but_cannot_schedule(world, hybrid):
    rollout, session, _ = hybrid
    client = world.client("leader_a")
    body = client.get(
        reverse("session_list", args=[rollout.pk, world.commune_a.pk])
    ).content.decode()
    assert session.title in body and "Lên lịch hội nghị" not in body
    assert (
        client.get(reverse("session_create", args=[rollout.pk, world.commune_a.pk])).status_code
        == 403
    )


def _form(rollout, **extra):
    start = timezone.localtime() + datetime.timedelta(days=1)
    data = {
        "title": "Hội nghị quán triệt Chỉ thị 34 – xã An Bình",
        "starts_at": start.strftime("%Y-%m-%dT08:00"),
        "ends_at": start.strftime("%Y-%m-%dT11:00"),
        "place": "Hội trường Đảng ủy xã",
        "mode": SessionMode.HYBRID,
        "chair": "",
        "points-TOTAL_FORMS": "3",
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "500",
        "points-0-unit_code": "XA-1",
        "points-0-place": "Nhà văn hóa thôn 1",
        "points-1-unit_code": "XA-2",
        "points-1-place": "Nhà văn hóa thôn 2",
        "points-2-unit_code": "",
        "points-2-place": "",
    }
    data.update(extra)
    return data


def test_officer_schedules_a_hybrid_session_with_three_points(world, hybrid):
    rollout, _, _ = hybrid
    client = world.client("officer_a")
    url = reverse("session_create", args=[rollout.pk, world.commune_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'placeholder="dd/mm/yyyy hh:mm"' in page.content.decode()  # not the browser's locale
    chair = world.users["officer_a"].person
    response = client.post(url, _form(rollout, chair=str(chair.pk)))
    assert response.status_code == 302
    session = Session.objects.get(title="Hội nghị quán triệt Chỉ thị 34 – xã An Bình")
    assert response["Location"] == reverse("session_detail", args=[session.pk])
    assert session.chair == chair
    assert timezone.localtime(session.starts_at).strftime("%H:%M") == "08:00"
    assert sorted(session.points.values_list("unit__code", "place")) == [
        ("XA", "Hội trường Đảng ủy xã"),
        ("XA-1", "Nhà văn hóa thôn 1"),
        ("XA-2", "Nhà văn hóa thôn 2"),
    ]


def test_add_point_button_shows_one_more_row_and_saves_nothing(world, hybrid):
    rollout, _, _ = hybrid
    client = world.client("officer_a")
    url = reverse("session_create", args=[rollout.pk, world.commune_a.pk])
    before = Session.objects.count()
    response = client.post(url, {**_form(rollout), "add_point": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="points-3-unit_code"' in body
    assert 'value="Nhà văn hóa thôn 2"' in body
    assert Session.objects.count() == before


def test_session_outside_the_rollout_dates_shows_a_message_and_saves_nothing(world, hybrid):
    rollout, _, _ = hybrid
    client = world.client("officer_a")
    url = reverse("session_create", args=[rollout.pk, world.commune_a.pk])
    late = rollout.dissemination_due + datetime.timedelta(days=3)
    before = Session.objects.count()
    response = client.post(
        url,
        _form(rollout, starts_at=f"{late:%Y-%m-%d}T08:00", ends_at=f"{late:%Y-%m-%d}T10:00"),
    )
    assert response.status_code == 200
    assert "Hội nghị phải diễn ra trong thời gian của đợt triển khai" in response.content.decode()
    assert f"{rollout.dissemination_due:%d/%m/%Y}" in response.content.decode()
    assert Session.objects.count() == before


def test_point_of_another_commune_is_not_found_by_code(world, hybrid):
    rollout, _, _ = hybrid
    client = world.client("officer_a")
    url = reverse("session_create", args=[rollout.pk, world.commune_a.pk])
    before = Session.objects.count()
    response = client.post(url, _form(rollout, **{"points-1-unit_code": "XB-1"}))
    assert response.status_code == 200
    assert "Không tìm thấy đơn vị có mã “XB-1” trong phạm vi của bạn." in response.content.decode()
    assert Session.objects.count() == before


def test_point_without_place_is_a_row_error(world, hybrid):
    rollout, _, _ = hybrid
    client = world.client("officer_a")
    url = reverse("session_create", args=[rollout.pk, world.commune_a.pk])
    response = client.post(url, _form(rollout, **{"points-1-place": ""}))
    assert "Hãy ghi địa điểm của điểm cầu Chi bộ thôn 2 An Bình." in response.content.decode()


def test_detail_shows_points_counts_code_and_qr(world, hybrid):
    rollout, session, _ = hybrid
    point = session.points.get(unit=world.cell_a1)
    member = Participant.objects.get(rollout=rollout, person=world.member_a)
    attendance_mark(
        actor=world.users["officer_a"],
        point=point,
        marks={member.pk: (AttendanceStatus.EXCUSED, "Ốm")},
    )
    body = (
        world.client("officer_a").get(reverse("session_detail", args=[session.pk])).content.decode()
    )
    for text in (
        "Nhà văn hóa thôn 1",
        "Nhà văn hóa thôn 2",
        "Hội trường Đảng ủy xã",
        session.checkin_code,
    ):
        assert text in body
    assert "<svg" in body and "Mã QR tự điểm danh" in body
    assert f"/hoi-nghi/{session.pk}/diem-danh/?ma={session.checkin_code}" in body
    # Chi bộ A1: 2 people, 1 excused, 1 not marked.
    row = re.search(r"Chi bộ thôn 1 An Bình</td>.*?</tr>", body, re.S).group(0)
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["2", "0", "1", "0", "1"]


def test_leader_sees_the_detail_without_the_checkin_code(world, hybrid):
    _, session, _ = hybrid
    body = (
        world.client("leader_a").get(reverse("session_detail", args=[session.pk])).content.decode()
    )
    assert session.title in body
    assert session.checkin_code not in body and "<svg" not in body


def test_session_ics_parses_back(world, hybrid):
    _, session, _ = hybrid
    response = world.client("officer_a").get(reverse("session_ics", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    cal = Calendar.from_ical(response.content)
    [event] = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == session.title
    assert str(event["LOCATION"]) == session.place
    assert str(event["UID"]) == f"hoi-nghi-{session.pk}@trienkhai"
    assert event.decoded("DTSTART") == session.starts_at.replace(microsecond=0)
    assert event.decoded("DTEND") == session.ends_at.replace(microsecond=0)
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert "Nhà văn hóa thôn 1" in str(event["DESCRIPTION"])
    assert cal.walk("VTIMEZONE"), "the time zone is described"


def test_ics_of_all_sessions_of_a_unit(world, hybrid):
    rollout, session, sibling = hybrid
    second = schedule(world, rollout, title="Hội nghị lần 2")
    url = reverse("session_list_ics", args=[rollout.pk, world.commune_a.pk])
    cal = Calendar.from_ical(world.client("officer_a").get(url).content)
    titles = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert titles == sorted([session.title, second.title])
    assert sibling.title not in titles


def test_point_list_names_everyone_with_who_marked_and_when(world, hybrid):
    rollout, session, _ = hybrid
    point = session.points.get(unit=world.cell_a1)
    attendance_mark(
        actor=world.users["officer_a"], point=point, default_status=AttendanceStatus.PRESENT
    )
    client = world.client("leader_a")
    url = reverse("session_point", args=[point.pk])
    full = client.get(url)
    body = full.content.decode()
    assert "Trần Thị Đảng Viên" in body and "Nguyễn Thái Học" in body
    assert "Cán bộ officer_a" in body
    assert timezone.localtime().strftime("%d/%m/%Y") in body
    assert_region(full, client.get(url, HTTP_HX_REQUEST="true"))


# --- marking ---------------------------------------------------------------------------------


def _rows(response):
    return re.findall(r'name="s_(\d+)"', response.content.decode())


def test_marking_500_people_in_one_request_with_two_exceptions(world):
    add_people(world.cell_a2, 500)
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    point = session.points.get(unit=world.cell_a2)
    client = world.client("officer_a")
    url = reverse("session_mark", args=[point.pk])
    page = client.get(url)
    ids = _rows(page)
    assert len(ids) == 200  # a page of the list; "all present" still covers the whole point
    assert "Trang 1 / 3" in page.content.decode()
    data = {f"s_{pid}": "" for pid in ids} | {f"r_{pid}": "" for pid in ids}
    data |= {f"s_{ids[0]}": "excused", f"r_{ids[0]}": "Đi học tập trung", f"s_{ids[1]}": "absent"}
    data["all_present"] = "1"
    data["page"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith("?page=1")
    counts = dict(
        Attendance.objects.filter(session=session)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    assert counts == {"present": 498, "excused": 1, "absent": 1}
    assert stored_counts(rollout) == fresh_counts(rollout)
    # The saved page shows the statuses back, and who marked.
    again = client.get(url).content.decode()
    assert f'name="s_{ids[0]}"' in again and "Đi học tập trung" in again
    assert "Cán bộ officer_a" in again


def test_a_large_point_is_shown_a_page_at_a_time_and_searched_by_name(world):
    add_people(world.cell_a2, 450)
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    point = session.points.get(unit=world.cell_a2)
    client = world.client("officer_a")
    for name in ("session_mark", "session_point"):
        url = reverse(name, args=[point.pk])
        last = client.get(url, {"page": 3}).content.decode()
        assert "Trang 3 / 3" in last and "Người Thử 00449" in last
        assert "Người Thử 00000" not in last
        assert re.search(r'<td class="num">401</td>', last)  # numbering goes on across pages
        assert "450 người" in last.replace("\xa0", " ")  # counts are of the whole point
        found = client.get(url, {"q": "nguoi thu 00123"}).content.decode()  # no diacritics
        assert "Người Thử 00123" in found and "Người Thử 00124" not in found
    # Marking a row on page 2 saves it and comes back to page 2.
    url = reverse("session_mark", args=[point.pk])
    ids = _rows(client.get(url, {"page": 2}))
    data = {"page": "2", "save": "1", f"s_{ids[0]}": "absent", f"r_{ids[0]}": ""}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith("?page=2")
    assert Attendance.objects.get(session=session, participant_id=ids[0]).status == "absent"


def test_marking_fragment_equals_the_region(world, hybrid):
    _, session, _ = hybrid
    point = session.points.get(unit=world.cell_a1)
    client = world.client("officer_a")
    url = reverse("session_mark", args=[point.pk])
    assert_region(client.get(url), client.get(url, HTTP_HX_REQUEST="true"))


def test_htmx_save_returns_the_marking_region(world, hybrid):
    rollout, session, _ = hybrid
    point = session.points.get(unit=world.cell_a1)
    member = Participant.objects.get(rollout=rollout, person=world.member_a)
    client = world.client("officer_a")
    url = reverse("session_mark", args=[point.pk])
    response = client.post(url, {f"s_{member.pk}": "present", "save": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<div id="marking">') and "Đã lưu điểm danh (1 người thay đổi)" in body
    assert Attendance.objects.get(participant=member).status == "present"


def test_excused_without_reason_is_a_clear_message_and_nothing_changes(world, hybrid):
    rollout, session, _ = hybrid
    point = session.points.get(unit=world.cell_a1)
    member = Participant.objects.get(rollout=rollout, person=world.member_a)
    client = world.client("officer_a")
    response = client.post(
        reverse("session_mark", args=[point.pk]),
        {f"s_{member.pk}": "excused", f"r_{member.pk}": "", "all_present": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Chưa lưu gì" in body and "Hãy ghi lý do vắng của Trần Thị Đảng Viên." in body
    assert 'class="mark-row flagged"' in body
    assert not Attendance.objects.exists()


def test_tampered_participant_id_is_refused_and_nothing_changes(world, hybrid):
    rollout, session, _ = hybrid
    point = session.points.get(unit=world.cell_a1)
    outsider = Participant.objects.get(rollout=rollout, person=world.person_b)
    response = world.client("officer_a").post(
        reverse("session_mark", args=[point.pk]),
        {f"s_{outsider.pk}": "present", "all_present": "1"},
    )
    assert response.status_code == 200
    assert "không thuộc danh sách của điểm cầu" in response.content.decode()
    assert not Attendance.objects.exists()


def test_malformed_row_field_is_refused(world, hybrid):
    _, session, _ = hybrid
    point = session.points.get(unit=world.cell_a1)
    response = world.client("officer_a").post(
        reverse("session_mark", args=[point.pk]), {"s_abc": "present", "all_present": "1"}
    )
    assert "Dữ liệu điểm danh không hợp lệ" in response.content.decode()
    assert not Attendance.objects.exists()


# --- self check-in ---------------------------------------------------------------------------


def test_checkin_page_prefills_the_code_from_the_qr_url(world, hybrid):
    _, session, _ = hybrid
    url = reverse("session_checkin", args=[session.pk])
    body = world.client("member_a").get(url, {"ma": session.checkin_code}).content.decode()
    assert f'value="{session.checkin_code}"' in body


def test_member_checks_in_with_the_code_inside_the_window(world, hybrid):
    rollout, session, _ = hybrid
    client = world.client("member_a")
    url = reverse("session_checkin", args=[session.pk])
    response = client.post(url, {"ma": session.checkin_code})
    assert response.status_code == 302
    attendance = Attendance.objects.get(participant__person=world.member_a)
    assert attendance.self_checkin and attendance.status == "present"
    assert "Bạn đã điểm danh có mặt" in client.get(url).content.decode()


def test_checkin_with_a_wrong_code_shows_the_message(world, hybrid):
    _, session, _ = hybrid
    response = world.client("member_a").post(
        reverse("session_checkin", args=[session.pk]), {"ma": "SAIMA1"}
    )
    assert response.status_code == 200
    assert "Mã điểm danh không đúng." in response.content.decode()
    assert not Attendance.objects.exists()


def test_checkin_after_the_session_is_refused(world, hybrid):
    rollout, _, _ = hybrid
    now = timezone.now()
    # (A session that ended an hour ago: patching the clock here would also expire the login.)
    session = schedule(
        world,
        rollout,
        starts_at=now - datetime.timedelta(hours=3),
        ends_at=now - datetime.timedelta(hours=1),
    )
    client = world.client("member_a")
    url = reverse("session_checkin", args=[session.pk])
    response = client.post(url, {"ma": session.checkin_code}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.startswith('<div id="checkin"')
    assert "Chỉ tự điểm danh được trong thời gian hội nghị" in body
    assert not Attendance.objects.exists()


def test_checkin_fragment_equals_the_region(world, hybrid):
    _, session, _ = hybrid
    client = world.client("member_a")
    url = reverse("session_checkin", args=[session.pk])
    assert_region(client.get(url), client.get(url, HTTP_HX_REQUEST="true"))


# --- scope and CSRF ----------------------------------------------------------------------------


def test_sibling_officer_gets_404_on_every_session_route_of_xa_a(world, hybrid):
    rollout, session, _ = hybrid
    client = world.client("officer_b")
    for name, url in urls(world, rollout, session).items():
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"all_present": "1"}).status_code == 404, name
    checkin = reverse("session_checkin", args=[session.pk])
    assert client.get(checkin).status_code == 404
    assert client.post(checkin, {"ma": session.checkin_code}).status_code == 404
    assert not Attendance.objects.exists()


def test_officer_a_gets_404_on_xa_b_sessions(world, hybrid):
    rollout, _, sibling = hybrid
    client = world.client("officer_a")
    point = sibling.points.get()
    for url in (
        reverse("session_list", args=[rollout.pk, world.commune_b.pk]),
        reverse("session_create", args=[rollout.pk, world.commune_b.pk]),
        reverse("session_list_ics", args=[rollout.pk, world.commune_b.pk]),
        reverse("session_detail", args=[sibling.pk]),
        reverse("session_ics", args=[sibling.pk]),
        reverse("session_point", args=[point.pk]),
        reverse("session_mark", args=[point.pk]),
        reverse("session_checkin", args=[sibling.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_member_is_refused_officer_pages(world, hybrid):
    rollout, session, _ = hybrid
    client = world.client("member_a")
    for name, url in urls(world, rollout, session).items():
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"all_present": "1"}).status_code == 403, name
    assert not Attendance.objects.exists()


def test_member_outside_the_session_cannot_open_its_checkin(world, hybrid):
    _, _, sibling = hybrid
    assert (
        world.client("member_a").get(reverse("session_checkin", args=[sibling.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("route", ["session_create", "session_mark", "session_checkin"])
def test_posts_without_csrf_token_are_refused(world, hybrid, route):
    rollout, session, _ = hybrid
    point = session.points.get(unit=world.cell_a1)
    args = {
        "session_create": [rollout.pk, world.commune_a.pk],
        "session_mark": [point.pk],
        "session_checkin": [session.pk],
    }[route]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["member_a" if route == "session_checkin" else "officer_a"])
    before = (Session.objects.count(), Attendance.objects.count())
    data = (
        _form(rollout)
        if route == "session_create"
        else {"all_present": "1", "ma": session.checkin_code}
    )
    assert client.post(reverse(route, args=args), data).status_code == 403
    assert (Session.objects.count(), Attendance.objects.count()) == before


def test_anonymous_is_sent_to_login(world, hybrid):
    _, session, _ = hybrid
    response = Client().get(reverse("session_checkin", args=[session.pk]) + "?ma=ABC")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_point_pages_show_marks_without_a_recorded_marker(world, hybrid):
    """Issue 16 defect 2: an attendance row whose marker is unknown (demo data, or a deleted
    account) must not break the named list or the marking page."""
    rollout, session, _ = hybrid
    point = session.points.get(unit=world.cell_a1)
    attendance_mark(
        actor=world.users["officer_a"], point=point, default_status=AttendanceStatus.PRESENT
    )
    assert Attendance.objects.filter(session=session).update(marked_by=None) > 0
    client = world.client("officer_a")
    for name in ("session_point", "session_mark"):
        response = client.get(reverse(name, args=[point.pk]))
        assert response.status_code == 200, name
        assert "Hệ thống" in response.content.decode()


def test_session_ics_lists_only_the_points_in_the_viewers_scope(world, hybrid):
    """Issue 16 defect 7: a province-wide session's .ics must not reveal other communes' points."""
    from apps.rollout.services.sessions import PointSpec

    rollout, _, _ = hybrid
    province = schedule(
        world,
        rollout,
        actor="admin",
        unit=world.root,
        title="Hội nghị toàn tỉnh",
        place="Hội trường Tỉnh ủy",
        points=[
            PointSpec(unit=world.cell_a1, place="Nhà văn hóa thôn 1 An Bình"),
            PointSpec(unit=world.cell_b1, place="Nhà văn hóa thôn Bình Lợi"),
        ],
    )
    for url in (
        reverse("session_ics", args=[province.pk]),
        reverse("session_list_ics", args=[rollout.pk, world.commune_a.pk]),
    ):
        response = world.client("officer_a").get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "Nhà văn hóa thôn 1 An Bình" in text.replace("\r\n ", "")
        assert "Bình Lợi" not in text.replace("\r\n ", "")
    whole = world.client("leader").get(reverse("session_ics", args=[province.pk]))
    assert "Nhà văn hóa thôn Bình Lợi" in whole.content.decode().replace("\r\n ", "")
