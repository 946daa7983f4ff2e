"""The directory: where things are (oblasts, municipalities), who acts there (CSOs, administrations)
and the people in them (memberships with a role and dates)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.fields import EIKField
from partnerstvo.core.files import RandomName, private_storage
from partnerstvo.core.jobs import BackgroundJob
from partnerstvo.core.validators import validate_image_file


class BilingualNameMixin:
    """``display_name`` in the active language: the English (transliterated) name outside bg."""

    @property
    def display_name(self) -> str:
        if (get_language() or "bg").startswith("bg") or not self.name_en:
            return self.name
        return self.name_en


class Oblast(BilingualNameMixin, models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("oblast")
        verbose_name_plural = _("oblasts")
        ordering = ["name"]

    def __str__(self):
        return self.display_name


class Municipality(BilingualNameMixin, models.Model):
    # Codes as given in the reference data: oblast code + two digits (EKATTE-style); may be empty
    # (Сърница) until confirmed from the NSI register.
    code = models.CharField(_("code"), max_length=5, unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    oblast = models.ForeignKey(
        Oblast, verbose_name=_("oblast"), on_delete=models.PROTECT, related_name="municipalities"
    )
    in_programme = models.BooleanField(_("takes part in the programme"), default=False)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        indexes = [models.Index(fields=["oblast", "name"])]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("directory:municipality-detail", kwargs={"slug": self.slug})


class AreaOfWork(BilingualNameMixin, models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("area of work")
        verbose_name_plural = _("areas of work")
        ordering = ["name"]

    def __str__(self):
        return self.display_name


class Organisation(models.Model):
    """A civil society organisation (CSO; in Bulgarian СГО)."""

    class LegalForm(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        FOUNDATION = "foundation", _("Foundation")
        COMMUNITY_CENTRE = "community_centre", _("Community centre (chitalishte)")
        UNION = "union", _("Union of associations")
        INFORMAL = "informal", _("Informal group")
        OTHER = "other", _("Other")

    class Benefit(models.TextChoices):
        PUBLIC = "public", _("Public benefit")
        PRIVATE = "private", _("Private benefit")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, db_index=True
    )
    eik = EIKField(
        _("EIK/BULSTAT"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        help_text=_("9 or 13 digits; may be left empty only for an informal group."),
    )
    benefit = models.CharField(
        _("benefit"), max_length=10, choices=Benefit.choices, default=Benefit.PUBLIC
    )
    seat = models.ForeignKey(
        Municipality,
        verbose_name=_("seat (municipality)"),
        on_delete=models.PROTECT,
        related_name="seated_organisations",
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities where it acts"),
        related_name="active_organisations",
        blank=True,
    )
    areas = models.ManyToManyField(
        AreaOfWork, verbose_name=_("areas of work"), related_name="organisations", blank=True
    )
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="organisations/logos/",
        blank=True,
        validators=[validate_image_file],
        help_text=_("JPEG, PNG, WebP or GIF, at most 2 MB."),
    )
    in_programme = models.BooleanField(_("takes part in the programme"), default=False)
    is_public = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("Unlisted organisations are seen only by their members and coordinators."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(legal_form="informal") | Q(eik__isnull=False),
                name="directory_organisation_eik_required_unless_informal",
            )
        ]
        indexes = [
            models.Index(fields=["is_public", "name"]),
            models.Index(fields=["in_programme", "name"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:organisation-detail", kwargs={"slug": self.slug})

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    @property
    def card_tags(self) -> list[str]:
        """The labels on the organisation's card: the programme, then its areas of work (read
        from ``areas``, which the list prefetches)."""
        tags = [str(_("in the programme"))] if self.in_programme else []
        return tags + [area.display_name for area in self.areas.all()]


class Administration(models.Model):
    """The municipal administration of one municipality."""

    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="administration",
    )
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("municipal administration")
        verbose_name_plural = _("municipal administrations")
        ordering = ["municipality__name"]

    def __str__(self):
        return self.name


class AdministrationUnit(models.Model):
    """A directorate, department or sector of an administration."""

    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        on_delete=models.CASCADE,
        related_name="units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        related_name="children",
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=255)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("administration unit")
        verbose_name_plural = _("administration units")
        ordering = ["administration", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "name"], name="directory_unit_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class Person(models.Model):
    """A person known to the platform; may or may not have a login (``user``)."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ActiveMembershipQuerySet(models.QuerySet):
    def active(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=today)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )


class OrganisationMembership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Organisation admin")
        EDITOR = "editor", _("Organisation editor")
        MEMBER = "member", _("Organisation member")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    position = models.CharField(_("position"), max_length=120, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = ActiveMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        ordering = ["organisation", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="directory_orgmembership_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="directory_orgmembership_dates",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.organisation} ({self.get_role_display()})"


class AdministrationMembership(models.Model):
    class Role(models.TextChoices):
        OFFICER = "officer", _("Municipal officer")
        STAFF = "staff", _("Municipal staff")

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="administration_memberships",
    )
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        AdministrationUnit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    position = models.CharField(_("position"), max_length=120, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = ActiveMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("administration membership")
        verbose_name_plural = _("administration memberships")
        ordering = ["administration", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "administration"], name="directory_adminmembership_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="directory_adminmembership_dates",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.administration} ({self.get_role_display()})"


class OrganisationImport(models.Model):
    """A CSV/XLSX file of CSOs uploaded by a coordinator: validated, previewed, applied whole."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        INVALID = "invalid", _("Has errors")
        READY = "ready", _("Ready to import")
        APPLYING = "applying", _("Being imported")
        APPLIED = "applied", _("Imported")
        FAILED = "failed", _("Could not be checked")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    # The uploaded file, kept (privately, under a random name) while a background job checks it.
    source_file = models.FileField(
        _("uploaded file"),
        storage=private_storage,
        upload_to=RandomName("directory/imports"),
        max_length=255,
        blank=True,
    )
    file_kind = models.CharField(_("file type"), max_length=4, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows = models.JSONField(_("rows"), default=list)
    errors = models.JSONField(_("errors"), default=list)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("organisations created"), default=0)

    class Meta:
        verbose_name = _("organisation import")
        verbose_name_plural = _("organisation imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)


class OrganisationImportJob(BackgroundJob):
    """Checking or applying a large import in the background (``core.jobs``), with progress."""

    class Kind(models.TextChoices):
        CHECK = "check", _("Check")
        APPLY = "apply", _("Import")

    organisation_import = models.ForeignKey(
        OrganisationImport,
        verbose_name=_("organisation import"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)

    files_prefix = "directory/import-jobs"

    class Meta(BackgroundJob.Meta):
        verbose_name = _("organisation import job")
        verbose_name_plural = _("organisation import jobs")

    def __str__(self):
        return f"{self.organisation_import} — {self.get_kind_display()}"
