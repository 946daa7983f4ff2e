"""Knowledge tests: the questions of the form an enrolment takes."""

from __future__ import annotations

from ..models import Enrolment


def test_questions(*, enrolment: Enrolment, kind: str):
    from ..models import Question

    return Question.objects.filter(
        course_id=enrolment.course_id, form=enrolment.form_for(kind)
    ).order_by("order", "pk")
