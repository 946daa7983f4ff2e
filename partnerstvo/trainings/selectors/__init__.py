"""Reads of trainings. Querysets come back with their relations joined; the reports (knowledge
gain, ESF totals, evaluations) are aggregated by the database, not in Python loops."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.permissions import scope

from ..models import (
    Attempt,
    AttendanceRecord,
    Certificate,
    Course,
    Enrolment,
    EvaluationAnswer,
    EvaluationItem,
    EvaluationPool,
    EvaluationResponse,
    EvaluationSubmission,
    KnowledgeTest,
    ParticipantData,
    Session,
)

Status = Enrolment.Status

# --- Calendar and courses --------------------------------------------------------------------


def calendar_sessions(*, user, since: datetime.datetime | None = None) -> QuerySet[Session]:
    """Sessions of the courses ``user`` may see (published ones for everybody), from ``since``."""
    courses = scope(user, "view", Course.objects.all())
    queryset = Session.objects.filter(course__in=courses.values("pk"))
    if since is not None:
        queryset = queryset.filter(ends_at__gte=since)
    return queryset.select_related("course", "municipality").order_by("starts_at", "pk")


def feed_sessions(*, since: datetime.datetime) -> QuerySet[Session]:
    """The public iCal feed: sessions of published courses."""
    return (
        Session.objects.filter(course__is_published=True, ends_at__gte=since)
        .select_related("course", "municipality")
        .order_by("starts_at", "pk")
    )


def course_get_for_page(*, user, slug: str) -> Course:
    """One course for its page; ``Course.DoesNotExist`` if ``user`` may not see it."""
    return (
        scope(user, "view", Course.objects.all())
        .select_related("programme")
        .prefetch_related(
            "modules",
            "trainers",
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("municipality", "trainer").order_by(
                    "starts_at"
                ),
            ),
        )
        .get(slug=slug)
    )


def session_get_for_page(*, user, pk: int) -> Session:
    """One session for its public page; ``Session.DoesNotExist`` if ``user`` may not see it."""
    return (
        scope(user, "view", Session.objects.all())
        .select_related("course", "course__programme", "municipality")
        .get(pk=pk)
    )


def public_course_list() -> QuerySet[Course]:
    """Published courses, for the sitemap (what anybody may see)."""
    return Course.objects.filter(is_published=True).order_by("pk")


def public_session_list() -> QuerySet[Session]:
    """Sessions of published courses, for the sitemap."""
    return Session.objects.filter(course__is_published=True).order_by("pk")


def course_seats(*, course: Course) -> dict:
    return course.enrolments.aggregate(
        taken=Count("pk", filter=Q(status__in=Enrolment.SEAT_STATUSES)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
    )


def enrolment_of(*, course: Course, person_id: int | None) -> Enrolment | None:
    if person_id is None:
        return None
    return Enrolment.objects.filter(course=course, person_id=person_id).first()


# --- A participant's own trainings -----------------------------------------------------------


def person_enrolments(*, person_id: int) -> QuerySet[Enrolment]:
    """A person's enrolments with their course, tests, attempts, evaluation and certificate."""
    return (
        Enrolment.objects.filter(person_id=person_id)
        .select_related("course", "certificate", "evaluation_submission", "organisation")
        .prefetch_related(
            "attempts",
            Prefetch("course__tests", queryset=KnowledgeTest.objects.order_by("kind")),
            Prefetch("course__sessions", queryset=Session.objects.order_by("starts_at")),
        )
        .order_by("-created_at", "-pk")
    )


def enrolment_get(*, user, pk: int) -> Enrolment:
    """An enrolment ``user`` may see; ``Enrolment.DoesNotExist`` otherwise."""
    return (
        scope(user, "view", Enrolment.objects.all())
        .select_related("course", "person", "organisation", "administration")
        .get(pk=pk)
    )


