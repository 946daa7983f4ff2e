"""Knowledge tests: a participant's attempt, its answers and its score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log
from partnerstvo.core.permissions import require
from partnerstvo.directory.roles import roles_of

from ..models import Answer, Attempt, Enrolment, KnowledgeTest, Question
from ..models.assessment import NORMALISED_GAIN, attempt_percent


def enrolment_scores_refresh(enrolments: QuerySet[Enrolment]) -> int:
    """Copy the score of each enrolment's pre- and post-test from its attempts onto the enrolment
    and compute its normalised gain (``Enrolment.pre_percent``, ``post_percent``, ``gain``).

    The one place these stored figures are written: every service that writes an attempt calls
    it (``attempt_submit``; an answered question's options and points cannot change, so a score
    never changes after it), and so does the bench's bulk build; migration 0005 ran the same two
    statements once over the enrolments that existed. Two UPDATE
    statements whatever the number of enrolments; the database computes both, from the attempts
    as they are now, so the result is what a fresh computation gives. No audit entry: the figures
    are derived, the attempt's own entry says what changed. Returns the number of enrolments."""
    updated = enrolments.update(
        pre_percent=attempt_percent(KnowledgeTest.Kind.PRE),
        post_percent=attempt_percent(KnowledgeTest.Kind.POST),
    )
    enrolments.update(gain=NORMALISED_GAIN)
    return updated


def _parse_selection(question: Question, selected: Sequence) -> list[int]:
    try:
        indexes = sorted({int(value) for value in selected})
    except (TypeError, ValueError) as error:
        raise ValidationError(_("The answers could not be read."), code="bad_answer") from error
    if any(index < 0 or index >= len(question.options) for index in indexes):
        raise ValidationError(_("The answers could not be read."), code="bad_answer")
    if question.kind != Question.Kind.MULTIPLE and len(indexes) > 1:
        raise ValidationError(
            _("Choose only one answer to the question “%(question)s”."),
            code="one_answer",
            params={"question": question.text[:80]},
        )
    return indexes


@transaction.atomic
def attempt_submit(
    *,
    actor,
    enrolment: Enrolment,
    kind: str,
    answers: Mapping[int, Sequence],
    source: str = Attempt.Source.ONLINE,
) -> Attempt:
    """Score and keep one pre- or post-test. Online: the participant, while the test is open.
    From paper: the course's trainers and coordinators, once the test has opened.

    ``answers`` maps question ids to the chosen option indexes. Refused, with nothing written:
    a second submission, a test outside its window, answers to questions not in the person's
    form, a pre-test after the post-test. Writes the attempt, its answers and an audit entry.
    """
    if source == Attempt.Source.ONLINE:
        if roles_of(actor).person_id != enrolment.person_id:
            raise PermissionDenied
    else:
        require(actor, "change", enrolment)
    enrolment = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
    if not enrolment.is_active:
        raise ValidationError(
            _("Only people with a seat in the course can take its tests."), code="not_enrolled"
        )
    test = KnowledgeTest.objects.filter(course_id=enrolment.course_id, kind=kind).first()
    if test is None:
        raise ValidationError(_("This course has no such test."), code="no_test")
    now = timezone.now()
    if now < test.opens_at:
        raise ValidationError(
            _("The test opens on %(date)s."),
            code="not_open",
            params={"date": date_format(timezone.localtime(test.opens_at), "DATETIME_FORMAT")},
        )
    if source == Attempt.Source.ONLINE and now > test.closes_at:
        raise ValidationError(
            _("The test closed on %(date)s; it can no longer be submitted."),
            code="closed",
            params={"date": date_format(timezone.localtime(test.closes_at), "DATETIME_FORMAT")},
        )
    taken = set(enrolment.attempts.values_list("kind", flat=True))
    if kind in taken:
        raise ValidationError(
            _("This test has already been submitted; it cannot be taken twice."),
            code="duplicate",
        )
    if kind == KnowledgeTest.Kind.PRE and KnowledgeTest.Kind.POST in taken:
        raise ValidationError(_("The pre-test cannot be taken after the post-test."), code="order")
    form = enrolment.form_for(kind)
    questions = list(Question.objects.filter(course_id=enrolment.course_id, form=form))
    if not questions:
        raise ValidationError(_("This test has no questions yet."), code="empty")
    by_id = {question.pk: question for question in questions}
    try:
        answered = {int(key): value for key, value in answers.items()}
    except (TypeError, ValueError) as error:
        raise ValidationError(_("The answers could not be read."), code="bad_answer") from error
    if set(answered) - set(by_id):
        raise ValidationError(
            _("The answers include questions that are not in this test."), code="other_questions"
        )
    score = 0
    rows = []
    for question in questions:
        selected = _parse_selection(question, answered.get(question.pk, []))
        correct = bool(selected) and frozenset(selected) == question.correct_indexes
        score += question.points if correct else 0
        rows.append((question, selected, correct))
    max_score = sum(question.points for question in questions)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                enrolment=enrolment,
                test=test,
                kind=kind,
                form=form,
                source=source,
                score=score,
                max_score=max_score,
                score_percent=round(100 * score / max_score, 2),
                submitted_at=now,
                entered_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("This test has already been submitted; it cannot be taken twice."),
            code="duplicate",
        ) from error
    Answer.objects.bulk_create(
        [
            Answer(attempt=attempt, question=question, selected=selected, is_correct=correct)
            for question, selected, correct in rows
        ]
    )
    enrolment_scores_refresh(Enrolment.objects.filter(pk=enrolment.pk))
    audit_log(
        actor=actor,
        action="trainings.attempt.submitted",
        instance=attempt,
        data={"kind": kind, "form": form, "source": source, "score": score, "max": max_score},
    )
    return attempt
