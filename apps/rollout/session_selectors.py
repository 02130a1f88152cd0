"""Reads for sessions, connection points, attendance and the member's own pages, scoped to
the actor (issue 3, §3–5). Rollout-wide reads live in `apps.rollout.selectors`."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.access import scoping
from apps.common.text import strip_diacritics
from apps.common.types import Actor, user_pk
from apps.directives.models import ConductCriterion, KeyTask, QuizQuestion
from apps.org.models import Unit
from apps.rollout.enums import AttendanceStatus, StudyKind
from apps.rollout.models import (
    Attendance,
    ConnectionPoint,
    Participant,
    Rollout,
    Session,
    StudyRecord,
)
from apps.rollout.selectors import sessions_for_unit
from apps.rollout.services.deadlines import DeadlineBook
from apps.rollout.services.sessions import point_for_unit_path, point_participants
from apps.rollout.services.study import commitment_criteria

# --- sessions and points ---------------------------------------------------------------------


def session_list_for_unit(*, rollout: Rollout, unit: Unit) -> QuerySet[Session]:
    return sessions_for_unit(rollout=rollout, unit=unit).annotate(
        n_points=Count("points", distinct=True)
    )


def session_points_for_actor(
    *, actor: Actor, session: Session, action: str = "rollout.view"
) -> list[ConnectionPoint]:
    """The points of a session the actor may see (a province-wide conference links units of
    several communes; an officer sees the points of their own subtree only)."""
    return [
        p
        for p in session.points.select_related("unit").order_by("unit__path")
        if scoping.can(actor, action, p.unit)
    ]


def point_get_for_actor(*, actor: Actor, pk: int, action: str = "rollout.view") -> ConnectionPoint:
    point = (
        ConnectionPoint.objects.select_related(
            "session", "session__rollout", "session__unit", "session__chair", "unit"
        )
        .filter(pk=pk)
        .first()
    )
    if point is None:
        raise Http404
    scoping.require(actor, action, point.unit)
    return point


@dataclass
class RosterRow:
    participant: Participant
    attendance: Attendance | None


# A point's named list is shown a page at a time: the province-wide conference's own point
# covers everyone not under a more specific point (hundreds, at nation scale many thousands).
ROSTER_PAGE_SIZE = 200


@dataclass
class RosterPage:
    rows: list[RosterRow]
    page: Page
    query: str

    @property
    def offset(self) -> int:
        return self.page.start_index() - 1 if self.rows else 0


def point_roster(
    *,
    point: ConnectionPoint,
    page: str | int | None = None,
    query: str = "",
    per_page: int = ROSTER_PAGE_SIZE,
) -> RosterPage:
    """One page of the named list of a point (searched by name without diacritics), with each
    person's mark at this session: a count and two queries, whatever the point's size."""
    people_qs = (
        point_participants(point)
        .select_related("person", "unit")
        .order_by("unit__sort_key", "person__sort_key", "pk")
    )
    query = " ".join(query.split())[:100]
    if query:
        people_qs = people_qs.filter(person__search_text__contains=strip_diacritics(query))
    page_obj = Paginator(people_qs, per_page).get_page(page)
    people = list(page_obj.object_list)
    marks = {
        a.participant_id: a
        for a in Attendance.objects.filter(
            session_id=point.session_id, participant_id__in=[p.pk for p in people]
        ).select_related("marked_by", "marked_by__person")
    }
    rows = [RosterRow(participant=p, attendance=marks.get(p.pk)) for p in people]
    return RosterPage(rows=rows, page=page_obj, query=query)


def point_counts(*, point: ConnectionPoint) -> "PointCounts":
    """People, present, excused, absent and not marked at one point (the whole list)."""
    return session_point_counts(session=point.session, points=[point])[0]


@dataclass
class PointCounts:
    point: ConnectionPoint
    people: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def unmarked(self) -> int:
        return self.people - self.present - self.excused - self.absent


def session_point_counts(*, session: Session, points: list[ConnectionPoint]) -> list[PointCounts]:
    """Counts per point (people, present, excused, absent, not marked) in two GROUP BYs.

    Each participant belongs to the most specific point covering their unit, as in
    `point_participants`, so nested points never count anyone twice.
    """
    if not points:
        return []
    result = {p.pk: PointCounts(point=p) for p in points}
    all_points = list(session.points.select_related("unit"))
    cover = Q(pk__in=[])
    for p in points:
        cover |= Q(unit__path__startswith=p.unit.path)
    covered = Participant.objects.filter(cover, rollout_id=session.rollout_id)
    owner: dict[str, int | None] = {}

    def owner_of(path: str) -> int | None:
        if path not in owner:
            best = point_for_unit_path(all_points, path)
            owner[path] = best.pk if best is not None else None
        return owner[path]

    for row in covered.values("unit__path").annotate(n=Count("pk")).order_by():
        pk = owner_of(row["unit__path"])
        if pk in result:
            result[pk].people += row["n"]
    marks = (
        Attendance.objects.filter(session=session, participant__in=covered)
        .values("participant__unit__path", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in marks:
        pk = owner_of(row["participant__unit__path"])
        if pk not in result:
            continue
        counts = result[pk]
        if row["status"] == AttendanceStatus.PRESENT:
            counts.present += row["n"]
        elif row["status"] == AttendanceStatus.EXCUSED:
            counts.excused += row["n"]
        else:
            counts.absent += row["n"]
    return [result[p.pk] for p in points]


def session_get_for_checkin(*, actor: Actor, pk: int) -> Session:
    """A session whose self check-in page the actor may open: one whose points cover the
    actor's own participation, or one an officer may view. Anything else is 404."""
    session = Session.objects.select_related("rollout", "unit", "chair").filter(pk=pk).first()
    uid = user_pk(actor)
    if session is None or uid is None:
        raise Http404
    points = list(session.points.select_related("unit"))
    participant = (
        Participant.objects.select_related("unit")
        .filter(rollout_id=session.rollout_id, person__user_id=uid)
        .first()
    )
    if participant is not None and point_for_unit_path(points, participant.unit.path):
        return session
    if any(scoping.can(actor, "rollout.view", p.unit) for p in points):
        return session
    raise Http404


