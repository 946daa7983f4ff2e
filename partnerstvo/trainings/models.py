"""Trainings: programmes and courses with modules and sessions, enrolments with a waiting list,
attendance per session, knowledge tests before and after (two parallel forms), anonymous
evaluations, certificates, and the participant data an ESF-funded operation reports."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.files import RandomName, private_storage
from partnerstvo.core.jobs import BackgroundJob
from partnerstvo.core.transliteration import transliterate

from .fields import QuestionOptionsField
from .validators import validate_pdf_scan


class Programme(models.Model):
    """A training programme: a group of courses under one plan."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["title"]

    def __str__(self):
        return self.title


class Course(models.Model):
    class TargetGroup(models.TextChoices):
        CSO = "cso", _("CSO representatives")
        MUNICIPAL = "municipal", _("Municipal administration staff")
        MIXED = "mixed", _("Mixed (CSOs and municipal staff)")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    learning_objectives = models.TextField(
        _("learning objectives"), help_text=_("What participants will know and be able to do.")
    )
    description = models.TextField(_("description"), blank=True)
    hours = models.PositiveSmallIntegerField(
        _("hours"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    target_group = models.CharField(
        _("target group"), max_length=10, choices=TargetGroup.choices, default=TargetGroup.MIXED
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        related_name="trained_courses",
        blank=True,
        limit_choices_to={"platform_roles__role": "trainer"},
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("attendance needed for completion (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
    )
    requires_post_test = models.BooleanField(_("completion needs the post-test"), default=True)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown in the public training calendar.")
    )
    enrolment_open = models.BooleanField(_("enrolment open"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]
        indexes = [models.Index(fields=["is_published", "title"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trainings:course-detail", kwargs={"slug": self.slug})


class Module(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="modules"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), default=1)

    class Meta:
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")
        ordering = ["course", "order", "pk"]

    def __str__(self):
        return self.title


class Session(models.Model):
    """One meeting of a course: a time, and a venue in a municipality or an online link."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    municipality = models.ForeignKey(
        "directory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
        null=True,
        blank=True,
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.SET_NULL,
        related_name="training_sessions",
        null=True,
        blank=True,
        limit_choices_to={"platform_roles__role": "trainer"},
    )
    signed_sheet = models.FileField(
        _("signed signature sheet"),
        storage=private_storage,
        upload_to=RandomName("trainings/signature-sheets"),
        max_length=255,
        blank=True,
        validators=[validate_pdf_scan],
    )
    signed_sheet_name = models.CharField(_("signed sheet file name"), max_length=255, blank=True)
    signed_sheet_uploaded_at = models.DateTimeField(_("sheet uploaded"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["course", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="trainings_session_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.course} — {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("trainings:session-detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if not self.online_url and not (self.municipality_id and self.venue):
            errors["venue"] = _("Give a venue and its municipality, or an online link.")
        if self.venue and not self.municipality_id:
            errors["municipality"] = _("Say in which municipality the venue is.")
        if errors:
            raise ValidationError(errors)

    @property
    def place(self) -> str:
        """Venue and municipality in one script: as typed in Bulgarian; in other languages the
        venue transliterated and the municipality's Latin name (never "Ловеч, Lovech"). The
        municipality is not repeated when the venue already ends with it."""
        if not (self.venue and self.municipality_id):
            return self.online_url or self.venue
        municipality = self.municipality
        venue = self.venue.strip()
        if (get_language() or "bg").startswith("bg"):
            town = municipality.name
        else:
            venue = transliterate(venue)
            town = municipality.display_name
        if venue.casefold().endswith(town.casefold()):
            return venue
        return f"{venue}, {town}"


class Enrolment(models.Model):
    """A person's place in a course (or on its waiting list)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not attend")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    class Group(models.TextChoices):
        CSO = "cso", _("CSO representative")
        MUNICIPAL = "municipal", _("Municipal administration staff")
        OTHER = "other", _("Other")

    class Form(models.TextChoices):
        A = "A", _("Form A")
        B = "B", _("Form B")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrolments"
    )
    person = models.ForeignKey(
        "directory.Person",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="training_enrolments",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    participant_group = models.CharField(
        _("takes part as"), max_length=10, choices=Group.choices, default=Group.OTHER
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="training_enrolments",
        null=True,
        blank=True,
    )
    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("municipal administration"),
        on_delete=models.PROTECT,
        related_name="training_enrolments",
        null=True,
        blank=True,
    )
    municipality = models.ForeignKey(
        "directory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="training_enrolments",
        null=True,
        blank=True,
    )
    pre_test_form = models.CharField(
        _("pre-test form"), max_length=1, choices=Form.choices, default=Form.A
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"))

    # Statuses that hold a seat; the rest (waiting, cancelled) do not.
    SEAT_STATUSES = (Status.REGISTERED, Status.ATTENDED, Status.NO_SHOW, Status.COMPLETED)
    # Statuses of people who took part (ESF participants, evaluations).
    PARTICIPATED = (Status.ATTENDED, Status.COMPLETED)
    TRANSITIONS = {
        Status.REGISTERED: {Status.ATTENDED, Status.NO_SHOW, Status.CANCELLED},
        Status.WAITING: {Status.REGISTERED, Status.CANCELLED},
        Status.ATTENDED: {Status.COMPLETED, Status.NO_SHOW},
        Status.NO_SHOW: {Status.ATTENDED},
        Status.CANCELLED: {Status.REGISTERED, Status.WAITING},
        Status.COMPLETED: {Status.ATTENDED},  # only when its certificate is revoked
    }

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["course", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="trainings_enrolment_once")
        ]
        indexes = [
            models.Index(fields=["course", "status", "status_changed_at"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["administration", "status"]),
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self):
        return f"{self.person} — {self.course}"

    @property
    def post_test_form(self) -> str:
        return self.Form.B if self.pre_test_form == self.Form.A else self.Form.A

    def form_for(self, kind: str) -> str:
        return self.pre_test_form if kind == KnowledgeTest.Kind.PRE else self.post_test_form

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEAT_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in (
            self.Status.REGISTERED,
            self.Status.ATTENDED,
            self.Status.COMPLETED,
        )

    @property
    def represents(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        if self.administration_id:
            return str(self.administration)
        return ""


class AttendanceRecord(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("present"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    marked_at = models.DateTimeField(_("marked"))

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="trainings_attendance_once"
            )
        ]
        indexes = [models.Index(fields=["enrolment", "present"])]

    def __str__(self):
        return f"{self.enrolment.person} — {self.session}: {self.present}"


class ParticipantData(models.Model):
    """What an ESF-funded operation reports about a participant, given once, with consent.

    Only coordinators see a person's record (and the person their own); everyone else sees
    aggregates. A record counts in the ESF totals only when every non-sensitive field is filled.
    """

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        NON_BINARY = "non_binary", _("Non-binary")

    class AgeGroup(models.TextChoices):
        UNDER_18 = "under_18", _("Under 18")
        FROM_18_TO_29 = "18_29", _("18–29")
        FROM_30_TO_54 = "30_54", _("30–54")
        FROM_55 = "55_plus", _("55 and over")

    class Employment(models.TextChoices):
        EMPLOYED = "employed", _("Employed, including self-employed")
        UNEMPLOYED = "unemployed", _("Unemployed")
        LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
        INACTIVE = "inactive", _("Inactive, in education or training")
        INACTIVE_NOT_IN_EDUCATION = (
            "inactive_other",
            _("Inactive, not in education or training"),
        )

    class Education(models.TextChoices):
        ISCED_0_2 = "isced_0_2", _("Primary or lower secondary (ISCED 0–2)")
        ISCED_3_4 = "isced_3_4", _("Upper secondary or post-secondary (ISCED 3–4)")
        ISCED_5_8 = "isced_5_8", _("Tertiary (ISCED 5–8)")

    CHOICE_FIELDS = ("gender", "age_group", "employment_status", "education_level")
    NON_SENSITIVE_FIELDS = (*CHOICE_FIELDS, "rural_area")
    SENSITIVE_FIELDS = (
        "disability",
        "third_country_national",
        "foreign_background",
        "minority",
        "homeless",
    )

    person = models.OneToOneField(
        "directory.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="participant_data",
    )
    consent = models.BooleanField(_("consent given"))
    consent_text = models.TextField(_("text consented to"), blank=True)
    answered_at = models.DateTimeField(_("answered"))
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, blank=True
    )
    employment_status = models.CharField(
        _("employment status"), max_length=25, choices=Employment.choices, blank=True
    )
    education_level = models.CharField(
        _("education level"), max_length=10, choices=Education.choices, blank=True
    )
    rural_area = models.BooleanField(_("lives in a rural area"), null=True, blank=True)
    # Special categories of personal data: optional ("prefer not to say" is null).
    disability = models.BooleanField(_("has a disability"), null=True, blank=True)
    third_country_national = models.BooleanField(_("third-country national"), null=True, blank=True)
    foreign_background = models.BooleanField(_("has a foreign background"), null=True, blank=True)
    minority = models.BooleanField(
        _("belongs to a minority (including marginalised communities such as the Roma)"),
        null=True,
        blank=True,
    )
    homeless = models.BooleanField(
        _("homeless or affected by housing exclusion"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("participant data (ESF)")
        verbose_name_plural = _("participant data (ESF)")

    def __str__(self):
        return str(self.person)

    def clean(self):
        if not self.consent:
            filled = [
                name
                for name in (*self.NON_SENSITIVE_FIELDS, *self.SENSITIVE_FIELDS)
                if getattr(self, name) not in ("", None)
            ]
            if filled:
                raise ValidationError(
                    _("Without consent no participant data can be kept."), code="no_consent"
                )

    @classmethod
    def complete_q(cls, prefix: str = "") -> Q:
        """The records that count in the ESF totals: consent and every non-sensitive field."""
        condition = Q(**{f"{prefix}consent": True, f"{prefix}rural_area__isnull": False})
        for name in cls.CHOICE_FIELDS:
            condition &= ~Q(**{f"{prefix}{name}": ""})
        return condition

    @property
    def is_complete(self) -> bool:
        return (
            self.consent
            and self.rural_area is not None
            and all(getattr(self, name) for name in self.CHOICE_FIELDS)
        )


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


class EvaluationItem(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Rating from 1 (strongly disagree) to 5 (strongly agree)")
        TEXT = "text", _("Free text")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="evaluation_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("statement or question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.LIKERT)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("evaluation item")
        verbose_name_plural = _("evaluation items")
        ordering = ["course", "order", "pk"]

    def __str__(self):
        return self.text


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


class Certificate(models.Model):
    """A certificate of completion. What it certifies is kept as issued, so the verification page
    keeps saying the same thing even if the course is edited later."""

    code = models.CharField(_("verification code"), max_length=20, unique=True)
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    holder_name = models.CharField(_("holder"), max_length=255)
    course_title = models.CharField(_("course"), max_length=255)
    hours = models.PositiveSmallIntegerField(_("hours"))
    first_date = models.DateField(_("from"))
    last_date = models.DateField(_("until"))
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]

    def __str__(self):
        return f"{self.code} — {self.holder_name}"

    def get_absolute_url(self):
        return reverse("trainings:certificate-verify", kwargs={"code": self.code})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class CertificateArchive(BackgroundJob):
    """A ZIP of all certificates of a course, built in the background with visible progress
    (a ``core.jobs.BackgroundJob``: claimed atomically, re-checked when it runs, kept private)."""

    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="certificate_archives",
    )

    files_prefix = "trainings/certificate-archives"
    permission_action = "add"
    content_type = "application/zip"

    class Meta(BackgroundJob.Meta):
        verbose_name = _("certificate archive")
        verbose_name_plural = _("certificate archives")

    def __str__(self):
        return f"{self.course} — {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def download_name(self) -> str:
        return f"certificates-{self.course.slug}.zip"


class ReportExport(BackgroundJob):
    """The knowledge-gain report as XLSX, built in the background with visible progress (a
    ``core.jobs.BackgroundJob``). Its rows are those its requester may report on when it is
    built; a course narrows it to that course, none means every course (the whole programme)."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # the indexes below start with it
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="report_exports",
        null=True,
        blank=True,
        help_text=_("Empty: every course the requester may report on."),
    )

    files_prefix = "trainings/report-exports"
    permission_action = "add"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    class Meta(BackgroundJob.Meta):
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        indexes = [
            # A person's exports, newest first (the exports page).
            models.Index(fields=["requested_by", "-created_at"], name="trainings_export_by_user"),
            # Is one of theirs already waiting or being built (asking twice reuses it)?
            models.Index(fields=["requested_by", "status"], name="trainings_export_user_status"),
        ]

    def __str__(self):
        return f"{self.course or _('All courses')} — {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def download_name(self) -> str:
        suffix = f"-{self.course.slug}" if self.course_id else ""
        return f"knowledge-gain{suffix}.xlsx"
