"""The platform's own site: its home page is a Wagtail page, so coordinators edit its text."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from partnerstvo.core.absolute_urls import RequestOriginPageMixin


class PortalHomePage(RequestOriginPageMixin, Page):
    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "portal/portal_home_page.html"

    class Meta:
        verbose_name = _("portal home page")

    def get_context(self, request, *args, **kwargs):
        from partnerstvo.directory import selectors

        context = super().get_context(request, *args, **kwargs)
        context["municipality_counts"] = selectors.municipality_counts()
        context["latest_organisations"] = selectors.organisation_list(
            user=request.user, in_programme=True
        )[:6]
        from partnerstvo.websites.selectors import public_website_list

        websites = public_website_list()
        context["websites"] = websites[:12]
        context["website_count"] = websites.count()
        return context
