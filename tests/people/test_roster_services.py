import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.common.jobs import job_run
from apps.common.models import Job
from apps.org.enums import UnitEventKind
from apps.org.models import Unit, UnitEvent
from apps.people.models import Membership, Person
from apps.people.roster.services import roster_import
from apps.people.roster.xlsx import template_xlsx
from tests.people.factories import mask
from tests.people.roster_files import PEOPLE_HEADER, UNIT_HEADER, csv_bytes, person, xlsx_bytes

TODAY = timezone.localdate


def _run(actor: Any, data: bytes, filename: str = "danh-sach.xlsx"):
    return roster_import(actor=actor, path_or_file=io.BytesIO(data), filename=filename)


def _errors(actor: Any, data: bytes, filename: str = "danh-sach.xlsx") -> list[dict[str, Any]]:
    with pytest.raises(ApplicationError) as info:
        _run(actor, data, filename)
    return info.value.extra["errors"]


def _history_count() -> int:
    return (
        Unit.history.model.objects.count()
        + Person.history.model.objects.count()
        + Membership.history.model.objects.count()
    )


def _snapshot() -> tuple[int, ...]:
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        UnitEvent.objects.count(),
        _history_count(),
    )


def _tree_ok() -> None:
    assert Unit.objects.find_problems() == ([], [], [], [], [])


# --- happy paths ------------------------------------------------------------------------


def test_roster_import_creates_units_and_people_in_scope(world):
    officer = world.users["officer_a"]
    data = xlsx_bytes(
        units=[
            ["XA-3", "Chi bộ thôn 3 An Bình", "Chi bộ trực thuộc", "XA"],
            ["XA-3-1", "Tổ đảng số 1", "to-dang", "XA-3"],
        ],
        people=[
            person("N1", "Phạm  Văn   Mới", "XA-3", categories="Đảng viên, cong chuc", head="x"),
            person("N2", "Võ Thị Hoa", "XA-3-1", gender="nữ", year="1990", email="hoa@example.vn"),
        ],
    )
    result = _run(officer, data)
    assert (result.units_created, result.people_created, result.unchanged) == (2, 2, 0)
    _tree_ok()
    cell = Unit.objects.get(code="XA-3")
    group = Unit.objects.get(code="XA-3-1")
    world.commune_a.refresh_from_db()
    assert Unit.objects.get_parent(cell) == world.commune_a
    assert Unit.objects.get_parent(group) == cell
    assert cell.numchild == 1 and world.commune_a.numchild == 3
    assert cell.search_text == "chi bo thon 3 an binh xa-3"
    assert UnitEvent.objects.filter(unit=cell, kind=UnitEventKind.CREATE).exists()
    n1 = Person.objects.get(code="N1")
    assert n1.full_name == "Phạm Văn Mới"
    assert n1.category_mask == mask("dang-vien", "cong-chuc")
    assert n1.is_head and n1.unit == cell
    assert n1.search_text == "pham van moi n1" and n1.sort_key
    n2 = Person.objects.get(code="N2")
    assert (n2.gender, n2.birth_year, n2.email) == ("nu", 1990, "hoa@example.vn")
    membership = n1.memberships.get()
    assert (membership.unit, membership.start, membership.end) == (cell, TODAY(), None)
    record = n1.history.get()
    assert record.history_user == officer
    assert record.history_change_reason == "Nhập danh sách từ danh-sach.xlsx"
    assert record.history_type == "+"
    assert Person.objects.filter(search_text__contains="pham van moi").count() == 1


def test_roster_reimport_of_the_same_file_changes_nothing(world):
    officer = world.users["officer_a"]
    data = xlsx_bytes(
        units=[["XA-3", "Chi bộ thôn 3", "chi-bo", "XA"]],
        people=[person("N1", "Phạm Văn Mới", "XA-3"), person("PA", "Nguyễn Thái Học", "XA-1")],
    )
    _run(officer, data)
    before = _snapshot()
    result = _run(officer, data)
    assert result.changed_rows == 0
    assert result.unchanged == 3
    assert _snapshot() == before


