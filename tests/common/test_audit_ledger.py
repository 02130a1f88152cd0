"""The tamper-evident audit (issue 16 defect 9): history of report figures and narrative, of a
directive's contents and of privileges; every history row chained in the ledger; verify_audit
finds rows edited or deleted directly in the database; append-only on PostgreSQL."""

import dataclasses

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from apps.common import ledger
from apps.common.models import AuditHead, AuditRecord
from apps.directives.models import ConductCriterion
from apps.directives.services import directive_create, directive_update
from apps.org.models import Unit
from apps.people.models import Person
from apps.plans.models import ReportSection, ReportValue
from apps.plans.services.reports import report_open, report_save
from tests.directives.test_directive_services import content
from tests.people.factories import PersonFactory
from tests.plans.factories import make_quarter
from tests.rollout.factories import make_rollout

PG = connection.vendor == "postgresql"


def _raw(sql: str, params: list | None = None, *, table: str | None = None) -> None:
    """A write straight to the database, as someone with the database's password would do
    (on PostgreSQL a superuser first switches the append-only triggers off, as here)."""
    with connection.cursor() as cursor:
        if PG:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params or [])
        if PG:
            cursor.execute("SET LOCAL session_replication_role = origin")


def _problems() -> list[str]:
    return ledger.verify().problems


