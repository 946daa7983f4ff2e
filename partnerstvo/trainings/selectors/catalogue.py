"""Reads of the catalogue: the calendar and its feed, a course or session page, seats left."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from partnerstvo.core.permissions import scope

from ..models import Course, Enrolment, Session

Status = Enrolment.Status


def calendar_sessions(
    *,
    user,
    since: datetime.datetime | None = None,
    target_group: str | None = None,
    online: bool | None = None,
) -> QuerySet[Session]:
    """Sessions of the courses ``user`` may see (published ones for everybody), from ``since``;
    of courses for ``target_group``; that one can join online (``online=True``: online or
    hybrid) or that meet at a venue (``online=False``: in person or hybrid). A mixed course
    is for every target group."""
    courses = scope(user, "view", Course.objects.all())
    if target_group:
        courses = courses.filter(target_group__in=[target_group, Course.TargetGroup.MIXED])
    queryset = Session.objects.filter(course__in=courses.values("pk"))
    if since is not None:
        queryset = queryset.filter(ends_at__gte=since)
    if online is True:
        queryset = queryset.exclude(online_url="")
    elif online is False:
        queryset = queryset.exclude(venue="")
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