def attendance_of(*, actor: Actor, session: Session) -> Attendance | None:
    """The actor's own mark at a session, if any."""
    uid = user_pk(actor)
    if uid is None:
        return None
    return (
        Attendance.objects.filter(session=session, participant__person__user_id=uid)
        .select_related("marked_by")
        .first()
    )


# --- the member's own pages --------------------------------------------------------------------


def participation_get_for_viewer(*, actor: Actor, pk: int) -> tuple[Participant, bool]:
    """A participation and whether it is the actor's own. Its owner sees it; an officer sees
    it read-only when the person's unit is in their rollout.view scope; anyone else: 404."""
    participant = (
        Participant.objects.select_related(
            "rollout",
            "rollout__directive",
            "rollout__directive__kind",
            "rollout__directive__issuer",
            "person",
            "unit",
        )
        .filter(pk=pk)
        .first()
    )
    if participant is None:
        raise Http404
    if participant.person.user_id is not None and participant.person.user_id == user_pk(actor):
        return participant, True
    scoping.require(actor, "rollout.view", participant.unit)
    return participant, False


@dataclass
class MemberTask:
    participant: Participant
    deadline: datetime.date
    owes_study: bool
    owes_commitment: bool
    overdue: bool
    sessions: list[Session] = field(default_factory=list)

    @property
    def state(self) -> str:
        p = self.participant
        if p.exempt:
            return "exempt"
        if p.done:
            return "done"
        return "overdue" if self.overdue else "pending"


