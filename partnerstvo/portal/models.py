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
        from django.utils import timezone

        from partnerstvo.directory import selectors
        from partnerstvo.trainings.selectors import calendar_sessions
        from partnerstvo.websites.selectors import latest_public_news, public_website_list

        context = super().get_context(request, *args, **kwargs)
        context["municipality_counts"] = selectors.municipality_counts()
        context["organisation_count"] = selectors.organisation_list(
            user=request.user, in_programme=True
        ).count()
        context["programme_oblasts"] = selectors.programme_oblasts()
        context["coming_sessions"] = calendar_sessions(user=request.user, since=timezone.now())[:4]
        context["latest_news"] = latest_public_news(limit=3)
        websites = public_website_list()
        context["websites"] = websites[:12]
        context["website_count"] = websites.count()
        return context
