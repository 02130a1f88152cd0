"""Demo: Directive 34-CT/TU of the Lâm Đồng Provincial Party Standing Committee (20/4/2024),
rolled out across the demo province and caught in progress.

The directive's contents (3 things to do, 4 to avoid, the 5 key contents, the end-of-May-2024
dissemination deadline) are taken as written in the news report kept beside this module
(`data/chi-thi-34-lam-dong-2024.txt`, Lamdongtv.vn, 26/04/2024). The rollout itself is the
re-dissemination to the communes formed by the 2025 reorganisation; its dates are placed
around the day the demo is loaded so that it is visibly *in progress*: some communes done, some
behind, some not started, a few overdue against their own earlier deadlines.

Progress is written in bulk (sessions, attendance, study records) and the counters are then
recomputed by the same service code the application uses, so the figures are exact.
"""

import datetime
import random
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.demo.emulation import load_emulation_demo
from apps.demo.evaluations import load_evaluations_demo
from apps.demo.inspections import load_inspections_demo
from apps.demo.plans import load_plans_demo
from apps.directives.enums import Polarity
from apps.directives.models import (
    ConductCriterion,
    Directive,
    DirectiveDeadline,
    DirectiveKind,
    KeyTask,
    QuizChoice,
    QuizQuestion,
)
from apps.org.models import Unit
from apps.rollout.enums import AttendanceStatus, SessionMode, StudyKind
from apps.rollout.models import (
    Attendance,
    ConnectionPoint,
    Participant,
    Rollout,
    Session,
    StudyRecord,
    UnitDeadline,
)
from apps.rollout.services import rollups
from apps.rollout.services.participants import refresh_done, rollout_launch, stats_recompute

SAMPLE = Path(__file__).parent / "data" / "chi-thi-34-lam-dong-2024.txt"
SYMBOL = "34-CT/TU"
TITLE = (
    "Phát huy tinh thần trách nhiệm, sự năng động, sáng tạo, dám nghĩ, dám làm vì lợi ích chung "
    "của đội ngũ cán bộ, đảng viên, quyết tâm hoàn thành thắng lợi Nghị quyết Đại hội Đảng bộ "
    "tỉnh lần thứ 11 và Nghị quyết Đại hội Đảng toàn quốc lần thứ 13"
)
DOS = [
    "Nói đi đôi với làm, làm điều đúng vì lợi ích chung",
    "Làm hết trách nhiệm, quyết tâm cao, tư duy đổi mới",
    "Làm mang lại hiệu quả cao nhất, chất lượng tốt nhất",
]
DONTS = [
    "Tránh làm sai, làm trái, tư lợi cá nhân",
    "Tránh đùn đẩy, né tránh, sợ trách nhiệm",
    "Tránh làm việc qua loa, đại khái, không mang lại hiệu quả",
    "Tránh an phận thủ thường, dĩ hòa vi quý",
]
KEY_TASKS = [
    "Tiếp tục triển khai Kết luận 21 năm 2021 của Ban Chấp hành Trung ương Đảng về xây dựng "
    "chỉnh đốn Đảng, xây dựng hệ thống chính trị; phát huy trách nhiệm nêu gương, trước hết là "
    "người đứng đầu; đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Cơ quan, đơn vị, cán bộ, đảng viên, công chức, viên chức, người lao động nghiêm túc thực hiện "
    "phương châm “3 điều cần làm”, “4 điều cần tránh”.",
    "Tổ chức rà soát quy chế làm việc, phân công nhiệm vụ của cơ quan, đơn vị; thường xuyên kiểm "
    "tra, giám sát, thanh tra việc chấp hành kỷ luật, kỷ cương của Đảng, pháp luật của Nhà nước và "
    "chức trách, nhiệm vụ được giao.",
    "Đẩy mạnh các phong trào thi đua thực hiện Chỉ thị, theo phương châm 3 điều cần làm, 4 điều "
    "cần tránh; kịp thời biểu dương, khen thưởng các tập thể, cá nhân và phê bình, xử lý các tổ "
    "chức đảng không thực hiện và thực hiện không đúng nội dung của Chỉ thị.",
    "Công tác cán bộ, quy hoạch, bổ nhiệm cán bộ phải thực sự chặt chẽ; phải tìm được người có "
    "năng lực, chuyên môn tốt; không để cán bộ giữ cương vị lãnh đạo làm việc không hiệu quả, "
    "vụ lợi.",
]
QUIZ = [
    ("Chỉ thị số 34-CT/TU nêu bao nhiêu “điều cần làm”?", ["2", "3", "4", "5"], 1),
    ("Chỉ thị số 34-CT/TU nêu bao nhiêu “điều cần tránh”?", ["3", "4", "5", "6"], 1),
    (
        "Theo Chỉ thị, ai phải thực sự gương mẫu trước hết?",
        ["Người đứng đầu", "Đảng viên mới", "Người lao động hợp đồng", "Đoàn viên thanh niên"],
        0,
    ),
    (
        "Điều nào sau đây là một trong “4 điều cần tránh”?",
        [
            "Tránh đùn đẩy, né tránh, sợ trách nhiệm",
            "Tránh đổi mới tư duy",
            "Tránh kiểm tra, giám sát",
            "Tránh khen thưởng kịp thời",
        ],
        0,
    ),
]