def member_tasks(*, actor: Actor, today: datetime.date | None = None) -> list[MemberTask]:
    """The actor's rollouts with what they still owe, their unit's effective deadline and
    the sessions (not over yet) that cover them; a fixed number of queries per rollout."""
    today = today or timezone.localdate()
    uid = user_pk(actor)
    if uid is None:
        return []
    participants = list(
        Participant.objects.filter(person__user_id=uid)
        .select_related("rollout", "rollout__directive", "rollout__directive__kind", "unit")
        .order_by("done", "-rollout__starts_on", "pk")
    )
    if not participants:
        return []
    prefixes: set[str] = set()
    for p in participants:
        path = p.unit.path
        prefixes.update(path[:i] for i in range(Unit.steplen, len(path) + 1, Unit.steplen))
    upcoming: dict[int, list[Session]] = {}
    for point in (
        ConnectionPoint.objects.filter(
            session__rollout_id__in={p.rollout_id for p in participants},
            session__ends_at__gte=timezone.now(),
            unit__path__in=prefixes,
        )
        .select_related("session")
        .order_by("session__starts_at", "pk")
    ):
        sessions = upcoming.setdefault(point.session.rollout_id, [])
        if all(s.pk != point.session_id for s in sessions):
            sessions.append(point.session)
    books: dict[int, DeadlineBook] = {}
    tasks = []
    for p in participants:
        book = books.setdefault(p.rollout_id, DeadlineBook(p.rollout))
        due = book.for_unit(p.unit).dissemination
        owes_study = not (p.exempt or p.attended or p.makeup_passed)
        owes_commitment = not p.exempt and p.rollout.requires_commitment and not p.commitment_signed
        tasks.append(
            MemberTask(
                participant=p,
                deadline=due,
                owes_study=owes_study,
                owes_commitment=owes_commitment,
                overdue=not p.done and not p.exempt and today > due,
                sessions=upcoming.get(p.rollout_id, []) if owes_study else [],
            )
        )
    return tasks


def member_pending_count(*, actor: Actor) -> int:
    """How many of the actor's rollouts still wait for something from them."""
    uid = user_pk(actor)
    if uid is None:
        return 0
    return Participant.objects.filter(person__user_id=uid, done=False, exempt=False).count()


def member_attendances(*, participant: Participant) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(participant=participant)
        .select_related("session", "point__unit", "marked_by")
        .order_by("session__starts_at", "pk")
    )


@dataclass
class ParticipationView:
    """Everything the member's page of one rollout shows, in a fixed number of queries."""

    participant: Participant
    deadline: datetime.date
    key_tasks: list[KeyTask]
    questions: list[QuizQuestion]
    criteria: list[ConductCriterion]
    attempts: int
    last_quiz: StudyRecord | None
    commitment: StudyRecord | None
    records: list[StudyRecord]
    attendances: list[Attendance]

    @property
    def attempts_left(self) -> int:
        return max(0, self.participant.rollout.quiz_max_attempts - self.attempts)

    @property
    def past_deadline(self) -> bool:
        return timezone.localdate() > self.deadline

    @property
    def owes_study(self) -> bool:
        p = self.participant
        return not (p.exempt or p.attended or p.makeup_passed)

    @property
    def owes_commitment(self) -> bool:
        p = self.participant
        return not p.exempt and p.rollout.requires_commitment and not p.commitment_signed


def participation_view(*, participant: Participant) -> ParticipationView:
    rollout = participant.rollout
    records = list(participant.study_records.order_by("created_at", "pk"))
    quizzes = [r for r in records if r.kind == StudyKind.QUIZ]
    return ParticipationView(
        participant=participant,
        deadline=DeadlineBook(rollout).for_unit(participant.unit).dissemination,
        key_tasks=list(KeyTask.objects.filter(directive_id=rollout.directive_id)),
        questions=list(
            QuizQuestion.objects.filter(directive_id=rollout.directive_id).prefetch_related(
                "choices"
            )
        ),
        criteria=commitment_criteria(rollout.directive_id),
        attempts=len(quizzes),
        last_quiz=quizzes[-1] if quizzes else None,
        commitment=next((r for r in records if r.kind == StudyKind.COMMITMENT), None),
        records=records,
        attendances=list(member_attendances(participant=participant)),
    )
