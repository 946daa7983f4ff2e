"""Test-score annotations shared by the participant lists (``attendance``) and the knowledge-gain
reports (``reports``)."""

from __future__ import annotations

from django.db.models import Case, F, FilteredRelation, FloatField, Q, QuerySet, Value, When

from ..models import Enrolment


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
