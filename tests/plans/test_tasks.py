import datetime

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from apps.common.errors import ApplicationError
from apps.plans.enums import RollupRule, TaskStatus
from apps.plans.models import Task
from apps.plans.selectors import task_list_overdue
from apps.plans.services.tasks import (
    task_comment_add,
    task_create,
    task_delegate,
    task_evidence_add,
    task_progress_set,
)
from tests.plans.factories import fake_pdf_upload, pdf_upload
from tests.rollout.factories import make_rollout

D = datetime.date


@pytest.fixture
def rollout(world):
    return make_rollout(world)


def _task(world, rollout, unit=None, **kw):
    params = {
        "actor": world.users["officer_a"],
        "rollout": rollout,
        "unit": unit or world.commune_a,
        "title": "Tổ chức hội nghị quán triệt",
        "start": D(2026, 11, 1),
        "deadline": D(2026, 12, 15),
    }
    params.update(kw)
    return task_create(**params)


def test_delegated_task_progress_is_the_average_of_children(world, rollout):
    task = _task(world, rollout)
    a1, a2 = task_delegate(
        actor=world.users["officer_a"], task=task, units=[world.cell_a1, world.cell_a2]
    )
    task_progress_set(actor=world.users["officer_a"], task=a1, progress=100)
    task_progress_set(actor=world.users["officer_a"], task=a2, progress=40)
    task.refresh_from_db()
    assert task.rollup_rule == RollupRule.AVERAGE
    assert task.progress == 70
    assert task.status == TaskStatus.IN_PROGRESS


def test_weighted_rollup_uses_child_weights(world, rollout):
    task = _task(world, rollout)
    a1, a2 = task_delegate(
        actor=world.users["officer_a"],
        task=task,
        units=[world.cell_a1, world.cell_a2],
        rule=RollupRule.WEIGHTED,
        weights={world.cell_a1.pk: 3, world.cell_a2.pk: 1},
    )
    task_progress_set(actor=world.users["officer_a"], task=a1, progress=100)
    task.refresh_from_db()
    assert task.progress == 75


def test_rollup_goes_up_two_levels(world, rollout):
    root_task = _task(world, rollout, unit=world.root, actor=world.users["admin"])
    (commune_task,) = task_delegate(
        actor=world.users["admin"], task=root_task, units=[world.commune_a]
    )
    c1, c2 = task_delegate(
        actor=world.users["officer_a"], task=commune_task, units=[world.cell_a1, world.cell_a2]
    )
    task_progress_set(actor=world.users["officer_a"], task=c1, progress=100)
    task_progress_set(actor=world.users["officer_a"], task=c2, progress=100)
    root_task.refresh_from_db()
    assert root_task.progress == 100
    assert root_task.status == TaskStatus.DONE


def test_delegated_task_progress_cannot_be_set_by_hand(world, rollout):
    task = _task(world, rollout)
    task_delegate(actor=world.users["officer_a"], task=task, units=[world.cell_a1])
    with pytest.raises(ApplicationError, match="tính tự động"):
        task_progress_set(actor=world.users["officer_a"], task=task, progress=50)


def test_delegation_to_a_unit_outside_the_subtree_is_refused(world, rollout):
    task = _task(world, rollout)
    with pytest.raises(ApplicationError, match="không phải là đơn vị cấp dưới"):
        task_delegate(actor=world.users["officer_a"], task=task, units=[world.cell_b1])
    assert not task.children.exists()


def test_delegated_deadline_later_than_parent_is_refused(world, rollout):
    task = _task(world, rollout)
    with pytest.raises(ApplicationError, match="không được muộn hơn"):
        task_delegate(
            actor=world.users["officer_a"], task=task, units=[world.cell_a1], deadline=D(2027, 1, 1)
        )


def test_progress_out_of_range_is_refused(world, rollout):
    task = _task(world, rollout)
    with pytest.raises(ApplicationError):
        task_progress_set(actor=world.users["officer_a"], task=task, progress=101)


def test_deadline_before_start_is_refused(world, rollout):
    with pytest.raises(ApplicationError, match="không được trước ngày bắt đầu"):
        _task(world, rollout, start=D(2026, 12, 1), deadline=D(2026, 11, 1))


def test_sibling_officer_cannot_create_task_in_other_commune(world, rollout):
    with pytest.raises(Http404):
        _task(world, rollout, actor=world.users["officer_b"])


