import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from PIL import Image

from apps.common.errors import ApplicationError
from apps.common.facts import FactQuery, collect
from apps.common.models import Notification
from apps.feedback import codes, services
from apps.feedback.enums import FeedbackStatus, FollowUpKind, OutcomeCode
from apps.feedback.escalation import feedback_escalate
from apps.feedback.models import Feedback
from apps.feedback.selectors import feedback_get_by_code
from apps.feedback.work import feedback_work
from tests.feedback.factories import (
    SENDER_CONTACT,
    SENDER_NAME,
    concluded,
    explaining,
    photo_upload,
    submit,
)
from tests.people.factories import AssignmentFactory, PersonFactory, UserFactory


def test_feedback_about_a_commune_goes_to_the_superiors_inspection_committee(world):
    feedback, code = submit(world.commune_a)
    assert feedback.handling_unit == world.root
    assert feedback.status == FeedbackStatus.RECEIVED
    told = Notification.objects.filter(event_key=f"feedback:{feedback.pk}:received")
    assert {n.user.username for n in told} == {"inspector"}
    assert feedback_get_by_code(code=code) == feedback
    assert feedback_get_by_code(code=codes.display(code).lower()) == feedback


def test_feedback_about_a_cell_goes_to_the_communes_inspectors_never_the_cell(world):
    commune_inspector = UserFactory(username="inspector_a")
    person = PersonFactory(unit=world.commune_a, user=commune_inspector)
    AssignmentFactory(person=person, unit=world.commune_a, role="inspector")
    feedback, _ = submit(world.cell_a1)
    assert feedback.handling_unit == world.commune_a
    # …and feedback about the commune itself skips the commune's own inspectors.
    about_commune, _ = submit(world.commune_a)
    assert about_commune.handling_unit == world.root
    told = Notification.objects.filter(event_key=f"feedback:{about_commune.pk}:received")
    assert "inspector_a" not in {n.user.username for n in told}


def test_nothing_is_stored_without_consent(world):
    with pytest.raises(ApplicationError, match="Nghị định 13/2023"):
        submit(world.commune_a, consent=False)
    assert not Feedback.objects.exists()


def test_anonymous_feedback_keeps_no_name_or_contact(world):
    feedback, _ = submit(world.commune_a, anonymous=True)
    assert feedback.sender_name == "" and feedback.sender_contact == ""


def test_the_code_is_stored_only_as_a_digest(world):
    feedback, code = submit(world.commune_a)
    assert len(code) == 12 and codes.looks_valid(code)
    assert code not in str(Feedback.objects.filter(pk=feedback.pk).values().get())


def test_photo_is_re_encoded_without_metadata_and_renamed(world):
    feedback, _ = submit(world.commune_a, files=[photo_upload()])
    attachment = feedback.attachments.get()
    assert attachment.name == "anh-1.jpg"
    with attachment.file.open("rb") as handle:
        data = handle.read()
    assert b"SecretPhone" not in data and b"CameraMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert image.size == (64, 48)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.jpg", b"MZ\x90\x00 not an image", "chỉ nhận ảnh"),
        ("tai-lieu.pdf", b"<html>fake</html>", "chỉ nhận ảnh"),
        ("anh.png", b"\x89PNG\r\n\x1a\n broken", "không đọc được ảnh"),
        ("x.pdf", b"%PDF-1.4\n/JavaScript (app.alert)\n%%EOF", "mã lệnh"),
    ],
)
def test_files_are_checked_by_their_bytes(world, name, content, message):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ApplicationError, match=message):
        submit(world.commune_a, files=[upload])
    assert not Feedback.objects.exists()


def test_at_most_five_files(world):
    with pytest.raises(ApplicationError, match="tối đa 5 tệp"):
        submit(world.commune_a, files=[photo_upload() for _ in range(6)])


def test_oversize_file_is_refused(world, settings):
    settings.FEEDBACK_MAX_FILE_BYTES = 100
    with pytest.raises(ApplicationError, match="quá lớn"):
        submit(world.commune_a, files=[photo_upload()])


def test_description_moderated_hides_contact_and_abuse_but_keeps_original(world):
    text = f"Ông cán bộ là đồ chó, gọi lại tôi theo số {SENDER_CONTACT}. Tôi là {SENDER_NAME}."
    feedback, _ = submit(world.commune_a, description=text)
    assert feedback.description == text
    assert SENDER_CONTACT not in feedback.description_moderated
    assert SENDER_NAME not in feedback.description_moderated
    assert "đồ chó" not in feedback.description_moderated
    assert "***" in feedback.description_moderated