def test_roster_changed_row_updates_the_record_with_that_code(world):
    officer = world.users["officer_a"]
    _run(officer, xlsx_bytes(people=[person("N1", "Phạm Văn Mới", "XA-1")]))
    history = _history_count()
    result = _run(
        officer,
        xlsx_bytes(people=[person("N1", "Phạm Văn Cũ", "XA-1", position="Bí thư chi bộ")]),
    )
    assert (result.people_updated, result.people_created, result.people_transferred) == (1, 0, 0)
    n1 = Person.objects.get(code="N1")
    assert (n1.full_name, n1.position) == ("Phạm Văn Cũ", "Bí thư chi bộ")
    assert n1.search_text == "pham van cu n1"
    assert _history_count() == history + 1
    latest = n1.history.order_by("-history_id").first()
    assert latest.history_type == "~" and latest.history_user == officer


def test_roster_transfer_ends_old_membership_and_keeps_history(world):
    officer = world.users["officer_a"]
    pa = world.person_a
    result = _run(officer, xlsx_bytes(people=[person("PA", "Nguyễn Thái Học", "XA-2")]))
    assert (result.people_transferred, result.memberships_ended, result.memberships_created) == (
        1,
        1,
        1,
    )
    pa.refresh_from_db()
    assert pa.unit == world.cell_a2
    old, new = pa.memberships.order_by("start", "pk")
    assert (old.unit, old.start, old.end) == (world.cell_a1, datetime.date(2024, 1, 1), TODAY())
    assert (new.unit, new.start, new.end) == (world.cell_a2, TODAY(), None)


def test_roster_unit_rename_and_move_go_through_org_services(world):
    officer = world.users["officer_a"]
    result = _run(
        officer,
        xlsx_bytes(
            units=[
                ["XA-2", "Chi bộ thôn 2 (mới)", "", "XA-1"],
                ["XA-1", "Chi bộ thôn 1 An Bình", "chi-bo", "XA"],
            ]
        ),
    )
    assert (result.units_updated, result.units_moved, result.unchanged) == (1, 1, 1)
    _tree_ok()
    world.refresh()
    assert world.cell_a2.name == "Chi bộ thôn 2 (mới)"
    assert Unit.objects.get_parent(world.cell_a2) == world.cell_a1
    assert UnitEvent.objects.filter(unit=world.cell_a2, kind=UnitEventKind.MOVE).exists()


def test_roster_moves_parents_before_children(world):
    # Today T > XA > XA-1; the file makes XA-1 the parent of XA (both under T).
    admin = world.users["admin"]
    data = xlsx_bytes(
        units=[["XA", "Đảng bộ xã An Bình", "", "XA-1"], ["XA-1", "Chi bộ thôn 1 An Bình", "", "T"]]
    )
    result = _run(admin, data)
    assert result.units_moved == 2
    _tree_ok()
    world.refresh()
    assert Unit.objects.get_parent(world.cell_a1) == world.root
    assert Unit.objects.get_parent(world.commune_a) == world.cell_a1


def test_roster_admin_may_create_a_root_unit(world):
    result = _run(
        world.users["admin"], xlsx_bytes(units=[["R2", "Đảng bộ khối", "dang-bo-tinh", ""]])
    )
    assert result.units_created == 1
    _tree_ok()
    assert Unit.objects.get(code="R2").depth == 1


