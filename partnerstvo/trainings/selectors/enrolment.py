"""A participant's own trainings: their enrolments, and one enrolment they may see."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet

from partnerstvo.core.permissions import scope

from ..models import Enrolment, KnowledgeTest, Session


def person_enrolments(*, person_id: int) -> QuerySet[Enrolment]:
    """A person's enrolments with their course, tests, attempts, evaluation and certificate."""
    return (
        Enrolment.objects.filter(person_id=person_id)
        .select_related("course", "certificate", "evaluation_submission", "organisation")
        .prefetch_related(
            "attempts",
            Prefetch("course__tests", queryset=KnowledgeTest.objects.order_by("kind")),
            Prefetch(
                "course__sessions",
                queryset=Session.objects.select_related("municipality").order_by("starts_at"),
            ),
        )
        .order_by("-created_at", "-pk")
    )


# Whose sessions are still to come for them: a seat, a place on the waiting list, or a course
# under way (attended its first session).
_COMING_STATUSES = (
    Enrolment.Status.REGISTERED,
    Enrolment.Status.WAITING,
    Enrolment.Status.ATTENDED,
)


def person_trainings_overview(*, person_id: int, now: datetime.datetime) -> dict:
    """A participant's own page: each enrolment with its tests (``test_rows``) and whether it
    may be evaluated (``can_evaluate``); the sessions still to come, the tests open to take now
    and the certificates, drawn from the same rows (no query beyond ``person_enrolments``)."""
    enrolments = list(person_enrolments(person_id=person_id))
    upcoming, tests_to_take, certificates = [], [], []
    for enrolment in enrolments:
        taken = {attempt.kind: attempt for attempt in enrolment.attempts.all()}
        enrolment.test_rows = [
            {
                "test": test,
                "attempt": taken.get(test.kind),
                "open": test.is_open(now) and enrolment.is_active,
            }
            for test in enrolment.course.tests.all()
        ]
        enrolment.can_evaluate = enrolment.status in Enrolment.PARTICIPATED and not hasattr(
            enrolment, "evaluation_submission"
        )
        if enrolment.status in _COMING_STATUSES:
            upcoming += [
                {"session": session, "enrolment": enrolment}
                for session in enrolment.course.sessions.all()
                if session.ends_at >= now
            ]
        tests_to_take += [
            {"enrolment": enrolment, **row}
            for row in enrolment.test_rows
            if row["open"] and not row["attempt"]
        ]
        if hasattr(enrolment, "certificate"):
            certificates.append(enrolment)
    upcoming.sort(key=lambda item: (item["session"].starts_at, item["session"].pk))
    return {
        "enrolments": enrolments,
        "upcoming": upcoming,
        "tests_to_take": tests_to_take,
        "certificates": certificates,
        "course_count": sum(e.status != Enrolment.Status.CANCELLED for e in enrolments),
        "valid_certificate_count": sum(not e.certificate.is_revoked for e in certificates),
    }


def enrolment_get(*, user, pk: int) -> Enrolment:
    """An enrolment ``user`` may see; ``Enrolment.DoesNotExist`` otherwise."""
    return (
        scope(user, "view", Enrolment.objects.all())
        .select_related("course", "person", "organisation", "administration")
        .get(pk=pk)
    )
