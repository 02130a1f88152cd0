import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.plans.enums import PlanStatus, ReportStatus
from apps.plans.models import Report, ReportValue
from apps.plans.selectors import report_consolidation, reports_late, reports_missing
from apps.plans.services.plans import plan_create, plan_transition
from apps.plans.services.reports import period_close, report_open, report_save, report_transition
from tests.org.factories import UnitFactory
from tests.plans.factories import docx_upload, make_quarter
from tests.rollout.factories import make_rollout


@pytest.fixture
def rollout(world):
    return make_rollout(world)


@pytest.fixture
def period(rollout):
    return make_quarter(rollout)


def _codes(period):
    return {i.code: i for i in period.template.indicators.all()}


def _submit(world, period, unit, actor="officer_a", **figures):
    codes = _codes(period)
    report = report_open(actor=world.users[actor], period=period, unit=unit)
    values = {codes[k].pk: v for k, v in figures.items()}
    return report_save(actor=world.users[actor], report=report, values=values, submit=True)


def test_report_prefills_automatic_figures_and_marks_them(world, rollout, period):
    plan = plan_create(
        actor=world.users["officer_a"], rollout=rollout, unit=world.cell_a1, title="KH"
    )
    plan_transition(
        actor=world.users["officer_a"], plan=plan, to=PlanStatus.SUBMITTED, document=docx_upload()
    )
    report = report_open(actor=world.users["officer_a"], period=period, unit=world.cell_a1)
    values = {v.indicator.code: v for v in report.values.select_related("indicator")}
    assert values["plan_submitted"].value == 1 and values["plan_submitted"].auto
    assert (
        values["people_required"].value == 2 and values["people_required"].auto
    )  # member_a, person_a
    assert values["violations_found"].value is None and not values["violations_found"].auto


def test_automatic_figures_cannot_be_overwritten_from_the_form(world, rollout, period):
    report = _submit(world, period, world.cell_a1, people_required=999, violations_found=1)
    value = report.values.get(indicator__code="people_required")
    assert value.value == 2


def test_consolidation_sums_children_and_lists_the_missing_third_cell(
    world, rollout, period, django_assert_max_num_queries
):
    cell_a3 = UnitFactory(code="XA-3", name="Chi bộ thôn 3 An Bình", parent=world.commune_a)
    world.refresh()
    _submit(world, period, world.cell_a1, violations_found=2, people_commended=5)
    _submit(world, period, world.cell_a2, violations_found=1, people_commended="1.200")
    codes = _codes(period)
    with django_assert_max_num_queries(11):  # 8, and 3 for the system's own subtree figures
        c = report_consolidation(period=period, unit=world.commune_a)
    assert c.total.values[codes["violations_found"].pk] == 3
    assert c.total.values[codes["people_commended"].pk] == 1205
    assert [u.name for u in c.missing_for(codes["violations_found"])] == [cell_a3.name]
    assert c.total.reported == 2 and c.total.expected == 4  # commune itself + 3 cells
    assert [u.name for u in reports_missing(period=period, unit=world.commune_a)] == [
        world.commune_a.name,
        cell_a3.name,
    ]


def test_consolidation_at_root_groups_by_commune(world, rollout, period):
    _submit(world, period, world.cell_a1, violations_found=2)
    _submit(world, period, world.cell_b1, actor="officer_b", violations_found=4)
    _submit(world, period, world.commune_a, violations_found=1)
    code = _codes(period)["violations_found"].pk
    c = report_consolidation(period=period, unit=world.root)
    by_unit = {r.unit.code: r.values.get(code) for r in c.rows}
    assert by_unit == {"XA": 3, "XB": 4}
    assert c.total.values[code] == 7


def test_returned_report_leaves_the_consolidation_until_resubmitted(world, rollout, period):
    report = _submit(world, period, world.cell_a1, violations_found=2)
    report_transition(
        actor=world.users["leader_a"],
        report=report,
        to=ReportStatus.RETURNED,
        comment="Kiểm tra lại số vi phạm",
    )
    code = _codes(period)["violations_found"].pk
    assert code not in report_consolidation(period=period, unit=world.commune_a).total.values
    report.refresh_from_db()
    assert report.return_comment == "Kiểm tra lại số vi phạm"
    report_save(actor=world.users["officer_a"], report=report, values={code: "3"}, submit=True)
    assert report_consolidation(period=period, unit=world.commune_a).total.values[code] == 3