def test_roster_audit_rows_equal_changed_rows(world):
    officer = world.users["officer_a"]
    _run(
        officer,
        xlsx_bytes(
            people=[person("N1", "Phạm Văn Một", "XA-1"), person("N2", "Phạm Văn Hai", "XA-1")]
        ),
    )
    units, people, memberships = (
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
    )
    history = _history_count()
    data = xlsx_bytes(
        units=[
            ["XA-3", "Chi bộ thôn 3", "chi-bo", "XA"],  # new unit: 1 row
            ["XA-2", "Chi bộ thôn 2 An Bình (sửa)", "chi-bo", "XA"],  # renamed: 1 row
            ["XA-1", "Chi bộ thôn 1 An Bình", "chi-bo", "XA"],  # unchanged
        ],
        people=[
            person("N1", "Phạm Văn Một", "XA-1"),  # unchanged
            person("N2", "Phạm Văn Hai", "XA-3"),  # transfer: person + 2 memberships = 3 rows
            person("PA", "Nguyễn Thái Học", "XA-1", year=1970),  # update: 1 row
            person("N3", "Lý Thị Ba", "XA-3"),  # new: person + membership = 2 rows
            person("N4", "Lý Thị Bốn", "XA-2"),  # new: 2 rows
        ],
    )
    result = _run(officer, data)
    expected_rows = 1 + 1 + 3 + 1 + 2 + 2
    assert result.changed_rows == expected_rows
    assert _history_count() - history == expected_rows
    assert (Unit.objects.count() - units, Person.objects.count() - people) == (1, 2)
    assert Membership.objects.count() - memberships == 3  # 2 new people + 1 transfer
    assert Membership.objects.filter(end=TODAY()).count() == 1
    reasons = set(
        Person.history.model.objects.filter(history_user=officer).values_list(
            "history_change_reason", flat=True
        )
    )
    assert reasons == {"Nhập danh sách từ danh-sach.xlsx"}


def test_roster_formula_is_stored_as_literal_text(world):
    formula = '=HYPERLINK("http://evil.example/x","Bấm vào đây")'
    _run(
        world.users["officer_a"],
        xlsx_bytes(people=[person("F1", formula, "XA-1", position="=1+1")]),
    )
    stored = Person.objects.get(code="F1")
    assert stored.full_name == formula
    assert stored.position == "=1+1"


def test_roster_csv_files_hold_one_list_each(world):
    officer = world.users["officer_a"]
    units = csv_bytes(UNIT_HEADER, [["XA-3", "Chi bộ thôn 3", "Chi bộ trực thuộc", "XA"]], bom=True)
    assert _run(officer, units, "don-vi.csv").units_created == 1
    people = csv_bytes(
        PEOPLE_HEADER, [person("C1", "Đỗ Văn Cờ", "XA-3", categories="Đảng viên, Viên chức")]
    )
    assert _run(officer, people, "can-bo.csv").people_created == 1
    assert Person.objects.get(code="C1").unit.code == "XA-3"


def test_roster_template_imports_cleanly_and_reimports_unchanged(world):
    officer = world.users["officer_a"]
    buffer = io.BytesIO()
    template_xlsx(buffer)
    result = _run(officer, buffer.getvalue(), "mau.xlsx")
    assert (result.units_created, result.people_created) == (2, 2)
    assert _run(officer, buffer.getvalue(), "mau.xlsx").changed_rows == 0


# --- errors: every row checked, nothing written ----------------------------------------


