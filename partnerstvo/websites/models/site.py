"""A CSO's website: its Wagtail site, editors' group, collections and settings, and the inbox
of its contact page."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.absolute_urls import site_root_url

from ..validators import validate_primary_colour

# The dark scheme's page and raised-surface colours (cso-site.css, section "dark scheme").
DARK_BACKGROUND = "#14181d"
DARK_SURFACE = "#27303a"


class CsoWebsite(models.Model):
    """The website of one CSO: its Wagtail site, editors' group, collections and settings."""

    class Theme(models.TextChoices):
        ASSOCIATION = "association", _("Modern association: bold hero, rounded cards")
        COMMUNITY = "community", _("Community centre: warm, serif headings, framed photos")
        INSTITUTIONAL = "institutional", _("Institutional: plain, sober, light header")

    class Language(models.TextChoices):
        BULGARIAN = "bg", _("Bulgarian only")
        BILINGUAL = "bg+en", _("Bulgarian and English")

    organisation = models.OneToOneField(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="cso_website",
    )
    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="cso_website",
    )
    editors_group = models.OneToOneField(
        "auth.Group", verbose_name=_("editors"), on_delete=models.PROTECT, related_name="+"
    )
    image_collection = models.ForeignKey(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="+"
    )
    document_collection = models.ForeignKey(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("online"), default=True, db_index=True)
    custom_domain = models.CharField(
        _("own domain"),
        max_length=200,
        blank=True,
        help_text=_("For example www.iskar-bg.org; the platform address then redirects to it."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    header_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("header image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#0b4f8a",
        validators=[validate_primary_colour],
        help_text=_("Carries white text, so it must be dark enough (WCAG AA contrast 4.5:1)."),
    )
    theme = models.CharField(
        _("theme"),
        max_length=20,
        choices=Theme.choices,
        default=Theme.ASSOCIATION,
        help_text=_("The look of the site; each theme uses the logo, header image and colour."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_address = models.CharField(_("contact address"), max_length=255, blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    languages = models.CharField(
        _("languages"), max_length=5, choices=Language.choices, default=Language.BULGARIAN
    )
    stale_after_days = models.PositiveSmallIntegerField(
        _("pages are stale after (days)"), default=180
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("CSO website")
        verbose_name_plural = _("CSO websites")
        ordering = ["organisation__name"]

    def __str__(self):
        return str(self.organisation)

    @property
    def hostname(self) -> str:
        return self.site.hostname

    def get_root_url(self, request=None) -> str:
        """The site's home address, on the scheme and port the platform is served on."""
        return site_root_url(self.site, request)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        return [
            (label, url)
            for label, url in (
                ("Facebook", self.facebook_url),
                ("Instagram", self.instagram_url),
                ("YouTube", self.youtube_url),
                ("LinkedIn", self.linkedin_url),
            )
            if url
        ]

    @property
    def palette(self) -> dict[str, str]:
        """The site's colours as the design system's tokens: the primary colour (which carries
        white text, see ``validate_primary_colour``), a darker shade for hover and a light tint for
        backgrounds that carry dark text."""
        from ..validators import dark_scheme_tint, mix

        return {
            "brand": self.primary_colour,
            "brand_strong": mix(self.primary_colour, "#000000", 0.25),
            "brand_soft": mix(self.primary_colour, "#ffffff", 0.88),
            # The dark scheme (cso-site.css): a dark tint for backgrounds, and a light tint that
            # carries text (links, tags) on every dark background, that tint included, at 4.5:1.
            "dark_soft": mix(self.primary_colour, DARK_BACKGROUND, 0.78),
            "dark_text": dark_scheme_tint(
                self.primary_colour,
                backgrounds=(DARK_SURFACE, mix(self.primary_colour, DARK_BACKGROUND, 0.78)),
            ),
        }

    @property
    def stale_before(self) -> datetime.datetime:
        return timezone.now() - datetime.timedelta(days=self.stale_after_days)


class ContactMessage(models.Model):
    """A message sent through a CSO's contact page: kept in its inbox and e-mailed to it."""

    website = models.ForeignKey(
        CsoWebsite, verbose_name=_("website"), on_delete=models.CASCADE, related_name="messages"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    is_read = models.BooleanField(_("read"), default=False)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["website", "-created_at"])]

    def __str__(self):
        return f"{self.subject} — {self.name}"


# --- Pages -------------------------------------------------------------------------------------
