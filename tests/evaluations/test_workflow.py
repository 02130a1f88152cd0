"""The review chain through the pages, who sees what, notifications, work items, the "rating"
facts and the documents."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.common.errors import ApplicationError
from apps.common.facts import FactQuery, collect
from apps.common.models import Notification
from apps.common.plugins import work_items
from apps.evaluations import services
from apps.evaluations.models import Evaluation
from apps.evaluations.rules import rules_for
from tests.evaluations.factories import (
    civil_servant,
    comment,
    evaluation_of,
    fill,
    open_period,
    push_to_proposed,
)

pytestmark = pytest.mark.django_db


def _form(evaluation, points, *, action="save", summary="Hoàn thành tốt nhiệm vụ", proposed=""):
    groups = rules_for(evaluation.period.rule_set).groups[evaluation.subject_kind]
    data = {"action": action, "summary": summary, "proposed": proposed}
    for g, p in zip(groups, points, strict=True):
        data[f"points_{g.id}"] = p
        data[f"just_{g.id}"] = f"Căn cứ cho {g.name}"
    return data


def test_member_fills_and_the_chain_runs_to_a_decision_the_member_sees(world):
    civil_servant(world.member_a)
    period = open_period(world)
    evaluation = evaluation_of(period, world.member_a)
    member = world.client("member_a")
    url = reverse("my_evaluation", args=[evaluation.pk])
    page = member.get(url)
    assert page.status_code == 200
    assert "Hệ thống ghi nhận trong kỳ" in page.content.decode()
    # a bad score is refused, and everything typed comes back
    bad = member.post(url, _form(evaluation, ("35", "60"), summary="Giữ nguyên chữ này"))
    body = bad.content.decode()
    assert bad.status_code == 400
    assert "Nhóm tiêu chí chung: điểm phải từ 0 đến 30." in body
    assert "Giữ nguyên chữ này" in body and 'value="35"' in body
    assert member.post(url, _form(evaluation, ("27", "60,5"), action="submit")).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted" and str(evaluation.self_points) == "87.5"
    assert Notification.objects.filter(
        user=world.users["officer_a"], title__contains="chờ góp ý"
    ).exists()

    step = reverse("evaluation_step", args=[evaluation.pk])
    officer = world.client("officer_a")
    refused = officer.post(step, {"to": "commented", "comment": "Chi bộ đồng ý"})
    assert refused.status_code == 400
    assert "yêu cầu ý kiến của chi ủy nơi cư trú" in refused.content.decode()
    assert "Chi bộ đồng ý" in refused.content.decode()
    # The cell's comment, then the residence cell's opinion as a step of its own.
    assert (
        'id="noi-cu-tru"'
        not in officer.get(reverse("evaluation_detail", args=[evaluation.pk])).content.decode()
    )
    assert officer.post(step, {"to": "residence", "comment": "Chi bộ đồng ý"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "residence"
    page = officer.get(reverse("evaluation_detail", args=[evaluation.pk])).content.decode()
    assert 'id="noi-cu-tru"' in page and 'id="gop-y"' not in page
    empty = officer.post(step, {"to": "commented", "residence": ""})
    assert empty.status_code == 400
    assert "Cần ghi ý kiến nhận xét của chi ủy nơi cư trú" in empty.content.decode()
    officer.post(step, {"to": "commented", "residence": "Gương mẫu"})
    leader = world.client("leader_a")
    too_high = leader.post(step, {"to": "proposed", "comment": "Tốt", "level": "xuat-sac"})
    assert (
        "87,5 điểm chỉ đạt mức “Hoàn thành tốt nhiệm vụ” (70–89,9 điểm)"
        in too_high.content.decode()
    )
    leader.post(step, {"to": "proposed", "comment": "Hoàn thành tốt", "level": "tot"})
    evaluation.refresh_from_db()
    assert evaluation.status == "proposed" and evaluation.head_level.code == "tot"

    decide = reverse("evaluation_decide", args=[period.pk])
    page = leader.get(decide, {"unit": world.commune_a.pk})
    assert "Trần Thị Đảng Viên" in page.content.decode()
    leader.post(
        decide, {"unit": world.commune_a.pk, f"level_{evaluation.pk}": "tot", "reason": "Hội nghị"}
    )
    evaluation.refresh_from_db()
    assert evaluation.status == "decided" and evaluation.final_level.code == "tot"
    mine = member.get(url).content.decode()
    assert "Kết quả xếp loại" in mine and "Hoàn thành tốt nhiệm vụ" in mine
    assert "Điểm đánh giá: 87,5/100" in mine
    kinds = list(evaluation.steps.values_list("kind", "actor_name"))
    assert [k for k, _ in kinds] == ["submit", "cell_comment", "residence", "head", "decision"]
    assert kinds[0][1] == "Trần Thị Đảng Viên" and kinds[3][1] == "Cán bộ leader_a"
    assert Notification.objects.filter(
        user=world.users["member_a"], title__startswith="Kết quả xếp loại"
    ).exists()


def test_residence_step_follows_the_rule_sets_categories_as_data(world):
    period = open_period(world)
    plain = fill(evaluation_of(period, world.member_a), ("25", "50"))  # a party member only
    servant = fill(evaluation_of(period, civil_servant(world.person_a)), ("25", "50"))
    for e in (plain, servant):
        services.evaluation_transition(actor=None, evaluation=e, to="submitted")
    with pytest.raises(ApplicationError, match="không yêu cầu ý kiến của chi ủy nơi cư trú"):
        services.evaluation_transition(actor=None, evaluation=plain, to="residence", comment="x")
    assert comment(plain).status == "commented"
    services.evaluation_transition(actor=None, evaluation=servant, to="residence", comment="Ok")
    officer = {i.label: i for i in work_items(world.users["officer_a"])}
    assert officer["Chờ ghi ý kiến của chi ủy nơi cư trú"].count == 1
    assert Notification.objects.filter(
        user=world.users["officer_a"], title="Chờ ý kiến của chi ủy nơi cư trú: Nguyễn Thái Học"
    ).exists()
    servant = services.evaluation_transition(
        actor=None, evaluation=servant, to="commented", residence_opinion="Gương mẫu"
    )
    assert list(servant.steps.values_list("kind", flat=True)) == [
        "submit", "cell_comment", "residence"
    ]  # fmt: skip
    # A rule set naming no categories asks it of everyone; one without the flag of nobody.
    rule_set = period.rule_set
    rule_set.residence_categories = ""
    rule_set.save()
    assert services.needs_residence(evaluation_of(period, world.member_a))
    rule_set.requires_residence_opinion = False
    rule_set.save()
    assert not services.needs_residence(evaluation_of(period, world.person_a))


def test_returned_assessment_goes_back_with_the_comment_and_can_be_resubmitted(world):
    period = open_period(world)
    evaluation = fill(evaluation_of(period, world.member_a), ("25", "50"))
    services.evaluation_transition(
        actor=world.users["member_a"], evaluation=evaluation, to="submitted"
    )
    world.client("officer_a").post(reverse("evaluation_step", args=[evaluation.pk]),
                                   {"to": "returned", "comment": "Bổ sung giải trình nhóm 2"})  # fmt: skip
    evaluation.refresh_from_db()
    assert evaluation.status == "returned"
    page = (
        world.client("member_a")
        .get(reverse("my_evaluation", args=[evaluation.pk]))
        .content.decode()
    )
    assert "Bổ sung giải trình nhóm 2" in page and 'name="action" value="submit"' in page
    note = Notification.objects.get(user=world.users["member_a"], title__contains="trả lại")
    assert note.body == "Bổ sung giải trình nhóm 2"
    items = [i.label for i in work_items(world.users["member_a"])]
    assert "Bản tự đánh giá năm 2024 bị trả lại" in items


def test_nobody_reviews_or_decides_their_own_assessment(world):
    from tests.people.factories import AssignmentFactory

    AssignmentFactory(person=world.member_a, unit=world.commune_a, role="leader")
    period = open_period(world)
    evaluation = fill(evaluation_of(period, world.member_a), ("25", "50"))
    services.evaluation_transition(
        actor=world.users["member_a"], evaluation=evaluation, to="submitted"
    )
    with pytest.raises(Exception, match="chính mình"):
        services.evaluation_transition(actor=world.users["member_a"], evaluation=evaluation,
                                       to="commented", comment="x", residence_opinion="y")  # fmt: skip


def test_member_sees_only_their_own_assessments(world):
    period = open_period(world)
    other = evaluation_of(period, world.person_a)
    member = world.client("member_a")
    assert member.get(reverse("my_evaluation", args=[other.pk])).status_code == 404
    assert member.get(reverse("evaluation_detail", args=[other.pk])).status_code == 403
    assert member.get(reverse("export_self_assessment", args=[other.pk])).status_code == 404
    listing = member.get(reverse("my_evaluations")).content.decode()
    assert (
        listing.count(reverse("my_evaluation", args=[evaluation_of(period, world.member_a).pk]))
        >= 1
    )
    assert "Nguyễn Thái Học" not in listing


def test_commune_officer_sees_nothing_of_the_sibling_communes_period(world):
    period = open_period(world, unit=world.commune_b)
    officer = world.client("officer_a")
    assert period.title not in officer.get(reverse("evaluation_periods")).content.decode()
    assert officer.get(reverse("evaluation_period", args=[period.pk])).status_code == 404
    b = period.evaluations.get(person=world.person_b)
    assert officer.get(reverse("evaluation_detail", args=[b.pk])).status_code == 404
    assert officer.get(reverse("ratings_overview", args=[period.pk])).status_code == 404
    assert officer.get(reverse("export_evaluation_list", args=[period.pk])).status_code == 404


def test_work_items_say_what_needs_each_person(world):
    period = open_period(world)
    assert [i.label for i in work_items(world.users["member_a"])] == [
        "Tự đánh giá năm 2024 chưa nộp"
    ]
    evaluation = fill(evaluation_of(period, world.member_a), ("25", "50"))
    services.evaluation_transition(actor=None, evaluation=evaluation, to="submitted")
    officer = {i.label: i for i in work_items(world.users["officer_a"])}
    assert officer["Bản tự đánh giá chờ góp ý"].count == 1
    services.evaluation_transition(
        actor=None, evaluation=evaluation, to="commented", comment="Ok", residence_opinion="Ok"
    )
    leader = {i.label: i for i in work_items(world.users["leader_a"])}
    assert leader["Bản tự đánh giá chờ nhận xét"].count == 1
    assert "trang_thai=commented" in leader["Bản tự đánh giá chờ nhận xét"].url
    assert not [i for i in work_items(world.users["officer_b"]) if "đánh giá" in i.label]


def test_unit_rating_runs_from_its_own_assessment_to_the_superiors_decision(world):
    period = open_period(world)
    cell = period.evaluations.get(subject_kind="unit", unit=world.cell_a1)
    client = world.client("officer_a")
    url = reverse("evaluation_unit_self", args=[cell.pk])
    assert "Kết quả xếp loại đảng viên" in client.get(url).content.decode()
    client.post(url, _form(cell, ("26", "60"), action="submit"))
    cell.refresh_from_db()
    assert cell.status == "submitted" and cell.body == world.commune_a
    services.evaluation_transition(
        actor=world.users["leader_a"], evaluation=cell, to="proposed", comment="Đạt"
    )
    services.evaluation_decide(actor=world.users["leader_a"], period=period, body=world.commune_a,
                               levels={cell.pk: "tot"}, subject_kind="unit")  # fmt: skip
    cell.refresh_from_db()
    assert cell.final_level.name == "Hoàn thành tốt nhiệm vụ"


def test_rating_facts_are_provided_for_people_and_units(world):
    period = open_period(world)
    e = push_to_proposed(evaluation_of(period, world.member_a), ("28", "62"))
    services.evaluation_decide(
        actor=None, period=period, body=world.commune_a, levels={e.pk: "tot"}
    )
    facts = collect("rating", FactQuery(subject_kind="person", ids=[world.member_a.pk]))
    assert [(f.code, f.label, f.subject_id) for f in facts] == [
        ("tot", "Hoàn thành tốt nhiệm vụ", world.member_a.pk)
    ]
    assert facts[0].extra["points"] == 90.0 or facts[0].extra["points"] == 90
    assert (
        collect("rating", FactQuery(subject_kind="person", subtree_path=world.commune_b.path)) == []
    )
    assert (
        collect("rating", FactQuery(subject_kind="person", start=datetime.date(2025, 1, 1))) == []
    )
    assert collect("rating", FactQuery(subject_kind="person", actor=world.users["officer_b"])) == []
    assert (
        len(collect("rating", FactQuery(subject_kind="person", actor=world.users["officer_a"])))
        == 1
    )
    assert collect("rating", FactQuery(subject_kind="person", directive_id=999999)) == []


def test_documents_come_out_as_docx_and_xlsx(world):
    period = open_period(world)
    e = push_to_proposed(evaluation_of(period, world.member_a), ("28", "52"))
    services.evaluation_decide(
        actor=None, period=period, body=world.commune_a, levels={e.pk: "tot"}
    )
    member = world.client("member_a")
    form = member.get(reverse("export_self_assessment", args=[e.pk]))
    assert form.status_code == 200 and form.content[:2] == b"PK"
    leader = world.client("leader_a")
    docx = leader.get(reverse("export_evaluation_list", args=[period.pk]), {"format": "docx"})
    assert docx.content[:2] == b"PK"
    decision = leader.get(reverse("export_evaluation_decision", args=[period.pk]))
    assert decision.content[:2] == b"PK" and "quyet-dinh" in decision["Content-Disposition"]
    xlsx = leader.get(reverse("export_evaluation_list", args=[period.pk]), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [sheet.cell(row=r, column=2).value for r in range(3, sheet.max_row + 1)]
    assert "Trần Thị Đảng Viên" in names
    row = names.index("Trần Thị Đảng Viên") + 3
    assert sheet.cell(row=row, column=4).value == 80.0
    assert sheet.cell(row=row, column=7).value == "Hoàn thành tốt nhiệm vụ"


def test_ratings_overview_shows_the_distribution_by_unit(world):
    period = open_period(world)
    e = push_to_proposed(evaluation_of(period, world.member_a), ("28", "52"))
    services.evaluation_decide(
        actor=None, period=period, body=world.commune_a, levels={e.pk: "tot"}
    )
    page = (
        world.client("leader_a").get(reverse("ratings_overview", args=[period.pk])).content.decode()
    )
    assert "Chi bộ thôn 1 An Bình" in page and "Phân bố mức xếp loại" in page


def test_opening_a_period_creates_one_evaluation_per_person_and_organisation(world):
    from apps.evaluations.models import EvaluationPeriodKind, RuleSet

    kind = EvaluationPeriodKind.objects.get(code="nam").pk
    rule_set = RuleSet.objects.get(code="366-qd-tw-2025").pk
    page = world.client("officer_a").post(reverse("evaluation_period_new"), {
        "unit": world.commune_a.pk, "kind": kind, "rule_set": rule_set, "title": "Năm 2024",
        "start": "01/01/2024", "end": "31/12/2024", "self_due": "20/12/2024"})  # fmt: skip
    assert page.status_code == 302
    period = world.commune_a.evaluation_periods.get()
    people = Evaluation.objects.filter(period=period, subject_kind="person")
    assert people.count() == 4  # member_a, person_a, officer_a, leader_a
    assert set(
        Evaluation.objects.filter(period=period, subject_kind="unit").values_list(
            "unit__code", flat=True
        )
    ) == {"XA-1", "XA-2"}
    assert people.get(person=world.member_a).body == world.commune_a
