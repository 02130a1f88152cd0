"""The rubric typed on the launch form and edited before publication, individual rankings, and
the close step (read-only afterwards, individual rankings frozen)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.common.errors import ApplicationError
from apps.common.models import Notification
from apps.emulation import selectors
from apps.emulation.enums import CriterionSource, MovementStatus, RegistrationStatus
from apps.emulation.models import Criterion, Movement, Registration, Score
from apps.emulation.providers import work_items
from apps.emulation.services.movements import (
    MOVEMENT_TRANSITIONS,
    group_publish,
    movement_transition,
    registration_council_score,
    registration_create,
    registration_self_score,
)
from apps.emulation.services.rubric import movement_rubric_update, rows_from_specs, rubric_clean
from tests.emulation.factories import make_movement, scored

TWO = [
    {"code": "a", "name": "Tiêu chí A", "max_points": "60", "evidence": "Báo cáo"},
    {"code": "b", "name": "Tiêu chí B", "max_points": "40"},
    {"code": "qt", "name": "Quán triệt", "max_points": "20", "source": "rollout_completion"},
]


def _row(**kw: str) -> dict[str, str]:
    row = {
        "id": "",
        "code": "",
        "name": "",
        "max_points": "",
        "evidence": "",
        "source": "manual",
        "kind": "points",
        "points_each": "",
        "positive": "1",
        "normalisation": "none",
    }
    row.update(kw)
    return row


# --- the rubric ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([_row(name="A", max_points="abc")], "dòng 1, cột “Điểm tối đa”: “abc” không phải là số"),
        ([_row(name="A", max_points="10"), _row(max_points="5")], "dòng 2: cần nhập tên"),
        ([_row(name="A", max_points="0")], "dòng 1, cột “Điểm tối đa”: phải lớn hơn 0"),
        (
            [_row(name="A", max_points="10"), _row(name="a", max_points="5")],
            "dòng 2, cột “Tiêu chí”: trùng tên với dòng 1",
        ),
        (
            [_row(name="Mô hình", max_points="10", kind="count")],
            "dòng 1, cột “Điểm mỗi đơn vị đếm”: tiêu chí đếm số lượng cần",
        ),
        (
            [_row(name="Mô hình", max_points="10", kind="count", points_each="11")],
            r"không quá điểm tối đa \(10\)",
        ),
        (
            [_row(name="A", max_points="10", normalisation="per_100_members")],
            "dòng 1, cột “Quy đổi theo quy mô”: chỉ quy đổi",
        ),
        (
            [_row(name="Quán triệt", max_points="10", source="rollout_completion")],
            "dòng 1, cột “Nguồn số liệu”: số liệu này lấy từ đợt triển khai",
        ),
        ([_row(name="A", max_points="10", source="bogus")], "cột “Nguồn số liệu”: giá trị"),
        ([_row(), _row()], "cần ít nhất một tiêu chí"),
    ],
)
def test_rubric_rows_are_refused_naming_the_row_and_the_column(rows, message):
    with pytest.raises(ApplicationError, match=message):
        rubric_clean(rows, has_rollout=False)


def test_rubric_blank_rows_are_skipped_and_sources_that_count_become_count_criteria():
    clean = rubric_clean(
        [
            _row(name="Nhiệm vụ", max_points="70,5", evidence="Báo cáo"),
            _row(),
            _row(
                name="Sai phạm",
                max_points="10",
                source="findings",
                points_each="5",
                positive="0",
                normalisation="per_100_members",
            ),  # fmt: skip
        ],
        has_rollout=False,
    )
    assert [(c.name, c.max_points, c.kind) for c in clean] == [
        ("Nhiệm vụ", Decimal("70.5"), "points"),
        ("Sai phạm", Decimal("10"), "count"),
    ]
    assert clean[1].positive is False and clean[0].code == "nhiem-vu"


def _launch_post(world, rows):
    data = {
        "unit": world.root.pk,
        "title": "Thi đua năm 2026",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "appeal_days": "0",
        "group_names": "Cụm 1",
        f"g_{world.commune_a.pk}": "1",
        f"g_{world.commune_b.pk}": "1",
        "rubric_rows": str(len(rows)),
    }
    for i, row in enumerate(rows, start=1):
        for key, value in row.items():
            data[f"r{i}_{key}"] = value
    return world.client("emulation").post(reverse("movement_create"), data)


def test_launch_form_rubric_error_keeps_every_typed_row_and_creates_nothing(world):
    rows = [
        _row(name="Nhiệm vụ trọng tâm", max_points="80", evidence="Báo cáo kết quả"),
        _row(name="Mô hình hay", max_points="20", kind="count", points_each="x"),
    ]
    response = _launch_post(world, rows)
    body = response.content.decode()
    assert response.status_code == 400
    assert "dòng 2, cột “Điểm mỗi đơn vị đếm”: “x” không phải là số" in body
    assert 'value="Nhiệm vụ trọng tâm"' in body and 'value="Báo cáo kết quả"' in body
    assert 'value="Mô hình hay"' in body and 'name="r2_points_each" value="x"' in body
    assert not Movement.objects.exists()
    rows[1]["points_each"] = "5"
    done = _launch_post(world, rows)
    assert done.status_code == 302
    movement = Movement.objects.get()
    assert [(c.name, c.max_points, c.kind) for c in movement.criteria.order_by("order")] == [
        ("Nhiệm vụ trọng tâm", Decimal("80"), "points"),
        ("Mô hình hay", Decimal("20"), "count"),
    ]


def test_launch_form_offers_the_default_rubric_as_editable_rows(world):
    body = world.client("emulation").get(reverse("movement_create")).content.decode()
    assert 'name="r1_name" value="Quán triệt, học tập Chỉ thị' in body
    assert 'name="rubric_rows" value="10"' in body  # 7 default rows + 3 blank


def _rows_of(movement):
    return rows_from_specs(movement.criteria.order_by("order", "pk"))


def test_rubric_is_editable_until_publication_with_the_rules_of_started_scoring(world):
    movement = make_movement(world, criteria=TWO)
    rows = _rows_of(movement)
    rows[1]["max_points"] = "30"
    rows.append(_row(name="Tiêu chí C", max_points="30"))
    movement_rubric_update(actor=world.users["emulation"], movement=movement, rows=rows)
    assert list(movement.criteria.order_by("order").values_list("name", "max_points")) == [
        ("Tiêu chí A", Decimal("60")),
        ("Tiêu chí B", Decimal("30")),
        ("Quán triệt", Decimal("20")),
        ("Tiêu chí C", Decimal("30")),
    ]
    registration = scored(movement, world.commune_a, "25")
    # Scores exist for every criterion, including one added after registering.
    assert Score.objects.filter(registration=registration).count() == 4
    rows = _rows_of(movement)
    rows.append(_row(name="Tiêu chí D", max_points="5"))
    with pytest.raises(ApplicationError, match="không thêm, bớt tiêu chí được nữa.*Tiêu chí D"):
        movement_rubric_update(actor=None, movement=movement, rows=rows)
    rows = _rows_of(movement)
    rows[0]["max_points"] = "20"
    with pytest.raises(ApplicationError, match="đã có điểm chấm cao hơn 20 điểm"):
        movement_rubric_update(actor=None, movement=movement, rows=rows)
    rows[0]["max_points"] = "50"
    rows[0]["name"] = "Tiêu chí A (sửa)"
    movement_rubric_update(actor=None, movement=movement, rows=rows)
    assert movement.criteria.filter(name="Tiêu chí A (sửa)", max_points=50).exists()
    group_publish(actor=None, group=movement.groups.get())
    with pytest.raises(ApplicationError, match="Đã công bố kết quả xếp hạng"):
        movement_rubric_update(actor=None, movement=movement, rows=_rows_of(movement))


def test_rubric_page_refuses_an_officer_of_a_member_unit_and_keeps_typed_rows(world):
    movement = make_movement(world, criteria=TWO)
    url = reverse("movement_rubric", args=[movement.pk])
    assert world.client("officer_a").get(url).status_code in (403, 404)
    rows = _rows_of(movement)
    rows[0]["max_points"] = "-3"
    data = {"rubric_rows": str(len(rows))}
    for i, row in enumerate(rows, start=1):
        data.update({f"r{i}_{k}": v for k, v in row.items()})
    response = world.client("emulation").post(url, data)
    body = response.content.decode()
    assert response.status_code == 400 and "dòng 1, cột “Điểm tối đa”" in body
    assert 'name="r1_max_points" value="-3"' in body
    assert movement.criteria.get(code="a").max_points == Decimal("60")


# --- individual rankings -------------------------------------------------------------------


def _person_scored(movement, unit, person, a, b):
    registration = registration_create(
        actor=None, movement=movement, unit=unit, targets="Hoàn thành", person=person
    )
    crit = {c.code: c.pk for c in movement.criteria.all()}
    registration_self_score(
        actor=None,
        registration=registration,
        values={crit["a"]: (a, "Báo cáo"), crit["b"]: (b, "")},
        submit=True,
    )
    return registration_council_score(actor=None, registration=registration, values={})


def test_individuals_are_ranked_within_their_unit_by_the_tie_rule(world):
    movement = make_movement(world, criteria=TWO)
    officer_a = world.users["officer_a"].person
    _person_scored(movement, world.commune_a, world.person_a, "50", "30")  # 80
    _person_scored(movement, world.commune_a, world.member_a, "45", "35")  # 80, lower on A
    _person_scored(movement, world.commune_a, officer_a, "40", "30")  # 70
    _person_scored(movement, world.commune_b, world.person_b, "10", "10")  # 20, alone in B
    waiting = registration_create(
        actor=None, movement=movement, unit=world.commune_a, targets="x",
        person=world.users["leader_a"].person,
    )  # fmt: skip
    rankings = {
        u.unit_id: u
        for u in selectors.individual_rankings(movement=movement, as_of=datetime.date(2026, 6, 1))
    }
    a = rankings[world.commune_a.pk]
    assert [(r.name, r.total, r.rank) for r in a.rows] == [
        ("Nguyễn Thái Học", Decimal("80.00"), 1),
        ("Trần Thị Đảng Viên", Decimal("80.00"), 2),
        ("Cán bộ officer_a", Decimal("70.00"), 3),
        ("Cán bộ leader_a", Decimal("0.00"), None),
    ]
    assert "xếp sau theo tiêu chí “Tiêu chí A”" in a.rows[1].tie_note
    assert [r.code for r in a.rules] == ["a", "b"]  # the unit's automatic figure is left out
    assert rankings[world.commune_b.pk].rows[0].rank == 1
    assert waiting.status == RegistrationStatus.REGISTERED


def test_individual_ranking_page_shows_only_units_in_scope_and_exports_xlsx(world):
    movement = make_movement(world, criteria=TWO)
    _person_scored(movement, world.commune_a, world.person_a, "50", "30")
    _person_scored(movement, world.commune_b, world.person_b, "10", "10")
    url = reverse("individual_ranking", args=[movement.pk])
    officer = world.client("officer_a").get(url).content.decode()
    assert "Nguyễn Thái Học" in officer and "Lê Văn Bên Kia" not in officer
    full = world.client("emulation").get(url).content.decode()
    assert "Lê Văn Bên Kia" in full and "Khi bằng điểm" in full
    xlsx = world.client("officer_a").get(reverse("individual_ranking_xlsx", args=[movement.pk]))
    assert xlsx.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    cells = [
        c.value
        for row in load_workbook(BytesIO(xlsx.content)).active.iter_rows()
        for c in row
        if c.value
    ]
    assert "Nguyễn Thái Học" in cells and "Lê Văn Bên Kia" not in cells


# --- closing -------------------------------------------------------------------------------


def test_the_movement_transition_table_has_one_final_edge():
    assert MOVEMENT_TRANSITIONS == {
        (MovementStatus.OPEN, MovementStatus.CLOSED): "emulation.manage"
    }


def test_close_needs_a_summary_published_groups_and_the_launching_unit(world):
    movement = make_movement(world, criteria=TWO)
    scored(movement, world.commune_a, "40")
    with pytest.raises(ApplicationError, match="Cần nhập báo cáo tổng kết"):
        movement_transition(actor=None, movement=movement, to=MovementStatus.CLOSED)
    with pytest.raises(ApplicationError, match="Chưa công bố kết quả xếp hạng của: Cụm 1"):
        movement_transition(actor=None, movement=movement, to="closed", summary="Tổng kết")
    group_publish(actor=None, group=movement.groups.get())
    with pytest.raises(ApplicationError, match="Chỉ bộ phận thi đua"):
        movement_transition(
            actor=world.users["officer_a"], movement=movement, to="closed", summary="Tổng kết"
        )
    movement.refresh_from_db()
    assert movement.status == MovementStatus.OPEN


def test_closing_freezes_individual_rankings_and_makes_everything_read_only(world):
    movement = make_movement(world, criteria=TWO)
    scored(movement, world.commune_a, "40")
    registration = _person_scored(movement, world.commune_a, world.person_a, "50", "30")
    group_publish(actor=None, group=movement.groups.get())
    movement = movement_transition(
        actor=world.users["emulation"],
        movement=movement,
        to=MovementStatus.CLOSED,
        summary="Phong trào đạt kết quả tốt.",
    )
    assert movement.status == MovementStatus.CLOSED and movement.closed_at is not None
    # Live data changes afterwards; the frozen individual ranking does not.
    Score.objects.filter(registration=registration).update(council_value=1)
    frozen = selectors.individual_rankings(movement=movement, as_of=datetime.date(2027, 1, 5))
    assert frozen[0].frozen and frozen[0].rows[0].total == Decimal("80.00")
    with pytest.raises(ApplicationError, match="đã kết thúc"):
        registration_create(actor=None, movement=movement, unit=world.commune_b, targets="Muộn")
    with pytest.raises(ApplicationError, match="Không thể chuyển phong trào thi đua"):
        movement_transition(actor=None, movement=movement, to=MovementStatus.OPEN)
    with pytest.raises(ApplicationError, match="đã kết thúc"):
        movement_rubric_update(actor=None, movement=movement, rows=_rows_of(movement))
    assert Notification.objects.filter(
        user=world.users["officer_a"], title__startswith="Phong trào thi đua đã kết thúc"
    ).exists()
    assert Notification.objects.filter(
        user=world.users["leader"], title__startswith="Đề nghị khen thưởng sau tổng kết"
    ).exists()
    page = world.client("officer_a").get(reverse("movement_detail", args=[movement.pk]))
    body = page.content.decode()
    assert "Phong trào đạt kết quả tốt." in body and 'id="close-movement"' not in body
    assert 'id="register-link"' not in body


def test_close_page_keeps_the_summary_on_error_and_404s_for_member_units(world):
    movement = make_movement(world, criteria=TWO)
    scored(movement, world.commune_a, "40")
    url = reverse("movement_close", args=[movement.pk])
    response = world.client("emulation").post(url, {"summary": "Bản tổng kết dở dang"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Chưa công bố kết quả xếp hạng của: Cụm 1" in body and "Bản tổng kết dở dang" in body
    assert world.client("officer_a").post(url, {"summary": "x"}).status_code in (403, 404)
    assert Movement.objects.get().status == MovementStatus.OPEN


def test_home_page_lists_movements_past_their_end_waiting_to_be_closed(world):
    movement = make_movement(world, criteria=TWO)
    Movement.objects.filter(pk=movement.pk).update(ends_on=datetime.date(2020, 1, 1))
    items = {i.label: i for i in work_items(world.users["emulation"])}
    item = items["Phong trào thi đua đã hết thời gian, chờ tổng kết"]
    assert item.count == 1
    listing = world.client("emulation").get(item.url).content.decode()
    assert movement.title in listing
    assert all(
        i.label != "Phong trào thi đua đã hết thời gian, chờ tổng kết"
        for i in work_items(world.users["officer_a"])
    )
    Criterion.objects.filter(movement=movement, source=CriterionSource.MANUAL).count()
    assert Registration.objects.count() == 0
