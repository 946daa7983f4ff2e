"""Course evaluations: submitting one anonymously through the pool, and releasing the pool."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log
from partnerstvo.core.permissions import SYSTEM, scope
from partnerstvo.directory.roles import roles_of

from ..models import (
    Course,
    Enrolment,
    EvaluationAnswer,
    EvaluationItem,
    EvaluationPool,
    EvaluationResponse,
    EvaluationSubmission,
)
from ._common import _seal, _unseal

logger = logging.getLogger(__name__)


MAX_EVALUATION_TEXT = 4000


@transaction.atomic
def evaluation_submit(*, actor, enrolment: Enrolment, answers: Mapping[int, object]) -> None:
    """Keep one anonymous evaluation of the course by a participant who took part (the
    participant themselves; SYSTEM for paper forms).

    ``answers`` maps item ids to a rating 1–5 (Likert items) or a text. Writes a submission
    (who answered, audited) and, apart from it, puts what was answered at a random place in
    the course's pool (never audited); the pool is released, shuffled, once
    ``EvaluationPool.BATCH`` answer sets wait in it (see ``EvaluationPool``), so neither ids, nor
    stored order, nor time link answers to the person who gave them.
    """
    # SYSTEM: paper evaluation forms typed in by a command (the demo, an import).
    if actor is not SYSTEM and roles_of(actor).person_id != enrolment.person_id:
        raise PermissionDenied
    # The course row serialises the course's submissions and releases (one pool per course).
    Course.objects.select_for_update().filter(pk=enrolment.course_id).first()
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in Enrolment.PARTICIPATED:
        raise ValidationError(
            _("The evaluation is for people who took part in the course."), code="not_participant"
        )
    if EvaluationSubmission.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(
            _("You have already evaluated this course; thank you."), code="duplicate"
        )
    items = {item.pk: item for item in EvaluationItem.objects.filter(course_id=enrolment.course_id)}
    try:
        given = {int(key): value for key, value in answers.items()}
    except (TypeError, ValueError) as error:
        raise ValidationError(_("The answers could not be read."), code="bad_answer") from error
    if set(given) - set(items):
        raise ValidationError(
            _("The answers include items that are not in this evaluation."), code="other_items"
        )
    errors: dict[str, list[str]] = {}
    rows = []
    for item in items.values():
        value = given.get(item.pk)
        if item.kind == EvaluationItem.Kind.LIKERT:
            try:
                rating = int(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                rating = -1
            if rating is not None and not 1 <= rating <= 5:
                errors[f"item_{item.pk}"] = [_("Choose a rating from 1 to 5.")]
            elif rating is None and item.required:
                errors[f"item_{item.pk}"] = [_("This item needs an answer.")]
            elif rating is not None:
                rows.append([item.pk, rating, ""])
        else:
            text = str(value or "").strip()
            if len(text) > MAX_EVALUATION_TEXT:
                errors[f"item_{item.pk}"] = [
                    _("Keep the answer under %(count)s characters.")
                    % {"count": MAX_EVALUATION_TEXT}
                ]
            elif not text and item.required:
                errors[f"item_{item.pk}"] = [_("This item needs an answer.")]
            elif text:
                rows.append([item.pk, None, text])
    if errors:
        raise ValidationError(errors)
    submission = EvaluationSubmission.objects.create(enrolment=enrolment)
    audit_log(actor=actor, action="trainings.evaluation.submitted", instance=submission)
    pool, _created = EvaluationPool.objects.get_or_create(course_id=enrolment.course_id)
    pool.entries.insert(_random.randrange(len(pool.entries) + 1), _seal(rows))
    if len(pool.entries) >= EvaluationPool.BATCH:
        _evaluation_release(pool=pool, remix=False)
    else:
        pool.save(update_fields=["entries"])


_random = secrets.SystemRandom()


def _evaluation_release(*, pool: EvaluationPool, remix: bool) -> int:
    """Write the pool's answer sets as responses in a random order under random ids and empty
    the pool. With ``remix``, the course's earlier responses are rewritten with them under new
    ids, so that the last group (which may be small) cannot be told from the others by where
    it is stored. Returns the number of answer sets released. Caller holds the course lock."""
    sets, unreadable = [], []
    for entry in pool.entries:
        answers = _unseal(entry)
        if answers is None:
            unreadable.append(entry)
        else:
            sets.append(answers)
    released = len(sets)
    items = set(
        EvaluationItem.objects.filter(course_id=pool.course_id).values_list("pk", flat=True)
    )
    if remix:
        earlier = list(
            EvaluationResponse.objects.filter(course_id=pool.course_id).prefetch_related("answers")
        )
        sets += [
            [[a.item_id, a.rating, a.text] for a in response.answers.all()] for response in earlier
        ]
        EvaluationResponse.objects.filter(pk__in=[r.pk for r in earlier]).delete()
    _random.shuffle(sets)
    responses = [EvaluationResponse(course_id=pool.course_id) for _ in sets]
    EvaluationResponse.objects.bulk_create(responses)
    EvaluationAnswer.objects.bulk_create(
        [
            EvaluationAnswer(response=response, item_id=item_id, rating=rating, text=text or "")
            for response, answers in zip(responses, sets, strict=True)
            for item_id, rating, text in answers
            if item_id in items
        ]
    )
    if unreadable:
        # Sealed under a secret key that is no longer configured: kept, not lost, until the
        # key is back in SECRET_KEY_FALLBACKS.
        logger.warning(
            "%s evaluation answer sets of course %s cannot be unsealed",
            len(unreadable),
            pool.course_id,
        )
    pool.entries = unreadable
    pool.save(update_fields=["entries"])
    return released


@transaction.atomic
def evaluation_pools_release(*, actor, course: Course | None = None) -> int:
    """Release what still waits in the evaluation pools of courses whose last session has
    ended (``course``, or every such course the actor may read results of), mixed with
    everything released before. Who: SYSTEM, or whoever may read the course's results —
    reading them after the course is how the last answers come out. Writes responses and
    answers, no audit (there is no one to name). Returns the number of answer sets released."""
    courses = (
        Course.objects.all()
        if actor is SYSTEM
        else scope(actor, "view_reports", Course.objects.all())
    )
    if course is not None:
        courses = courses.filter(pk=course.pk)
    waiting = (
        EvaluationPool.objects.exclude(entries=[])
        .filter(course__in=courses.values("pk"))
        .exclude(course__sessions__ends_at__gte=timezone.now())
        .filter(course__sessions__isnull=False)
        .values_list("course_id", flat=True)
        .distinct()
    )
    released = 0
    for course_id in list(waiting):
        Course.objects.select_for_update().filter(pk=course_id).first()
        pool = EvaluationPool.objects.get(course_id=course_id)
        if pool.entries:
            released += _evaluation_release(pool=pool, remix=True)
    return released
