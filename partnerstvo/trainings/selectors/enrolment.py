"""A participant's own trainings: their enrolments, and one enrolment they may see."""

from __future__ import annotations

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