def test_roster_every_error_names_row_and_column_and_nothing_is_written(world):
    officer = world.users["officer_a"]
    data = xlsx_bytes(
        units=[
            ["XA-3", "Chi bộ thôn 3", "chi-bo", "KHONG-CO"],  # row 2: unknown parent
            ["XA-4", "Chi bộ 4", "chi-bo", "XA"],  # row 3: fine
            ["XA-4", "Chi bộ 4 lặp", "chi-bo", "XA"],  # row 4: duplicate code
            ["XA-5", "", "chi-bo", "XA"],  # row 5: empty name
            ["XA-6", "Chi bộ 6", "loại lạ", "XA"],  # row 6: unknown kind
            ["XA-7", "Chi bộ 7", "chi-bo", "XA-8"],  # row 7: cycle
            ["XA-8", "Chi bộ 8", "chi-bo", "XA-7"],  # row 8: cycle
            ["XA-9", "Chi bộ 9", "chi-bo", "XB"],  # row 9: parent outside scope
            ["XB-1", "Chi bộ thôn 1 Bình Lợi", "chi-bo", "XB"],  # row 10: unit outside scope
            ["XA-10", "Chi bộ 10", "", "XA"],  # row 11: no kind for a new unit
        ],
        people=[
            person("E1", "Nguyễn Văn Năm", "XA-1", year="abc"),  # row 2
            person("E2", "Nguyễn Văn Năm", "XA-1", year=1850),  # row 3
            person("E3", "", "XA-1"),  # row 4
            person("E4", "Trần Văn Bốn", "XA-1", categories="Đảng viên, Hội viên"),  # row 5
            person("E5", "Trần Văn Năm", "XA-1", gender="Khác"),  # row 6
            person("E6", "Trần Văn Sáu", "XA-1", email="khong-phai-email"),  # row 7
            person("E7", "Trần Văn Bảy", "ZZ-9"),  # row 8
            person("E8", "Trần Văn Tám", "XB-1"),  # row 9: outside scope
            person("E1", "Trần Văn Chín", "XA-1"),  # row 10: duplicate code
            person("PB", "Lê Văn Bên Kia", "XA-1"),  # row 11: person of another commune
            person("E9", "Trần Văn Mười", "XA-1", year=2999),  # row 12
        ],
    )
    before = _snapshot()
    errors = _errors(officer, data)
    assert _snapshot() == before
    found = {(e["sheet"], e["row"], e["column"]) for e in errors}
    messages = {(e["sheet"], e["row"], e["column"]): e["message"] for e in errors}
    expected = {
        ("Đơn vị", 2, "Mã đơn vị cấp trên"): "Không tìm thấy đơn vị cấp trên mã “KHONG-CO”.",
        ("Đơn vị", 4, "Mã đơn vị"): "Mã đơn vị “XA-4” bị trùng với dòng 3.",
        ("Đơn vị", 5, "Tên đơn vị"): "Tên đơn vị không được để trống.",
        ("Đơn vị", 6, "Loại"): "Loại đơn vị “loại lạ” không có trong danh mục.",
        ("Đơn vị", 7, "Mã đơn vị cấp trên"): "Quan hệ cấp trên bị vòng lặp: XA-7 → XA-8 → XA-7.",
        ("Đơn vị", 8, "Mã đơn vị cấp trên"): "Quan hệ cấp trên bị vòng lặp: XA-8 → XA-7 → XA-8.",
        ("Đơn vị", 9, "Mã đơn vị cấp trên"): "Đơn vị XB nằm ngoài phạm vi của bạn.",
        ("Đơn vị", 10, "Mã đơn vị"): "Đơn vị XB-1 nằm ngoài phạm vi của bạn.",
        ("Đơn vị", 11, "Loại"): "Thiếu loại đơn vị.",
        (
            "Cán bộ",
            2,
            "Năm sinh",
        ): f"Năm sinh “abc” không hợp lệ: phải là số nguyên từ 1900 đến {TODAY().year}.",
        (
            "Cán bộ",
            3,
            "Năm sinh",
        ): f"Năm sinh “1850” không hợp lệ: phải là số nguyên từ 1900 đến {TODAY().year}.",
        ("Cán bộ", 4, "Họ và tên"): "Họ và tên không được để trống.",
        (
            "Cán bộ",
            5,
            "Đối tượng",
        ): "Đối tượng “Hội viên” không có trong danh mục (Đảng viên, Công chức, Viên chức, Người lao động).",
        ("Cán bộ", 6, "Giới tính"): "Giới tính “Khác” không hợp lệ: ghi “Nam” hoặc “Nữ”.",
        ("Cán bộ", 7, "Email"): "Email “khong-phai-email” không hợp lệ.",
        ("Cán bộ", 8, "Mã đơn vị"): "Không tìm thấy đơn vị mã “ZZ-9”.",
        ("Cán bộ", 9, "Mã đơn vị"): "Đơn vị XB-1 nằm ngoài phạm vi của bạn.",
        ("Cán bộ", 10, "Mã cán bộ"): "Mã cán bộ “E1” bị trùng với dòng 2.",
        ("Cán bộ", 11, "Mã cán bộ"): "Cán bộ mã PB đang thuộc đơn vị ngoài phạm vi của bạn.",
        (
            "Cán bộ",
            12,
            "Năm sinh",
        ): f"Năm sinh “2999” không hợp lệ: phải là số nguyên từ 1900 đến {TODAY().year}.",
    }
    assert found == set(expected)
    for key, message in expected.items():
        assert messages[key] == message


