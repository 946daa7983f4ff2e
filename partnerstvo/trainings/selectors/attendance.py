"""Participants of a course, attendance per session, and who completes the course."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ..models import Attempt, AttendanceRecord, Certificate, Course, Enrolment, Session

Status = Enrolment.Status


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


def course_participants(*, course: Course) -> QuerySet[Enrolment]:
    """Everyone enrolled in ``course`` (any status) with attendance and test scores."""
    return (
        Enrolment.objects.filter(course=course)
        .annotate(present_count=_present_count())
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
