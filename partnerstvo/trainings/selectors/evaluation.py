"""Evaluation results: per course, by trainer, by course, and who has not answered."""

from __future__ import annotations

from django.db.models import Avg, Count, Exists, OuterRef, QuerySet

from ..models import (
    Course,
    Enrolment,
    EvaluationAnswer,
    EvaluationItem,
    EvaluationPool,
    EvaluationResponse,
    EvaluationSubmission,
)
from .reports import report_courses


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
