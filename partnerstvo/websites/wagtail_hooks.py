"""What Wagtail imports from websites: the back-office screens of ``admin.py`` registered in its
admin, the offline and language check before a CSO page is served, and the hooks that keep
Wagtail's own screens within a user's reach (``isolation.py``)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page

from . import isolation
from .admin import FreshnessMenuItem, FreshnessView, WebsitesViewSetGroup
from .models import CsoWebsite


@hooks.register("register_admin_viewset")
def register_websites_viewsets():
    return WebsitesViewSetGroup()


@hooks.register("register_admin_urls")
def register_freshness_url():
    return [path("websites/freshness/", FreshnessView.as_view(), name="websites_freshness")]


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


# --- Tenant isolation in Wagtail's own screens (see isolation.py) ------------------------------


@hooks.register("construct_page_chooser_queryset")
def page_chooser_only_own_sites(pages, request):
    return isolation.pages_within_reach(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def explorer_only_own_sites(parent_page, pages, request):
    if parent_page.depth == 1:
        return isolation.pages_within_reach(request.user, pages)
    return pages


@hooks.register("before_move_page")
def move_only_within_reach(request, page_to_move, destination):
    """Wagtail's move confirmation names the page and its destination before it checks any
    right; a page or destination outside the user's sites is not there for them."""
    reachable = isolation.pages_within_reach(request.user, Page.objects.all())
    if reachable.filter(pk__in=[page_to_move.pk, destination.pk]).count() < 2:
        raise Http404
    if not page_to_move.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


# After Wagtail's own registrations (order 0), so these replace its endpoints and bulk actions.
@hooks.register("construct_admin_api", order=100)
def admin_api_only_within_reach(router):
    router.register_endpoint("images", isolation.ImagesWithinReachAPIViewSet)
    router.register_endpoint("documents", isolation.DocumentsWithinReachAPIViewSet)


for bulk_action in isolation.bulk_actions_within_reach():
    hooks.register("register_bulk_action", bulk_action, order=100)