def test_every_history_row_of_the_world_is_in_a_verified_chain(world):
    result = ledger.verify()
    assert result.ok, result.problems
    assert result.checked == result.history_rows > 10
    seqs = list(AuditRecord.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert AuditHead.objects.get().hash == result.head_hash


def test_bulk_history_writes_are_recorded_in_the_ledger(world):
    people = [PersonFactory.build(code=f"BULK{i}", unit=world.cell_a1) for i in range(30)]
    bulk_create_with_history(people, Person, batch_size=7)
    assert (
        AuditRecord.objects.filter(
            table="people.historicalperson", object_id__in=[str(p.pk) for p in people]
        ).count()
        == 30
    )
    before = AuditRecord.objects.filter(object_model="people.person", action="+").count()
    bulk_create_with_history(
        [PersonFactory.build(code=f"EXTRA{i}", unit=world.cell_a2) for i in range(3)], Person
    )
    entries = AuditRecord.objects.filter(object_model="people.person", action="+")
    assert entries.count() == before + 3
    assert set(
        entries.filter(object_id__in=[str(p.pk) for p in people]).values_list(
            "unit_path", flat=True
        )
    ) == {world.cell_a1.path}
    assert ledger.verify().ok


def test_verify_audit_finds_a_history_row_changed_in_the_database(world):
    ledger.seal()
    history = world.person_a.history.first()
    table = history._meta.db_table
    _raw(
        f'UPDATE "{table}" SET full_name = %s WHERE history_id = %s',
        ["Tên Đã Bị Sửa", history.pk],
        table=table,
    )
    problems = _problems()
    assert any(f"#{history.pk}): dòng lịch sử đã bị sửa" in p for p in problems), problems
    with pytest.raises(CommandError, match="không toàn vẹn"):
        call_command("verify_audit")


def test_verify_audit_finds_a_deleted_history_row_and_a_deleted_ledger_entry(world):
    ledger.seal()
    history = world.person_b.history.first()
    table = history._meta.db_table
    _raw(f'DELETE FROM "{table}" WHERE history_id = %s', [history.pk], table=table)
    assert any("dòng lịch sử đã bị xóa" in p for p in _problems())

    middle = AuditRecord.objects.order_by("seq")[3]
    ledger_table = AuditRecord._meta.db_table
    _raw(f'DELETE FROM "{ledger_table}" WHERE id = %s', [middle.pk], table=ledger_table)
    problems = _problems()
    assert any("chuỗi bị đứt" in p for p in problems), problems


def test_verify_audit_finds_an_edited_ledger_entry_and_a_row_written_behind_its_back(world):
    ledger.seal()
    entry = AuditRecord.objects.order_by("seq")[2]
    ledger_table = AuditRecord._meta.db_table
    _raw(
        f'UPDATE "{ledger_table}" SET actor_name = %s WHERE id = %s',
        ["ai-do", entry.pk],
        table=ledger_table,
    )
    assert any("sai mã băm" in p for p in _problems())

    history_model = Unit.history.model
    row = Unit.history.first()
    history_model.objects.create(  # no signal: simple-history's own save path is bypassed
        **{
            f.attname: getattr(row, f.attname)
            for f in history_model._meta.concrete_fields
            if f.attname != "history_id"
        }
    )
    assert any("không có trong nhật ký" in p for p in _problems())


def test_verify_audit_command_reports_an_intact_ledger(world, capsys):
    call_command("verify_audit")
    assert "Nhật ký toàn vẹn" in capsys.readouterr().out


@pytest.mark.skipif(not PG, reason="append-only triggers are PostgreSQL's")
def test_history_and_ledger_are_append_only_in_postgresql(world):
    ledger.seal()
    history = world.person_a.history.first()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f'UPDATE "{history._meta.db_table}" SET full_name = %s WHERE history_id = %s',
            ["x", history.pk],
        )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditRecord.objects.filter(pk=AuditRecord.objects.first().pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditRecord.objects.update(actor_name="x")


# --- what the audit now covers ----------------------------------------------------------


def test_report_figures_and_narrative_keep_their_history(world):
    rollout = make_rollout(world)
    period = make_quarter(rollout)
    officer = world.users["officer_a"]
    report = report_open(actor=officer, period=period, unit=world.cell_a1)
    indicator = period.template.indicators.get(code="violations_found")
    section = report.sections.first()
    report_save(
        actor=officer,
        report=report,
        values={indicator.pk: 5},
        sections={section.section_id: "Bản đầu"},
    )
    report_save(
        actor=officer,
        report=report,
        values={indicator.pk: 50},
        sections={section.section_id: "Bản sửa"},
    )

    value = ReportValue.objects.get(report=report, indicator=indicator)
    assert [h.value for h in value.history.order_by("history_id")] == [None, 5, 50]
    assert value.history.first().history_user == officer
    text = ReportSection.objects.get(pk=section.pk)
    assert [h.text for h in text.history.order_by("history_id")] == ["", "Bản đầu", "Bản sửa"]
    entries = AuditRecord.objects.filter(object_model="plans.reportvalue", object_id=str(value.pk))
    assert entries.count() == 3
    assert set(entries.values_list("unit_path", flat=True)) == {world.cell_a1.path}
    assert ledger.verify().ok


def test_unchanged_figures_write_no_history(world):
    rollout = make_rollout(world)
    period = make_quarter(rollout)
    officer = world.users["officer_a"]
    report = report_open(actor=officer, period=period, unit=world.cell_a1)
    indicator = period.template.indicators.get(code="violations_found")
    report_save(actor=officer, report=report, values={indicator.pk: 5})
    before = ReportValue.history.count()
    report_save(actor=officer, report=report, values={indicator.pk: 5})
    assert ReportValue.history.count() == before


def test_editing_a_directive_keeps_the_old_criteria_tasks_deadlines_and_quiz(world):
    leader = world.users["leader"]
    directive = directive_create(actor=leader, content=content(world.root))
    old = content(world.root)
    new = content(
        world.root,
        dos=["Điều cần làm mới", *old.dos[1:]],
        key_tasks=["Nhiệm vụ mới", *old.key_tasks[1:]],
    )
    new = dataclasses.replace(
        new,
        deadlines=[dataclasses.replace(new.deadlines[0], name="Hạn mới")],
        questions=[dataclasses.replace(new.questions[0], text="Câu hỏi mới?")],
    )
    directive_update(actor=leader, directive=directive, content=new)

    first_do = ConductCriterion.objects.get(directive=directive, polarity="do", order=1)
    assert [h.text for h in first_do.history.order_by("history_id")] == [
        old.dos[0],
        "Điều cần làm mới",
    ]
    task = directive.key_tasks.get(order=1)
    assert task.history.earliest("history_id").text == old.key_tasks[0]
    assert directive.deadlines.get().history.earliest("history_id").name == "Hoàn thành quán triệt"
    assert directive.questions.get().history.earliest("history_id").text == old.questions[0].text
    assert set(
        AuditRecord.objects.filter(object_model="directives.conductcriterion").values_list(
            "unit_path", flat=True
        )
    ) == {world.root.path}


def test_privilege_changes_are_recorded_with_before_and_after(world):
    user = world.users["officer_b"]
    user.is_superuser = True
    user.is_staff = True
    user.save()
    user.is_active = False
    user.save()
    rows = list(get_user_model().history.filter(id=user.pk).order_by("history_id"))
    assert [(r.is_superuser, r.is_staff, r.is_active) for r in rows[-2:]] == [
        (True, True, True),
        (True, True, False),
    ]
    change = ledger.changes(
        AuditRecord.objects.get(table="access.historicaluser", history_id=rows[-1].pk)
    )
    assert ("Active", True, False) in [(str(f), b, a) for f, b, a in change] or any(
        b is True and a is False for _, b, a in change
    )
    assert not hasattr(rows[-1], "password")


def test_logging_in_writes_no_user_history(world, password):
    user_model = get_user_model()
    before = user_model.history.count()
    response = Client().post(reverse("login"), {"username": "leader", "password": password})
    assert response.status_code == 302
    assert user_model.history.count() == before
