"""Who takes part: enrolments, attendance per session, and the ESF participant data."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from .catalogue import Course, Session


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
    # The scores of its two tests and the normalised gain between them, copied from the attempts
    # by ``services.assessment.enrolment_scores_refresh`` whenever an attempt is written, so that
    # the reports read one row per person instead of joining the attempts (100,000 people,
    # 1.17 M answers). Null: no such test (or no gain: full marks before, or no post-test).
    pre_percent = models.FloatField(_("pre-test (%)"), null=True, blank=True, editable=False)
    post_percent = models.FloatField(_("post-test (%)"), null=True, blank=True, editable=False)
    gain = models.FloatField(_("normalised gain"), null=True, blank=True, editable=False)

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
            # The knowledge-gain reports: every figure they group is in the index.
            models.Index(
                fields=[
                    "course",
                    "participant_group",
                    "municipality",
                    "pre_percent",
                    "post_percent",
                    "gain",
                ],
                name="trainings_enrolment_scores",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.course}"

    @property
    def post_test_form(self) -> str:
        return self.Form.B if self.pre_test_form == self.Form.A else self.Form.A

    def form_for(self, kind: str) -> str:
        from .assessment import KnowledgeTest  # assessment builds on enrolments

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


def _profile_expression(fields):
    """``ParticipantData.esf_profile``: each field's answer as one digit of a mixed-radix number
    (0: not answered, or not true for a yes/no flag; 1…n: the n values that count, in order)."""
    total, base = None, 1
    for name, values in fields:
        digit = Case(
            *[When(**{name: value}, then=Value(i)) for i, value in enumerate(values, start=1)],
            default=Value(0),
        )
        term = digit * Value(base) if base > 1 else digit
        total = term if total is None else total + term
        base *= len(values) + 1
    return total


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

    # What the ESF totals count of a record, as one number the database keeps in step with the
    # fields (a generated column, so it always equals them): the totals group 100,000 records by
    # this one indexed column instead of by eleven. ``esf_profile_decode`` reads it back.
    ESF_PROFILE_FIELDS = (
        ("consent", (True,)),
        ("gender", tuple(Gender.values)),
        ("age_group", tuple(AgeGroup.values)),
        ("employment_status", tuple(Employment.values)),
        ("education_level", tuple(Education.values)),
        ("rural_area", (False, True)),
        *((name, (True,)) for name in SENSITIVE_FIELDS),
    )
    esf_profile = models.GeneratedField(
        expression=_profile_expression(ESF_PROFILE_FIELDS),
        output_field=models.PositiveIntegerField(),
        db_persist=True,
        verbose_name=_("what the ESF totals count"),
    )

    class Meta:
        verbose_name = _("participant data (ESF)")
        verbose_name_plural = _("participant data (ESF)")
        indexes = [
            # The ESF totals: the participants' records, read from the index alone.
            models.Index(fields=["person", "esf_profile"], name="trainings_pdata_esf_profile"),
        ]

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

    @classmethod
    def esf_profile_decode(cls, profile: int) -> dict:
        """The answers an ``esf_profile`` stands for: each field's value, or None (not answered;
        for a yes/no flag, not "yes"), and ``complete`` as in ``complete_q``."""
        answers = {}
        for name, values in cls.ESF_PROFILE_FIELDS:
            profile, digit = divmod(profile, len(values) + 1)
            answers[name] = values[digit - 1] if digit else None
        answers["complete"] = bool(answers["consent"]) and all(
            answers[name] is not None for name in cls.NON_SENSITIVE_FIELDS
        )
        return answers

    @property
    def is_complete(self) -> bool:
        return (
            self.consent
            and self.rural_area is not None
            and all(getattr(self, name) for name in self.CHOICE_FIELDS)
        )