def test_roster_officer_b_cannot_import_into_commune_a(world):
    data = xlsx_bytes(people=[person("N1", "Phạm Văn Mới", "XA-1")])
    errors = _errors(world.users["officer_b"], data)
    assert [(e["row"], e["column"], e["message"]) for e in errors] == [
        (2, "Mã đơn vị", "Đơn vị XA-1 nằm ngoài phạm vi của bạn.")
    ]
    assert not Person.objects.filter(code="N1").exists()


def test_roster_new_unit_under_a_unit_outside_scope_is_refused_for_its_people(world):
    data = xlsx_bytes(
        units=[["XB-9", "Chi bộ 9", "chi-bo", "XB"]], people=[person("N1", "Phạm Văn Mới", "XB-9")]
    )
    errors = _errors(world.users["officer_a"], data)
    assert {(e["sheet"], e["row"], e["message"]) for e in errors} == {
        ("Đơn vị", 2, "Đơn vị XB nằm ngoài phạm vi của bạn."),
        ("Cán bộ", 2, "Đơn vị XB-9 nằm ngoài phạm vi của bạn."),
    }


def test_roster_missing_required_column_is_reported(world):
    data = csv_bytes(["Mã cán bộ", "Họ và tên", "Mã đơn vị"], [["N1", "Phạm Văn Mới", "XA-1"]])
    errors = _errors(world.users["officer_a"], data, "can-bo.csv")
    assert {(e["row"], e["column"]) for e in errors} == {(1, "Giới tính"), (1, "Năm sinh")}
    assert errors[0]["message"] == "Thiếu cột “Giới tính”."


# --- command and job ---------------------------------------------------------------------


def test_import_roster_command_imports_and_prints_summary(world, tmp_path, capsys):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx_bytes(people=[person("N1", "Phạm Văn Mới", "XA-1")]))
    call_command("import_roster", str(path), "--user", "officer_a")
    out = capsys.readouterr().out
    assert "Cán bộ thêm mới: 1" in out
    assert Person.objects.get(code="N1").history.get().history_user == world.users["officer_a"]


def test_import_roster_command_prints_every_error_and_exits_1(world, tmp_path, capsys):
    path = tmp_path / "danh-sach.csv"
    path.write_bytes(
        csv_bytes(
            PEOPLE_HEADER,
            [person("N1", "Phạm Văn Mới", "XA-1", year="x"), person("N2", "", "XA-1")],
        )
    )
    with pytest.raises(SystemExit) as info:
        call_command("import_roster", str(path), "--user", "officer_a")
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "Dòng 2, cột Năm sinh: Năm sinh “x” không hợp lệ" in err
    assert "Dòng 3, cột Họ và tên: Họ và tên không được để trống." in err
    assert not Person.objects.filter(code__in=["N1", "N2"]).exists()