def test_questions(*, enrolment: Enrolment, kind: str):
    from ..models import Question

    return Question.objects.filter(
        course_id=enrolment.course_id, form=enrolment.form_for(kind)
    ).order_by("order", "pk")


# --- Participants, attendance, completion ----------------------------------------------------


def _present_count():
    return Coalesce(
        Subquery(
            AttendanceRecord.objects.filter(enrolment=OuterRef("pk"), present=True)
            .order_by()
            .values("enrolment")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def _with_scores(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Join each enrolment's pre- and post-test attempts (at most one each)."""
    return queryset.annotate(
        pre_attempt=FilteredRelation("attempts", condition=Q(attempts__kind="pre")),
        post_attempt=FilteredRelation("attempts", condition=Q(attempts__kind="post")),
        pre_percent=F("pre_attempt__score_percent"),
        post_percent=F("post_attempt__score_percent"),
    )


# Normalised gain (post − pre) / (max − pre), on percentages so forms A and B compare; undefined
# (NULL) when the pre-test was already full marks or a test is missing.
NORMALISED_GAIN = Case(
    When(
        pre_percent__lt=100,
        post_percent__isnull=False,
        then=(F("post_percent") - F("pre_percent")) / (Value(100.0) - F("pre_percent")),
    ),
    default=None,
    output_field=FloatField(),
)


def course_participants(*, course: Course) -> QuerySet[Enrolment]:
    """Everyone enrolled in ``course`` (any status) with attendance and test scores."""
    return (
        _with_scores(Enrolment.objects.filter(course=course))
        .annotate(present_count=_present_count(), gain=NORMALISED_GAIN)
        .select_related("person", "organisation", "administration", "municipality", "certificate")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def masked_email(email: str, shown: int = 1) -> str:
    """``ivan@iskar-bg.org`` -> ``i***@iskar-bg.org``: enough to tell two people apart, not
    enough to write to them. At most half of the part before the @ is ever shown."""
    local, _at, domain = email.partition("@")
    if not local or not domain:
        return ""
    return f"{local[: max(1, min(shown, len(local) // 2))]}***@{domain}"


def tell_namesakes_apart(enrolments: Sequence[Enrolment]) -> None:
    """Set ``namesake_detail`` on each enrolment of a list people read by name: empty where the
    name, or the name with the organisation or administration shown beside it, is already
    unique; otherwise a masked e-mail, with as many letters as it takes to differ."""
    by_name: dict[tuple[str, str], list[Enrolment]] = defaultdict(list)
    for enrolment in enrolments:
        enrolment.namesake_detail = ""
        name = " ".join(enrolment.person.full_name.split()).casefold()
        by_name[(name, enrolment.represents)].append(enrolment)
    for same in by_name.values():
        if len(same) < 2:
            continue
        longest = max(len(e.person.email.partition("@")[0]) for e in same)
        for shown in range(1, max(longest // 2, 1) + 1):
            details = [masked_email(e.person.email, shown) for e in same]
            if len(set(details)) == len(details):
                break
        for enrolment, detail in zip(same, details, strict=True):
            enrolment.namesake_detail = detail


def session_attendance_rows(*, session: Session) -> list[Enrolment]:
    """The people holding a seat in the session's course, with their mark (None if unmarked)
    and what tells namesakes apart (``tell_namesakes_apart``)."""
    marks = AttendanceRecord.objects.filter(session=session, enrolment=OuterRef("pk")).values(
        "present"
    )[:1]
    rows = list(
        Enrolment.objects.filter(course_id=session.course_id, status__in=Enrolment.SEAT_STATUSES)
        .annotate(present=Subquery(marks))
        .select_related("person", "organisation", "administration")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    tell_namesakes_apart(rows)
    return rows


def attendance_matrix(*, course: Course) -> tuple[list[Session], list[Enrolment], dict]:
    """Sessions, seat holders and their marks {(enrolment id, session id): present}."""
    sessions = list(course.sessions.order_by("starts_at", "pk"))
    enrolments = list(
        Enrolment.objects.filter(course=course, status__in=Enrolment.SEAT_STATUSES)
        .select_related("person", "organisation", "administration")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    marks = {
        (enrolment_id, session_id): present
        for enrolment_id, session_id, present in AttendanceRecord.objects.filter(
            session__course=course
        ).values_list("enrolment_id", "session_id", "present")
    }
    return sessions, enrolments, marks


def completion_rows(*, course: Course, enrolment_ids: list[int] | None = None) -> list[Enrolment]:
    """Seat holders of ``course`` with what the completion rule needs: ``attendance_percent``,
    ``has_post``, ``has_certificate``, ``missing`` (what fails) and ``completes``."""
    total = course.sessions.count()
    queryset = Enrolment.objects.filter(course=course, status__in=Enrolment.SEAT_STATUSES)
    if enrolment_ids is not None:
        queryset = queryset.filter(pk__in=enrolment_ids)
    rows = list(
        queryset.annotate(
            present_count=_present_count(),
            has_post=Exists(Attempt.objects.filter(enrolment=OuterRef("pk"), kind="post")),
            has_certificate=Exists(Certificate.objects.filter(enrolment=OuterRef("pk"))),
        )
        .select_related("person", "course")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    for row in rows:
        row.session_count = total
        row.attendance_percent = round(100 * row.present_count / total) if total else 0
        row.missing = []
        if row.status not in (Status.ATTENDED, Status.COMPLETED):
            row.missing.append(_("has not attended"))
        if row.attendance_percent < course.min_attendance_percent:
            row.missing.append(
                _("attended %(present)s of %(total)s sessions (%(percent)s%%; %(needed)s%% needed)")
                % {
                    "present": row.present_count,
                    "total": total,
                    "percent": row.attendance_percent,
                    "needed": course.min_attendance_percent,
                }
            )
        if course.requires_post_test and not row.has_post:
            row.missing.append(_("has not taken the post-test"))
        row.completes = not row.missing and row.status == Status.ATTENDED
    return rows


# --- Knowledge gain --------------------------------------------------------------------------

GAIN_DIMENSIONS = {
    "course": ("course_id", "course__title"),
    "target_group": ("course__target_group",),
    "participant_group": ("participant_group",),
    "municipality": ("municipality_id", "municipality__name"),
}


def report_courses(*, user) -> QuerySet[Course]:
    """The courses whose aggregate reports ``user`` may read."""
    return scope(user, "view_reports", Course.objects.all())


def gain_people(*, user, course: Course | None = None) -> QuerySet[Enrolment]:
    """Score before, after and normalised gain per person, for courses ``user`` may report on."""
    queryset = Enrolment.objects.filter(course__in=report_courses(user=user).values("pk"))
    if course is not None:
        queryset = queryset.filter(course=course)
    return (
        _with_scores(queryset)
        .filter(Q(pre_attempt__isnull=False) | Q(post_attempt__isnull=False))
        .annotate(gain=NORMALISED_GAIN)
        .select_related("person", "course", "municipality")
        .order_by("course__title", "person__last_name", "person__first_name", "pk")
    )


def gain_summary(*, user, by: str, course: Course | None = None) -> list[dict]:
    """Mean score before and after, mean normalised gain, and the gain of the means, per
    ``by`` (course, target_group, participant_group, municipality); people with both tests."""
    dimension = GAIN_DIMENSIONS[by]
    queryset = Enrolment.objects.filter(course__in=report_courses(user=user).values("pk"))
    if course is not None:
        queryset = queryset.filter(course=course)
    rows = list(
        _with_scores(queryset)
        .filter(pre_attempt__score_percent__isnull=False, post_attempt__score_percent__isnull=False)
        .values(*dimension)
        .annotate(
            participants=Count("pk"),
            pre=Avg("pre_percent"),
            post=Avg("post_percent"),
            gain=Avg(NORMALISED_GAIN),
        )
        .order_by(*dimension)
    )
    labels = {
        "target_group": dict(Course.TargetGroup.choices),
        "participant_group": dict(Enrolment.Group.choices),
    }.get(by, {})
    for row in rows:
        key = row[dimension[-1]]
        row["label"] = labels.get(key, key) if key is not None else _("not known")
        row["class_gain"] = (
            (row["post"] - row["pre"]) / (100 - row["pre"]) if row["pre"] < 100 else None
        )
    return rows


# --- ESF participant totals ------------------------------------------------------------------

SMALL_CELL = 5  # sensitive counts below this are not shown to anyone but coordinators


@dataclass
class EsfTotals:
    participants: int
    records: int
    complete: int
    declined: int
    breakdowns: list[dict] = field(default_factory=list)

    @property
    def incomplete(self) -> int:
        return self.participants - self.complete

    @property
    def without_record(self) -> int:
        return self.participants - self.records


def esf_totals(*, user, course: Course | None = None, mask_small: bool = True) -> EsfTotals:
    """The ESF participant totals of the courses ``user`` may report on (or one course): people
    who took part, how many records count (consent and every non-sensitive field), how many do
    not, and each category broken down by gender. Seven grouped queries, whatever the size."""
    participations = Enrolment.objects.filter(
        course__in=report_courses(user=user).values("pk"), status__in=Enrolment.PARTICIPATED
    )
    if course is not None:
        participations = participations.filter(course=course)
    people = participations.order_by().values("person_id").distinct()
    participants = people.count()
    data = ParticipantData.objects.filter(person_id__in=people).order_by()
    head = data.aggregate(
        records=Count("pk"),
        complete=Count("pk", filter=ParticipantData.complete_q()),
        declined=Count("pk", filter=Q(consent=False)),
    )
    complete = data.filter(ParticipantData.complete_q())
    genders = ParticipantData.Gender.values
    categories = [
        ("gender", _("Gender"), ParticipantData.Gender.choices),
        ("age_group", _("Age group"), ParticipantData.AgeGroup.choices),
        ("employment_status", _("Employment status"), ParticipantData.Employment.choices),
        ("education_level", _("Education level"), ParticipantData.Education.choices),
    ]
    flags = [("rural_area", False)] + [(name, True) for name in ParticipantData.SENSITIVE_FIELDS]
    counts: dict[tuple[str, object, str], int] = {}
    for name, _label, _choices in categories:
        fields = ["gender"] if name == "gender" else [name, "gender"]
        for row in complete.values(*fields).annotate(n=Count("pk")):
            counts[(name, row[name], row["gender"])] = row["n"]
    for row in complete.values("gender").annotate(
        **{f"flag_{name}": Count("pk", filter=Q(**{name: True})) for name, _sensitive in flags}
    ):
        for name, _sensitive in flags:
            counts[(name, True, row["gender"])] = row[f"flag_{name}"]

    def cell(name, value, gender, sensitive):
        if gender is None:
            number = sum(counts.get((name, value, g), 0) for g in genders)
        else:
            number = counts.get((name, value, gender), 0)
        if sensitive and mask_small and 0 < number < SMALL_CELL:
            return None  # shown as "fewer than 5"
        return number

    def row_for(name, value, label, sensitive):
        return {
            "label": label,
            "sensitive": sensitive,
            "total": cell(name, value, None, sensitive),
            "by_gender": [cell(name, value, g, sensitive) for g in genders],
        }

    breakdowns = [
        {
            "name": name,
            "label": label,
            "rows": [row_for(name, value, choice, False) for value, choice in choices],
        }
        for name, label, choices in categories
    ]
    breakdowns.append(
        {
            "name": "flags",
            "label": _("Disadvantaged groups"),
            "rows": [
                row_for(name, True, ParticipantData._meta.get_field(name).verbose_name, sensitive)
                for name, sensitive in flags
            ],
        }
    )
    return EsfTotals(
        participants=participants,
        records=head["records"],
        complete=head["complete"],
        declined=head["declined"],
        breakdowns=breakdowns,
    )


# --- Evaluations -----------------------------------------------------------------------------


def evaluation_results(*, course: Course) -> dict:
    """Aggregated answers of a course's anonymous evaluation: per Likert item the mean and the
    count of each rating, and the free texts, over the released responses; how many answer sets
    still wait in the pool to be released together (``services.evaluation_submit``)."""
    items = list(EvaluationItem.objects.filter(course=course).order_by("order", "pk"))
    distribution = {
        (row["item_id"], row["rating"]): row["n"]
        for row in EvaluationAnswer.objects.filter(item__course=course, rating__isnull=False)
        .order_by()
        .values("item_id", "rating")
        .annotate(n=Count("pk"))
    }
    means = dict(
        EvaluationAnswer.objects.filter(item__course=course, rating__isnull=False)
        .order_by()
        .values("item_id")
        .annotate(mean=Avg("rating"))
        .values_list("item_id", "mean")
    )
    texts: dict[int, list[str]] = {}
    for item_id, text in (
        EvaluationAnswer.objects.filter(item__course=course, item__kind="text")
        .exclude(text="")
        .order_by("item_id", "response_id")
        .values_list("item_id", "text")[:2000]
    ):
        texts.setdefault(item_id, []).append(text)
    for item in items:
        item.mean = means.get(item.pk)
        item.distribution = [distribution.get((item.pk, rating), 0) for rating in range(1, 6)]
        item.texts = texts.get(item.pk, [])
    return {
        "items": items,
        "responses": EvaluationResponse.objects.filter(course=course).count(),
        "waiting": len(pool.entries) if (pool := _pool(course)) else 0,
        "batch": EvaluationPool.BATCH,
        "participants": course.enrolments.filter(status__in=Enrolment.PARTICIPATED).count(),
    }


def _pool(course: Course) -> EvaluationPool | None:
    return EvaluationPool.objects.filter(course=course).first()


def evaluation_non_respondents(*, course: Course) -> QuerySet[Enrolment]:
    """Who took part and has not answered — from the submissions, never from the answers."""
    return (
        Enrolment.objects.filter(course=course, status__in=Enrolment.PARTICIPATED)
        .exclude(Exists(EvaluationSubmission.objects.filter(enrolment=OuterRef("pk"))))
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


def evaluation_by_trainer(*, user) -> list[dict]:
    """Mean Likert rating and number of responses per trainer, over the courses they train."""
    courses = report_courses(user=user).values("pk")
    return list(
        EvaluationAnswer.objects.filter(
            rating__isnull=False,
            response__course__in=courses,
            response__course__trainers__isnull=False,
        )
        .order_by()
        .values(
            "response__course__trainers",
            "response__course__trainers__first_name",
            "response__course__trainers__last_name",
        )
        .annotate(mean=Avg("rating"), responses=Count("response", distinct=True))
        .order_by("response__course__trainers__last_name", "response__course__trainers")
    )


def evaluation_by_course(*, user) -> list[dict]:
    courses = report_courses(user=user).values("pk")
    return list(
        EvaluationAnswer.objects.filter(rating__isnull=False, response__course__in=courses)
        .order_by()
        .values("response__course", "response__course__title")
        .annotate(mean=Avg("rating"), responses=Count("response", distinct=True))
        .order_by("response__course__title")
    )


# --- Certificates ----------------------------------------------------------------------------


def certificate_for_verification(*, code: str) -> Certificate:
    """A certificate by its code (case and spaces forgiven); ``DoesNotExist`` if unknown."""
    normalised = "".join(code.split()).upper()[:20]
    return Certificate.objects.get(code=normalised)


def course_certificates(*, course: Course) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(enrolment__course=course)
        .select_related("enrolment__person")
        .order_by("holder_name", "pk")
    )