@pytest.mark.parametrize("raw", ["abc", "-3", "1,5", "2.5", "1e3"])
def test_non_numeric_or_negative_figures_change_nothing(world, rollout, period, raw):
    codes = _codes(period)
    report = report_open(actor=world.users["officer_a"], period=period, unit=world.cell_a1)
    with pytest.raises(ApplicationError, match="Số trường hợp vi phạm"):
        report_save(
            actor=world.users["officer_a"],
            report=report,
            values={codes["people_commended"].pk: "7", codes["violations_found"].pk: raw},
            submit=True,
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.values.get(indicator=codes["people_commended"]).value is None


def test_report_for_a_closed_period_is_refused(world, rollout, period):
    _submit(world, period, world.cell_a1, violations_found=2)
    closure = period_close(actor=world.users["leader_a"], period=period, unit=world.commune_a)
    assert closure.totals["indicators"]["violations_found"] == 2
    with pytest.raises(ApplicationError, match="khóa sổ"):
        report_open(actor=world.users["officer_a"], period=period, unit=world.cell_a2)
    report = Report.objects.get(unit=world.cell_a1)
    with pytest.raises(ApplicationError, match="khóa sổ"):
        report_transition(
            actor=world.users["leader_a"], report=report, to=ReportStatus.RETURNED, comment="x"
        )
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    # Another commune is not locked by Xã A's closure.
    _submit(world, period, world.cell_b1, actor="officer_b", violations_found=1)


def test_return_by_the_units_own_leader_is_refused(world, rollout, period):
    report = _submit(world, period, world.commune_a, violations_found=1)
    with pytest.raises(ApplicationError, match="cấp trên trực tiếp"):
        report_transition(
            actor=world.users["leader_a"], report=report, to=ReportStatus.RETURNED, comment="x"
        )


def test_late_report_is_listed(world, rollout):
    period = make_quarter(
        rollout, due=timezone.localdate() - datetime.timedelta(days=1), name="Quý III"
    )
    _submit(world, period, world.cell_a1, violations_found=0)
    assert [r.unit for r in reports_late(period=period, unit=world.commune_a)] == [world.cell_a1]


def test_report_values_mirror_submission_state(world, rollout, period):
    report = _submit(world, period, world.cell_a1, violations_found=1)
    assert set(ReportValue.objects.filter(report=report).values_list("submitted", flat=True)) == {
        True
    }


# --- views --------------------------------------------------------------------------------


def test_report_edit_view_shows_error_and_changes_nothing(world, rollout, period):
    codes = _codes(period)
    client = world.client("officer_a")
    url = reverse("report_edit", args=[period.pk, world.cell_a1.pk])
    response = client.post(url, {f"value_{codes['violations_found'].pk}": "-1", "submit": "1"})
    assert response.status_code == 400
    assert "không được là số âm" in response.content.decode()
    assert Report.objects.get(unit=world.cell_a1).status == ReportStatus.DRAFT


def test_consolidation_page_and_htmx_fragment_match(world, rollout, period):
    _submit(world, period, world.cell_a1, violations_found=2)
    client = world.client("leader_a")
    url = reverse("report_consolidation", args=[period.pk]) + f"?unit={world.commune_a.pk}"
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    full = token.sub("", client.get(url).content.decode())
    fragment = token.sub("", client.get(url, HTTP_HX_REQUEST="true").content.decode())
    assert fragment.strip() in full
    assert "Chi bộ thôn 2 An Bình" in fragment


def test_report_routes_scope(world, rollout, period):
    report_b = _submit(world, period, world.cell_b1, actor="officer_b", violations_found=1)
    officer_a = world.client("officer_a")
    assert officer_a.get(reverse("report_detail", args=[report_b.pk])).status_code == 404
    assert (
        officer_a.post(reverse("report_return", args=[report_b.pk]), {"comment": "x"}).status_code
        == 404
    )
    assert (
        officer_a.get(reverse("report_edit", args=[period.pk, world.cell_b1.pk])).status_code == 404
    )
    assert (
        officer_a.get(
            reverse("report_consolidation", args=[period.pk]) + f"?unit={world.commune_b.pk}"
        ).status_code
        == 404
    )
    leader_a = world.client("leader_a")
    assert (
        leader_a.post(
            reverse("report_period_close", args=[period.pk]), {"unit": world.commune_b.pk}
        ).status_code
        == 404
    )
    member = world.client("member_a")
    for url in (
        reverse("report_periods", args=[rollout.pk]),
        reverse("report_consolidation", args=[period.pk]),
        reverse("report_edit", args=[period.pk, world.cell_a1.pk]),
        reverse("report_detail", args=[report_b.pk]),
    ):
        assert member.get(url).status_code in (403, 404)
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(world.users["leader"])
    assert (
        csrf.post(reverse("report_return", args=[report_b.pk]), {"comment": "x"}).status_code == 403
    )
    assert (
        csrf.post(
            reverse("report_period_close", args=[period.pk]), {"unit": world.commune_b.pk}
        ).status_code
        == 403
    )
    report_b.refresh_from_db()
    assert report_b.status == ReportStatus.SUBMITTED


def test_periods_page_creates_template_and_period(world, rollout):
    client = world.client("leader")
    url = reverse("report_periods", args=[rollout.pk])
    client.post(url, {"setup": "1"})
    from apps.plans.models import ReportPeriodKind

    response = client.post(
        url,
        {
            "kind": ReportPeriodKind.objects.get(code="quy").pk,
            "name": "Quý I năm 2027",
            "starts_on": "2027-01-01",
            "ends_on": "2027-03-31",
            "due_on": "2027-04-05",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Quý I năm 2027" in page and "tự động" in page