# Share of communes in each state; the rest are "behind".
DONE_SHARE = 0.3
NOT_STARTED_SHARE = 0.25
OVERDUE_COMMUNES = 6


def _say(stdout: Any, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def create_directive_34(root: Unit) -> Directive:
    directive = Directive(
        kind=DirectiveKind.objects.get(code="chi-thi"),
        number="34",
        symbol=SYMBOL,
        issuer=root,
        issuer_name="Ban Thường vụ Tỉnh ủy Lâm Đồng",
        issued_on=datetime.date(2024, 4, 20),
        title=TITLE,
        body=SAMPLE.read_text(encoding="utf-8").strip(),
    )
    directive.refresh_computed()
    directive.save()
    ConductCriterion.objects.bulk_create(
        [
            ConductCriterion(directive=directive, order=i, polarity=Polarity.DO, text=t)
            for i, t in enumerate(DOS, start=1)
        ]
        + [
            ConductCriterion(directive=directive, order=i, polarity=Polarity.AVOID, text=t)
            for i, t in enumerate(DONTS, start=1)
        ]
    )
    KeyTask.objects.bulk_create(
        [KeyTask(directive=directive, order=i, text=t) for i, t in enumerate(KEY_TASKS, start=1)]
    )
    DirectiveDeadline.objects.create(
        directive=directive,
        name="Hoàn thành việc quán triệt, học tập (trong tháng 5.2024)",
        date=datetime.date(2024, 5, 31),
    )
    for order, (text, choices, correct) in enumerate(QUIZ, start=1):
        question = QuizQuestion.objects.create(directive=directive, order=order, text=text)
        QuizChoice.objects.bulk_create(
            [
                QuizChoice(question=question, order=i, text=c, is_correct=i - 1 == correct)
                for i, c in enumerate(choices, start=1)
            ]
        )
    return directive


def load_rollout_demo(
    *, stdout: Any = None, today: datetime.date | None = None, seed: int = 34
) -> Rollout | None:
    """Creates Directive 34 and its rollout in progress; does nothing if already there."""
    root = Unit.objects.filter(code="LD").first()
    if root is None:
        _say(stdout, "Chưa có dữ liệu mẫu tổ chức (đơn vị LD): chạy load_demo trước.")
        return None
    existing = Rollout.objects.filter(directive__symbol=SYMBOL, unit=root).first()
    if existing is not None:
        _say(stdout, "Đợt triển khai Chỉ thị 34-CT/TU đã có: không nạp lại.")
        return existing
    today = today or timezone.localdate()
    rng = random.Random(seed)
    with transaction.atomic():
        directive = create_directive_34(root)
        start = today - datetime.timedelta(days=28)
        rollout = rollout_launch(
            actor=None,
            directive=directive,
            unit=root,
            title="Quán triệt, triển khai Chỉ thị 34-CT/TU trong toàn Đảng bộ tỉnh (sau sắp xếp)",
            starts_on=start,
            dissemination_due=today + datetime.timedelta(days=21),
            plan_due=today + datetime.timedelta(days=7),
        )
        _progress(rollout, root, start, today, rng)
    _say(stdout, f"Đã tạo Chỉ thị 34-CT/TU và đợt triển khai “{rollout.title}”.")
    with transaction.atomic():
        load_plans_demo(rollout)
    load_inspections_demo(rollout, stdout=stdout, today=today)
    load_evaluations_demo(today=today)
    with transaction.atomic():
        load_emulation_demo(rollout)
    return rollout


def _progress(
    rollout: Rollout, root: Unit, start: datetime.date, today: datetime.date, rng: random.Random
) -> None:
    level1 = list(Unit.objects.filter(path__startswith=root.path, depth=root.depth + 1))
    level1.sort(key=lambda u: u.code)
    communes = [u for u in level1 if u.code.startswith("X")]
    others = [u for u in level1 if not u.code.startswith("X")]
    rng.shuffle(communes)
    n_done = round(len(communes) * DONE_SHARE)
    n_not = round(len(communes) * NOT_STARTED_SHARE)
    done = communes[:n_done]
    not_started = communes[n_done : n_done + n_not]
    behind = communes[n_done + n_not :]
    # The demo officer's ward is behind, so its officer and member have work to see.
    demo = next((u for u in communes if u.code == "X24781"), None)
    if demo is not None:
        for group in (done, not_started):
            if demo in group:
                group.remove(demo)
                behind.append(demo)
    # Province-wide conference, in person and online at once, linking the communes' points.
    conference_day = start + datetime.timedelta(days=3)
    conference = Session.objects.create(
        rollout=rollout,
        unit=root,
        title="Hội nghị trực tiếp và trực tuyến toàn tỉnh quán triệt Chỉ thị số 34-CT/TU",
        starts_at=_at(conference_day, 8),
        ends_at=_at(conference_day, 11, 30),
        place="Hội trường Tỉnh ủy Lâm Đồng",
        mode=SessionMode.HYBRID,
        checkin_code="LD3434",
    )
    points = [ConnectionPoint(session=conference, unit=root, place="Hội trường Tỉnh ủy Lâm Đồng")]
    points += [
        ConnectionPoint(session=conference, unit=u, place=f"Điểm cầu {u.name}")
        for u in others + done + behind
    ]
    ConnectionPoint.objects.bulk_create(points)
    point_of = {p.unit_id: p for p in ConnectionPoint.objects.filter(session=conference)}
    attendances: list[Attendance] = []
    commitments: list[StudyRecord] = []
    committed_ids: list[int] = []
    makeups: list[StudyRecord] = []

    def mark(
        session: Session,
        point: ConnectionPoint,
        participants: list[Participant],
        present_share: float,
        day: datetime.date,
        commit_share: float,
        finished: bool = False,
    ) -> None:
        for participant in participants:
            roll = rng.random()
            if roll < present_share:
                status, reason = AttendanceStatus.PRESENT, ""
            elif roll < present_share + (1 - present_share) / 2:
                status, reason = (
                    AttendanceStatus.EXCUSED,
                    rng.choice(["Ốm", "Đi công tác", "Nghỉ phép", "Việc gia đình"]),
                )
            else:
                status, reason = AttendanceStatus.ABSENT, ""
            attendances.append(
                Attendance(
                    session=session,
                    point=point,
                    participant=participant,
                    status=status,
                    reason=reason,
                    marked_at=session.ends_at,
                )
            )
            if status != AttendanceStatus.PRESENT and finished:
                # In a finished unit, whoever missed the session passed the make-up quiz.
                makeups.append(
                    StudyRecord(
                        participant=participant,
                        kind=StudyKind.QUIZ,
                        created_at=min(
                            _at(day + datetime.timedelta(days=rng.randint(1, 5)), 20),
                            timezone.now(),
                        ),
                        score=100,
                        passed=True,
                    )
                )
            if (status == AttendanceStatus.PRESENT or finished) and rng.random() < commit_share:
                signed = _at(day + datetime.timedelta(days=rng.randint(0, 6)), rng.randint(8, 20))
                commitments.append(
                    StudyRecord(
                        participant=participant,
                        kind=StudyKind.COMMITMENT,
                        created_at=min(signed, timezone.now()),
                        criteria=[{"text": t} for t in DOS + DONTS],
                    )
                )
                committed_ids.append(participant.pk)

    by_unit_path: dict[str, list[Participant]] = {}
    for participant in Participant.objects.filter(rollout=rollout).select_related("unit"):
        by_unit_path.setdefault(participant.unit.path, []).append(participant)

    def people_in(unit: Unit, direct: bool) -> list[Participant]:
        if direct:
            return list(by_unit_path.get(unit.path, []))
        return [p for path, ps in by_unit_path.items() if path.startswith(unit.path) for p in ps]

    # Province agencies and commune committees attend the conference.
    mark(conference, point_of[root.pk], people_in(root, True), 1.0, conference_day, 1.0, True)
    for unit in others:
        mark(conference, point_of[unit.pk], people_in(unit, False), 0.9, conference_day, 0.85)
    for commune in done + behind:
        finished = commune in done
        mark(
            conference,
            point_of[commune.pk],
            people_in(commune, True),
            0.95 if finished else 0.9,
            conference_day,
            1.0 if finished else 0.8,
            finished,
        )
    # Cell sessions.
    for commune in done + behind:
        cells = list(Unit.objects.filter(path__startswith=commune.path, depth=commune.depth + 1))
        cells.sort(key=lambda u: u.code)
        finished = commune in done
        share = 1.0 if finished else rng.uniform(0.3, 0.8)
        for index, cell in enumerate(cells):
            if not finished and index >= max(1, round(len(cells) * share)):
                continue
            day = conference_day + datetime.timedelta(days=rng.randint(2, 20))
            day = min(day, today - datetime.timedelta(days=1))
            session = Session.objects.create(
                rollout=rollout,
                unit=cell,
                title=f"Hội nghị quán triệt Chỉ thị 34-CT/TU — {cell.name}",
                starts_at=_at(day, 14),
                ends_at=_at(day, 16, 30),
                place=f"Nhà văn hóa, {cell.name}",
                mode=SessionMode.IN_PERSON,
                checkin_code=f"C{cell.pk:05d}"[-6:],
            )
            point = ConnectionPoint.objects.create(session=session, unit=cell, place=session.place)
            mark(
                session,
                point,
                people_in(cell, False),
                0.97 if finished else 0.85,
                day,
                1.0 if finished else 0.8,
                finished,
            )
    Attendance.objects.bulk_create(attendances, batch_size=2000)
    StudyRecord.objects.bulk_create(commitments + makeups, batch_size=2000)
    makeup_ids = sorted({m.participant_id for m in makeups})
    for i in range(0, len(makeup_ids), 900):
        Participant.objects.filter(pk__in=makeup_ids[i : i + 900]).update(makeup_passed=True)
    present_ids = {a.participant_id for a in attendances if a.status == AttendanceStatus.PRESENT}
    ids = sorted(present_ids)
    for i in range(0, len(ids), 900):
        Participant.objects.filter(pk__in=ids[i : i + 900]).update(attended=True)
    for i in range(0, len(committed_ids), 900):
        Participant.objects.filter(pk__in=committed_ids[i : i + 900]).update(commitment_signed=True)
    refresh_done(rollout, Participant.objects.filter(rollout=rollout))
    # done_at follows the commitment time, so the completion chart shows a real curve.
    signed_at = {c.participant_id: c.created_at for c in commitments}
    finished_people = list(Participant.objects.filter(rollout=rollout, done=True))
    for participant in finished_people:
        participant.done_at = signed_at.get(participant.pk, participant.done_at)
    Participant.objects.bulk_update(finished_people, ["done_at"], batch_size=2000)
    # A few behind communes gave their cells an earlier deadline that has now passed.
    for commune in [u for u in behind if u.code != "X24781"][:OVERDUE_COMMUNES]:
        UnitDeadline.objects.create(
            rollout=rollout,
            unit=commune,
            dissemination_due=today - datetime.timedelta(days=2),
            plan_due=today - datetime.timedelta(days=5),
        )
    stats_recompute(
        rollout.pk, Unit.objects.filter(path__startswith=root.path).values_list("pk", flat=True)
    )
    rollups.rebuild(rollout.pk)  # the conference's points were written directly above