def test_evidence_file_is_checked_by_content(world, rollout):
    task = _task(world, rollout)
    evidence = task_evidence_add(
        actor=world.users["officer_a"], task=task, name="Biên bản", file=pdf_upload("bien-ban.pdf")
    )
    assert evidence.file.name.endswith(".pdf")
    with pytest.raises(ApplicationError, match="không phải là tệp PDF hợp lệ"):
        task_evidence_add(
            actor=world.users["officer_a"], task=task, name="Giả", file=fake_pdf_upload()
        )
    assert task.evidence.count() == 1


def test_evidence_link_and_comment(world, rollout):
    task = _task(world, rollout)
    task_evidence_add(
        actor=world.users["officer_a"], task=task, name="Bài báo", link="https://baolamdong.vn/bai"
    )
    with pytest.raises(ApplicationError):
        task_evidence_add(
            actor=world.users["officer_a"], task=task, name="x", link="javascript:alert(1)"
        )
    task_comment_add(actor=world.users["leader_a"], task=task, text="Đề nghị đẩy nhanh tiến độ")
    assert task.comments.get().text == "Đề nghị đẩy nhanh tiến độ"


def test_overdue_tasks_of_a_subtree_in_one_query(world, rollout, django_assert_num_queries):
    _task(world, rollout, title="Quá hạn xã A", deadline=D(2026, 11, 10))
    _task(world, rollout, unit=world.cell_a1, title="Quá hạn chi bộ A1", deadline=D(2026, 11, 10))
    done = _task(world, rollout, title="Xong", deadline=D(2026, 11, 10))
    task_progress_set(actor=world.users["officer_a"], task=done, progress=100)
    _task(
        world,
        rollout,
        unit=world.commune_b,
        actor=world.users["officer_b"],
        title="Xã B",
        deadline=D(2026, 11, 10),
    )
    with django_assert_num_queries(1):
        titles = [
            t.title
            for t in task_list_overdue(actor=world.users["officer_a"], today=D(2026, 11, 20))
        ]
    assert sorted(titles) == ["Quá hạn chi bộ A1", "Quá hạn xã A"]


def test_task_detail_shows_rollup_rule(world, rollout):
    task = _task(world, rollout)
    task_delegate(actor=world.users["officer_a"], task=task, units=[world.cell_a1])
    html = world.client("officer_a").get(reverse("task_detail", args=[task.pk])).content.decode()
    assert "Trung bình cộng tiến độ các nhiệm vụ con" in html


def test_task_routes_scope(world, rollout):
    task_b = _task(world, rollout, unit=world.commune_b, actor=world.users["officer_b"])
    officer_a = world.client("officer_a")
    for name in ("task_detail",):
        assert officer_a.get(reverse(name, args=[task_b.pk])).status_code == 404
    for name in ("task_progress", "task_delegate", "task_evidence", "task_comment"):
        assert (
            officer_a.post(
                reverse(name, args=[task_b.pk]), {"progress": 50, "text": "x"}
            ).status_code
            == 404
        )
    assert (
        officer_a.get(
            reverse("task_list", args=[rollout.pk]) + f"?unit={world.commune_b.pk}"
        ).status_code
        == 404
    )
    assert officer_a.get(reverse("task_overdue") + f"?unit={world.commune_b.pk}").status_code == 404
    member = world.client("member_a")
    assert member.get(reverse("task_detail", args=[task_b.pk])).status_code in (403, 404)
    assert member.get(reverse("task_list", args=[rollout.pk])).status_code == 403
    assert member.get(reverse("task_new", args=[rollout.pk])).status_code == 403
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(world.users["officer_b"])
    assert (
        csrf.post(reverse("task_progress", args=[task_b.pk]), {"progress": 10}).status_code == 403
    )
    task_b.refresh_from_db()
    assert task_b.progress == 0


def test_task_create_and_progress_through_views(world, rollout):
    client = world.client("officer_a")
    response = client.post(
        reverse("task_new", args=[rollout.pk]) + f"?unit={world.commune_a.pk}",
        {
            "title": "Rà soát quy chế làm việc",
            "start": "2026-11-02",
            "deadline": "2026-12-01",
            "weight": 1,
        },
    )
    task = Task.objects.get(title="Rà soát quy chế làm việc")
    assert response.status_code == 302
    client.post(reverse("task_progress", args=[task.pk]), {"progress": 30})
    task.refresh_from_db()
    assert task.progress == 30
    response = client.post(
        reverse("task_evidence", args=[task.pk]), {"name": "x", "file": fake_pdf_upload()}
    )
    assert "không phải là tệp PDF hợp lệ" in response.content.decode()
