"""Back-office reports of website freshness: editors see their stale pages, coordinators see
every site."""

from django.core.paginator import Paginator
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from partnerstvo.directory.roles import roles_of

from . import selectors
from .admin import scoped_websites


class FreshnessView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Website freshness")
    header_icon = "time"
    template_name = "websites/admin/freshness.html"
    breadcrumbs_items = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": gettext_lazy("Home")},
        {"url": "", "label": gettext_lazy("Website freshness")},
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        websites = scoped_websites(user)
        if roles_of(user).reads_everything:
            overview = selectors.website_freshness(user=user)
            context["overview"] = Paginator(overview, 50).get_page(self.request.GET.get("page"))
        stale = []
        for website in websites.filter(
            organisation_id__in=roles_of(user).orgs_with("admin", "editor")
        )[:20]:
            stale.append((website, selectors.stale_pages(website=website)[:200]))
        context["own_sites"] = stale
        return context
