"""Downloaded files carry a name a person can read: from the document and the unit, never the
storage path with its random clash suffix; Vietnamese names survive in the header's filename*."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from apps.common.downloads import download_name, slug, stored_file_name
from apps.plans.services.tasks import task_evidence_add
from tests.plans.factories import pdf_upload
from tests.plans.test_tasks import _task
from tests.rollout.factories import make_rollout


def test_names_are_folded_slugs_of_their_parts():
    assert slug("Đảng bộ xã An Bình") == "dang-bo-xa-an-binh"
    assert download_name("bao-cao", "Quý IV/2026", "Đảng bộ xã An Bình", extension="DOCX") == (
        "bao-cao-quy-iv-2026-dang-bo-xa-an-binh.docx"
    )
    assert download_name("", "???", extension="xlsx") == "tep.xlsx"


def test_the_storage_clash_suffix_is_dropped():
    first = default_storage.save("tests-downloads/bien-ban.pdf", ContentFile(b"%PDF-1.4"))
    second = default_storage.save("tests-downloads/bien-ban.pdf", ContentFile(b"%PDF-1.4"))
    try:
        assert first != second  # the storage added its random suffix to the second
        field = type("F", (), {"name": second})()
        assert stored_file_name(field) == "bien-ban.pdf"
    finally:
        default_storage.delete(first)
        default_storage.delete(second)


def test_task_evidence_downloads_under_its_title(world):
    rollout = make_rollout(world)
    task = _task(world, rollout)
    for _ in range(2):  # the second upload is stored under a suffixed name
        evidence = task_evidence_add(
            actor=world.users["officer_a"],
            task=task,
            name="Biên bản họp chi bộ",
            file=pdf_upload("bien-ban.pdf"),
        )
    assert evidence.file.name.rsplit("/", 1)[-1] != "bien-ban.pdf"
    response = world.client("officer_a").get(reverse("task_evidence_file", args=[evidence.pk]))
    try:
        assert response.status_code == 200
        assert 'filename="bien-ban-hop-chi-bo.pdf"' in response["Content-Disposition"]
    finally:
        response.close()  # the stored file stays open until the response is closed


def test_progress_export_is_named_after_the_rollout_and_unit(world):
    rollout = make_rollout(world)
    response = world.client("officer_a").get(
        reverse("rollout_progress_xlsx", args=[rollout.pk]), {"unit": world.commune_a.pk}
    )
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "dang-bo-xa-an-binh" in disposition and ".xlsx" in disposition
