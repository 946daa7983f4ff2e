from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from partnerstvo.directory.roles import roles_of

from .admin import WebsitesViewSetGroup
from .admin_views import FreshnessView
from .models import CsoWebsite


@hooks.register("register_admin_viewset")
def register_websites_viewsets():
    return WebsitesViewSetGroup()


@hooks.register("register_admin_urls")
def register_freshness_url():
    return [path("websites/freshness/", FreshnessView.as_view(), name="websites_freshness")]


class FreshnessMenuItem(MenuItem):
    def is_shown(self, request):
        roles = roles_of(request.user)
        return roles.reads_everything or bool(roles.orgs_with("admin", "editor"))


@hooks.register("register_admin_menu_item")
def register_freshness_menu_item():
    return FreshnessMenuItem(
        _("Website freshness"), reverse("websites_freshness"), icon_name="time", order=320
    )


@hooks.register("before_serve_page")
def offline_sites_answer_404(page, request, serve_args, serve_kwargs):
    """A site turned off is offline for visitors; nothing of it is deleted."""
    from .selectors import website_for_request

    website = website_for_request(request)
    if website is not None and not website.is_active:
        return TemplateResponse(request, "websites/offline.html", status=404)
    if (
        website is not None
        and website.languages == CsoWebsite.Language.BULGARIAN
        and get_language() != settings.LANGUAGE_CODE
    ):
        raise Http404  # a Bulgarian-only site has no English pages
    return None


def _editable_roots(user):
    """Root paths of the CSO sites this user edits; None means every page (coordinators)."""
    roles = roles_of(user)
    if roles.is_coordinator:
        return None
    return list(
        CsoWebsite.objects.filter(
            organisation_id__in=roles.orgs_with("admin", "editor")
        ).values_list("site__root_page__path", flat=True)
    )


def _restrict_to_own_sites(pages, request):
    roots = _editable_roots(request.user)
    if roots is None:
        return pages
    if not roots:
        return pages.none()
    from django.db.models import Q

    condition = Q()
    for root_path in roots:
        condition |= Q(path__startswith=root_path)
    return pages.filter(condition)


@hooks.register("construct_page_chooser_queryset")
def page_chooser_only_own_sites(pages, request):
    return _restrict_to_own_sites(pages, request)


@hooks.register("construct_explorer_page_queryset")
def explorer_only_own_sites(parent_page, pages, request):
    if parent_page.depth == 1 and _editable_roots(request.user) is not None:
        return _restrict_to_own_sites(pages, request)
    return pages
