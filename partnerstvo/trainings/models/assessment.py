"""Knowledge tests: the question bank, the tests before and after, attempts and their answers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, FloatField, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from ..fields import QuestionOptionsField
from .catalogue import Course
from .enrolment import Enrolment


class Question(models.Model):
    """A question of a course's bank, in form A or B."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="questions"
    )
    form = models.CharField(_("form"), max_length=1, choices=Enrolment.Form.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField(_("question"))
    options = QuestionOptionsField(
        _("options"),
        help_text=_(
            "One option per line; start the correct ones with an asterisk (*). "
            "A true-or-false question has exactly two options."
        ),
    )
    points = models.PositiveSmallIntegerField(
        _("points"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("test question")
        verbose_name_plural = _("test questions")
        ordering = ["course", "form", "order", "pk"]
        indexes = [models.Index(fields=["course", "form", "order"])]

    def __str__(self):
        return f"{self.form}{self.order}: {self.text[:60]}"

    def clean(self):
        options = self.options if isinstance(self.options, list) else []
        correct = [o for o in options if o.get("correct")]
        if len(options) < 2:
            raise ValidationError({"options": _("Give at least two options.")})
        if self.kind == self.Kind.TRUE_FALSE and len(options) != 2:
            raise ValidationError({"options": _("A true-or-false question has two options.")})
        if self.kind == self.Kind.MULTIPLE:
            if not correct:
                raise ValidationError({"options": _("Mark at least one option as correct.")})
        elif len(correct) != 1:
            raise ValidationError({"options": _("Mark exactly one option as correct.")})

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.get("correct"))


class KnowledgeTest(models.Model):
    """The pre-test or the post-test of a course, open during a window."""

    class Kind(models.TextChoices):
        PRE = "pre", _("Pre-test")
        POST = "post", _("Post-test")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="tests"
    )
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))

    class Meta:
        verbose_name = _("knowledge test")
        verbose_name_plural = _("knowledge tests")
        ordering = ["course", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["course", "kind"], name="trainings_test_once"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="trainings_test_window",
            ),
        ]

    def __str__(self):
        return f"{self.course} — {self.get_kind_display()}"

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A test must close after it opens.")})

    def is_open(self, now) -> bool:
        return self.opens_at <= now <= self.closes_at


class Attempt(models.Model):
    """One person's taking of the pre- or post-test (online, or entered from paper), scored."""

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Entered from paper")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="attempts"
    )
    test = models.ForeignKey(
        KnowledgeTest, verbose_name=_("test"), on_delete=models.PROTECT, related_name="attempts"
    )
    kind = models.CharField(_("kind"), max_length=4, choices=KnowledgeTest.Kind.choices)
    form = models.CharField(_("form"), max_length=1, choices=Enrolment.Form.choices)
    source = models.CharField(_("source"), max_length=6, choices=Source.choices)
    score = models.PositiveIntegerField(_("score"))
    max_score = models.PositiveIntegerField(_("maximum score"))
    score_percent = models.FloatField(_("score (%)"))
    submitted_at = models.DateTimeField(_("submitted"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("test attempt")
        verbose_name_plural = _("test attempts")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "kind"], name="trainings_attempt_once")
        ]

    def __str__(self):
        return f"{self.enrolment} — {self.get_kind_display()}: {self.score}/{self.max_score}"


class Answer(models.Model):
    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    selected = models.JSONField(_("selected options"), default=list)
    is_correct = models.BooleanField(_("correct"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="trainings_answer_once")
        ]

    def __str__(self):
        return f"{self.attempt_id}/{self.question_id}"


def attempt_percent(kind: str) -> Subquery:
    """An enrolment's score (%) in its ``kind`` test, read from its attempt (at most one)."""
    return Subquery(
        Attempt.objects.filter(enrolment=OuterRef("pk"), kind=kind).values("score_percent")[:1],
        output_field=FloatField(),
    )


# Normalised gain (post − pre) / (max − pre), on percentages so forms A and B compare; undefined
# (NULL) when the pre-test was already full marks or a test is missing. On an enrolment's own
# ``pre_percent`` and ``post_percent``.
NORMALISED_GAIN = Case(
    When(
        pre_percent__lt=100,
        post_percent__isnull=False,
        then=(F("post_percent") - F("pre_percent")) / (Value(100.0) - F("pre_percent")),
    ),
    default=None,
    output_field=FloatField(),
)
