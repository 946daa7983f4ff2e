"""Partnership agreements between CSOs and municipal administrations (a public register once every
party has confirmed), and coordination councils and working groups whose meetings are events.

An agreement's status follows from what was recorded: a draft until every party confirmed, then
active until its end (renewals move the end), expired after it, or terminated early."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.files import RandomName, private_storage
from partnerstvo.directory.parties import OneParty, one_party_constraints
from partnerstvo.events.validators import validate_public_document

REMINDER_DAYS = (30, 7)


class AgreementQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def with_status(self, status: str, today: datetime.date | None = None):
        return self.filter(Agreement.status_condition(status, today or timezone.localdate()))


class Agreement(models.Model):
    class Kind(models.TextChoices):
        MEMORANDUM = "memorandum", _("Memorandum of understanding")
        PARTNERSHIP = "partnership", _("Partnership agreement")
        COOPERATION = "cooperation", _("Cooperation contract")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft, awaiting the parties' confirmation")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    subject = models.TextField(_("subject"), max_length=5000)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    confirmed_at = models.DateTimeField(_("confirmed by every party"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["confirmed_at", "ends_on"]),
            models.Index(fields=["kind", "starts_on"]),
            models.Index(fields=["starts_on", "id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="partnerships_agreement_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:agreement-detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An agreement cannot end before it starts.")})

    @staticmethod
    def status_condition(status: str, today: datetime.date) -> Q:
        confirmed = Q(confirmed_at__isnull=False)
        not_terminated = Q(terminated_on__isnull=True)
        return {
            Agreement.Status.DRAFT: Q(confirmed_at__isnull=True),
            Agreement.Status.ACTIVE: confirmed & not_terminated & Q(ends_on__gte=today),
            Agreement.Status.EXPIRED: confirmed & not_terminated & Q(ends_on__lt=today),
            Agreement.Status.TERMINATED: confirmed & Q(terminated_on__isnull=False),
        }[status]

    def status_on(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.confirmed_at is None:
            return self.Status.DRAFT
        if self.terminated_on is not None:
            return self.Status.TERMINATED
        return self.Status.ACTIVE if self.ends_on >= today else self.Status.EXPIRED

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_public(self) -> bool:
        return self.confirmed_at is not None


class AgreementParty(OneParty, models.Model):
    """One party of an agreement: a CSO or a municipal administration, with its obligations and
    its confirmation."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        null=True,
        blank=True,
    )
    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("municipal administration"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        null=True,
        blank=True,
    )
    # The party's municipality (the seat of a CSO), kept so that the register filters by it.
    municipality = models.ForeignKey(
        "directory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    obligations = models.TextField(_("obligations"), max_length=5000, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["agreement_id", "order", "pk"]
        constraints = one_party_constraints(
            owner="agreement",
            exactly_one="partnerships_party_exactly_one",
            organisation_once="partnerships_party_organisation_once",
            administration_once="partnerships_party_administration_once",
        )
        indexes = [
            models.Index(fields=["organisation", "agreement"]),
            models.Index(fields=["administration", "agreement"]),
            models.Index(fields=["municipality", "agreement"]),
        ]

    def __str__(self):
        return str(self.party)


class AgreementRenewal(models.Model):
    """An extension of an agreement's end, signed on its own date with its own document."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="renewals"
    )
    previous_end = models.DateField(_("previous end"))
    new_end = models.DateField(_("new end"))
    signed_on = models.DateField(_("signed on"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")
        ordering = ["agreement_id", "signed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_end__gt=models.F("previous_end")),
                name="partnerships_renewal_extends",
            )
        ]

    def __str__(self):
        return f"{self.agreement} → {self.new_end}"


class AgreementDocument(models.Model):
    """A signed document: of the agreement itself, or of one of its renewals. Public with the
    agreement."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="documents"
    )
    renewal = models.ForeignKey(
        AgreementRenewal,
        verbose_name=_("renewal"),
        on_delete=models.CASCADE,
        related_name="documents",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=RandomName("partnerships/agreements"),
        max_length=255,
        validators=[validate_public_document],
        help_text=_("PDF, Word, Excel or PowerPoint. It is public once every party confirmed."),
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["agreement_id", "pk"]

    def __str__(self):
        return self.title


class AgreementReminder(models.Model):
    """A reminder sent before an agreement's end; one per end date and number of days, so a
    renewal (a new end) is reminded of again and a rerun sends nothing twice."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="reminders"
    )
    ends_on = models.DateField(_("end reminded of"))
    days_before = models.PositiveSmallIntegerField(_("days before the end"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("expiry reminder")
        verbose_name_plural = _("expiry reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "ends_on", "days_before"],
                name="partnerships_reminder_once",
            )
        ]

    def __str__(self):
        return f"{self.agreement} − {self.days_before}"


# --- coordination councils ---------------------------------------------------------------------


class Council(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Coordination council")
        WORKING_GROUP = "working_group", _("Working group")

    class Visibility(models.TextChoices):
        TRANSPARENT = "transparent", _("Transparent: public page with members and decisions")
        PRIVATE = "private", _("Private: seen by its members only")

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.COUNCIL)
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("municipal administration"),
        on_delete=models.PROTECT,
        related_name="councils",
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=500,
        help_text=_("For example: a decision of the municipal council, an order of the mayor."),
    )
    basis_number = models.CharField(_("number of the act"), max_length=50, blank=True)
    basis_date = models.DateField(_("date of the act"), null=True, blank=True)
    purpose = models.TextField(_("purpose"), max_length=5000)
    decision_making = models.TextField(
        _("what it decides and how"),
        max_length=5000,
        blank=True,
        help_text=_("Its powers, quorum and majority."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.TRANSPARENT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("coordination council")
        verbose_name_plural = _("coordination councils")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["visibility", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:council-detail", kwargs={"slug": self.slug})

    @property
    def is_transparent(self) -> bool:
        return self.visibility == self.Visibility.TRANSPARENT


class CouncilMemberQuerySet(models.QuerySet):
    def active(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )

    def during(self, start: datetime.date, end: datetime.date):
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=end)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=start)
        )


class CouncilMember(models.Model):
    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair")
        DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "directory.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="council_memberships",
    )
    position = models.CharField(
        _("position"), max_length=12, choices=Position.choices, default=Position.MEMBER
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("represents (organisation)"),
        on_delete=models.PROTECT,
        related_name="council_members",
        null=True,
        blank=True,
    )
    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("represents (administration)"),
        on_delete=models.PROTECT,
        related_name="council_members",
        null=True,
        blank=True,
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = CouncilMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council_id", "position", "person__last_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="partnerships_member_term",
            ),
            models.CheckConstraint(
                condition=~Q(organisation__isnull=False, administration__isnull=False),
                name="partnerships_member_represents_one",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "council"]),
            models.Index(fields=["council", "position"]),
        ]

    def __str__(self):
        return f"{self.person} — {self.council} ({self.get_position_display()})"

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A term cannot end before it starts.")
        if self.organisation_id and self.administration_id:
            errors["administration"] = _(
                "A member represents an organisation or an administration, not both."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def represents(self):
        return self.organisation or self.administration


class CouncilMeeting(models.Model):
    """A meeting of a council: an event of the events app (agenda, attendance, minutes with
    their decisions and actions)."""

    council = models.ForeignKey(
        Council, verbose_name=_("council"), on_delete=models.CASCADE, related_name="meetings"
    )
    event = models.OneToOneField(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="council_meeting",
    )

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["council_id", "pk"]

    def __str__(self):
        return str(self.event)