def test_full_workflow_with_explanation_and_public_answer(world):
    feedback, explanation = explaining(world)
    assert feedback.status == FeedbackStatus.EXPLAINING
    told = Notification.objects.filter(event_key=f"feedback-explanation:{explanation.pk}:requested")
    assert {n.user.username for n in told} == {"officer_a", "leader_a"}
    assert all(SENDER_NAME not in n.title + n.body for n in told)
    services.explanation_answer(
        actor=world.users["officer_a"], explanation=explanation, text="Do thiếu hồ sơ."
    )
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ACCEPTED
    inspector = world.users["inspector"]
    services.feedback_conclude(
        actor=inspector,
        feedback=feedback,
        outcome=OutcomeCode.SUBSTANTIATED,
        conclusion="Cán bộ hẹn lại không đúng quy định.",
    )
    mail.outbox.clear()
    services.feedback_publish(
        actor=inspector,
        feedback=feedback,
        answer=f"Trả lời bà {SENDER_NAME}: phản ánh đúng, đã chấn chỉnh; gọi {SENDER_CONTACT}.",
    )
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PUBLISHED
    assert SENDER_NAME in feedback.answer  # the original is kept
    assert SENDER_NAME not in feedback.answer_public
    assert SENDER_CONTACT not in feedback.answer_public
    assert feedback.history.count() >= 6


def test_the_unit_concerned_cannot_handle_its_own_feedback(world):
    feedback, _ = submit(world.commune_a)
    with pytest.raises(Http404):
        services.feedback_accept(actor=world.users["leader_a"], feedback=feedback)
    with pytest.raises(Http404):
        services.feedback_accept(actor=world.users["officer_b"], feedback=feedback)


def test_sibling_officer_cannot_answer_an_explanation(world):
    _, explanation = explaining(world)
    with pytest.raises(Http404):
        services.explanation_answer(
            actor=world.users["officer_b"], explanation=explanation, text="Chen ngang"
        )


def test_transition_table_refuses_skipping_steps(world):
    feedback, _ = submit(world.commune_a)
    with pytest.raises(ApplicationError, match="Không thể chuyển"):
        services.feedback_transition(
            actor=world.users["inspector"], obj=feedback, to=FeedbackStatus.PUBLISHED
        )


def test_transferred_outcome_needs_a_destination(world):
    feedback, _ = submit(world.commune_a)
    services.feedback_accept(actor=world.users["inspector"], feedback=feedback)
    with pytest.raises(ApplicationError, match="Chuyển đến"):
        services.feedback_conclude(
            actor=world.users["inspector"],
            feedback=feedback,
            outcome=OutcomeCode.TRANSFERRED,
            conclusion="Không thuộc thẩm quyền.",
        )


def test_follow_up_task_is_opened_for_the_unit(world):
    from tests.rollout.factories import make_rollout

    rollout = make_rollout(world)
    feedback = concluded(world)
    follow_up = services.feedback_follow_up_task(
        actor=world.users["inspector"],
        feedback=feedback,
        rollout=rollout,
        title="Chấn chỉnh bộ phận một cửa",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert follow_up.task is not None and follow_up.task.unit == world.commune_a
    record = services.feedback_follow_up_record(
        actor=world.users["inspector"],
        feedback=feedback,
        kind=FollowUpKind.DISCIPLINE,
        note="Có dấu hiệu vi phạm",
    )
    assert record.status == "pending"


def test_facts_count_only_substantiated_and_partly(world):
    upheld = concluded(world)
    concluded(world, outcome=OutcomeCode.PARTLY)
    concluded(world, outcome=OutcomeCode.NOT_SUBSTANTIATED)
    submit(world.commune_a)  # still open
    facts = collect("feedback", FactQuery(subject_kind="unit", ids=[world.commune_a.pk]))
    assert sorted(f.code for f in facts) == ["partly", "substantiated"]
    services.feedback_identify(
        actor=world.users["inspector"], feedback=upheld, person=world.person_a
    )
    people = collect("feedback", FactQuery(subject_kind="person", ids=[world.person_a.pk]))
    assert [f.subject_id for f in people] == [world.person_a.pk]
    assert not collect("feedback", FactQuery(subject_kind="unit", ids=[world.commune_b.pk]))
    # an actor of Xã B does not see Xã A's facts
    scoped = FactQuery(subject_kind="unit", actor=world.users["officer_b"])
    assert not collect("feedback", scoped)


def test_late_feedback_is_escalated_once_to_the_next_level(world):
    feedback, _ = submit(world.commune_a)
    later = timezone.localdate() + datetime.timedelta(days=10)
    counts = feedback_escalate(today=later)
    assert counts.ack_late == 1 and counts.told >= 1
    again = feedback_escalate(today=later)
    assert again.told == 0
    feedback.refresh_from_db()
    assert feedback.escalations == 1
    # the root has no level above: its leaders are told
    told = {n.user.username for n in Notification.objects.filter(event_key__endswith="ack-late")}
    assert told == {"inspector", "leader"}


def test_work_items_for_inspectors_and_unit_officers(world):
    explaining(world)
    submit(world.commune_b)
    inspector_items = {i.label: i.count for i in feedback_work(world.users["inspector"])}
    assert inspector_items["Phản ánh chờ tiếp nhận"] == 1
    officer_items = {i.label: i.count for i in feedback_work(world.users["officer_a"])}
    assert officer_items == {"Yêu cầu giải trình": 1}
    assert {i.label: i.count for i in feedback_work(world.users["officer_b"])} == {
        "Yêu cầu giải trình": 0
    }
