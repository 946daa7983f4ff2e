"""Certificates: the one a code verifies, and a course's certificates."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Certificate, Course


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
