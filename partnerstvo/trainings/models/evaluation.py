"""Anonymous satisfaction evaluations: who answered, the sealed pool, and the answers."""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import Course, EvaluationItem
from .enrolment import Enrolment


class EvaluationSubmission(models.Model):
    """That a participant has answered the evaluation — never what, nor when: a time here would
    tell the order of the answers' release. (The audit trail keeps when, for who answered.)"""

    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="evaluation_submission",
    )

    class Meta:
        verbose_name = _("evaluation submission")
        verbose_name_plural = _("evaluation submissions")

    def __str__(self):
        return str(self.enrolment)


class EvaluationPool(models.Model):
    """Answers given but not yet released, one row per course, in random order.

    Random keys alone do not make answers unlinkable: the order rows are stored in (SQLite's
    rowid, PostgreSQL's heap order) would still follow the order people submitted in. So answers
    wait here and are released together, shuffled, when ``BATCH`` of them have gathered or the
    course has ended; within a release, order says nothing. ``entries`` is a list of answer
    sets in random order, each a list of ``[item id, rating, text]`` sealed with a key derived
    from ``SECRET_KEY`` (``services._common._seal``), so a copy of the database alone does not show
    what the last few submitters answered.
    """

    # The smallest group an answer hides in while the course runs. The last, possibly smaller,
    # group is mixed with all the others when it is released after the course.
    BATCH = 5

    course = models.OneToOneField(
        Course,
        verbose_name=_("course"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="evaluation_pool",
    )
    entries = models.JSONField(_("answers waiting to be released"), default=list, blank=True)

    class Meta:
        verbose_name = _("evaluation pool")
        verbose_name_plural = _("evaluation pools")

    def __str__(self):
        return str(self.course)


class EvaluationResponse(models.Model):
    """One anonymous set of answers. A random id and no time or person, written in a shuffled
    release (see ``EvaluationPool``), so it cannot be linked back to its submission."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="evaluation_responses",
    )

    class Meta:
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")

    def __str__(self):
        return str(self.course)


class EvaluationAnswer(models.Model):
    # A random id: a sequence would number the answers in the order they were given.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        EvaluationResponse,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    item = models.ForeignKey(
        EvaluationItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")

    def __str__(self):
        return f"{self.item}: {self.rating or self.text[:40]}"