def _job(world, data: bytes, filename: str, settings, tmp_path) -> Job:
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    job = Job(
        kind="roster_import",
        params={"handler": "apps.people.roster.jobs.roster_import_job", "filename": filename},
        created_by=world.users["officer_a"],
    )
    job.input_file.save(filename, ContentFile(data), save=False)
    job.save()
    job_run(job.pk)
    job.refresh_from_db()
    return job


def test_roster_import_job_stores_summary_and_progress(world, settings, tmp_path):
    job = _job(
        world,
        xlsx_bytes(people=[person("N1", "Phạm Văn Mới", "XA-1")]),
        "a.xlsx",
        settings,
        tmp_path,
    )
    assert job.status == Job.Status.DONE
    assert job.result["summary"]["Cán bộ thêm mới"] == 1
    assert job.result["errors"] == []
    assert job.percent == 100


def test_roster_import_job_keeps_the_first_500_errors(world, settings, tmp_path):
    rows = [person(f"N{i}", "Phạm Văn Mới", "XA-1", year="?") for i in range(600)]
    job = _job(world, csv_bytes(PEOPLE_HEADER, rows), "a.csv", settings, tmp_path)
    assert job.status == Job.Status.FAILED
    assert len(job.result["errors"]) == 500
    assert job.result["errors_truncated"] is True
    assert job.result["error_count"] == 600
    assert "600 lỗi" in job.message
    assert not Person.objects.filter(code="N1").exists()


def test_roster_officer_cannot_rename_rekind_or_move_their_own_top_unit(world):
    """Issue 16 defect 7: reorganising the unit an officer was granted is for administrators."""
    officer = world.users["officer_a"]
    before = _snapshot()
    for row in (["XA", "Xã đổi tên", "", ""], ["XA", "Đảng bộ xã An Bình", "chi-bo", ""]):
        errors = _errors(officer, xlsx_bytes(units=[row]))
        assert any(
            e["row"] == 2 and "quản trị viên" in e["message"] and "XA" in e["message"]
            for e in errors
        ), errors
    assert _errors(officer, xlsx_bytes(units=[["XA", "Đảng bộ xã An Bình", "", "XB"]]))
    assert _snapshot() == before
    world.refresh()
    assert world.commune_a.name == "Đảng bộ xã An Bình"
    # The same row unchanged is accepted (re-importing an export), and cells stay editable.
    result = _run(
        officer,
        xlsx_bytes(
            units=[["XA", "Đảng bộ xã An Bình", "", ""], ["XA-1", "Chi bộ thôn 1 (mới)", "", ""]]
        ),
    )
    assert (result.units_updated, result.unchanged) == (1, 1)
    # An administrator may.
    assert (
        _run(world.users["admin"], xlsx_bytes(units=[["XA", "Xã đổi tên", "", ""]])).units_updated
        == 1
    )


def test_roster_control_characters_and_late_nul_bytes_are_row_errors(world):
    """Issue 16 defect 3: a control character (here a bell, and NUL bytes after the first
    8 KB) is refused with its row and column, on SQLite and PostgreSQL alike, and nothing is
    written (PostgreSQL used to answer with a raw DataError for NUL)."""
    filler = [person(f"F{i:04d}", f"Người thứ {i}", "XA-1") for i in range(200)]
    rows = [
        *filler,
        person("NUL1", "Nguyễn\x00Văn Nul", "XA-1"),
        person("BEL1", "Trần Văn\x07 Chuông", "XA-1", position="Bí\x1b thư"),
    ]
    data = csv_bytes(PEOPLE_HEADER, rows)
    assert data.index(b"\x00") > 8192
    before = _snapshot()
    errors = _errors(world.users["officer_a"], data, "can-bo.csv")
    assert _snapshot() == before
    found = {(e["row"], e["column"]) for e in errors}
    assert found == {(202, "Họ và tên"), (203, "Họ và tên"), (203, "Chức vụ")}, errors
    assert all("U+00" in e["message"] and "ký tự điều khiển" in e["message"] for e in errors)
