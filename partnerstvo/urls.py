import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views import defaults
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.documents import urls as wagtaildocs_urls

from partnerstvo.api.errors import json_under_api
from partnerstvo.core import views as core_views
from partnerstvo.directory.sitemaps import MunicipalitySitemap, OrganisationSitemap
from partnerstvo.events.sitemaps import EventSitemap
from partnerstvo.practices.sitemaps import PracticeSitemap
from partnerstvo.trainings.sitemaps import CourseSitemap, SessionSitemap
from partnerstvo.websites import isolation as websites_isolation
from partnerstvo.websites import views as websites_views

sitemaps = {
    "pages": WagtailSitemap,
    "municipalities": MunicipalitySitemap,
    "organisations": OrganisationSitemap,
    "courses": CourseSitemap,
    "sessions": SessionSitemap,
    "events": EventSitemap,
    "practices": PracticeSitemap,
}

# Errors Django answers itself (before a view, or outside one): JSON under /api/, elsewhere our
# pages in the base layout (core.views renders 400 and 500 with the request, unlike Django's own).
handler400 = json_under_api(core_views.bad_request, status=400)
handler404 = json_under_api(defaults.page_not_found, status=404)
handler500 = json_under_api(core_views.server_error, status=500)

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots-txt"),
    # Per host: a CSO site's sitemap lists its own pages; the portal's lists portal and directory.
    path("sitemap.xml", websites_views.sitemap_index, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        websites_views.sitemap_section,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # Wagtail screens narrowed to what the user may reach, in front of Wagtail's own.
    path("admin/", include(websites_isolation.admin_urlpatterns())),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("partnerstvo.api.urls")),
    path("api/", RedirectView.as_view(url="/api/v1/", permanent=False), name="api-docs"),
]

# Public media only, and only where settings say no web server serves it (dev and demo).
urlpatterns.append(
    re_path(
        rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
        core_views.public_media,
        name="public-media",
    )
)

urlpatterns += i18n_patterns(
    path("accounts/notifications/", include("partnerstvo.notifications.urls")),
    path("accounts/", include("partnerstvo.accounts.urls")),
    path("", include("partnerstvo.directory.urls")),
    path("", include("partnerstvo.trainings.urls")),
    path("events/", include("partnerstvo.events.urls")),
    path("", include("partnerstvo.practices.urls")),
    path("", include("partnerstvo.consultations.urls")),
    path("partnerships/", include("partnerstvo.partnerships.urls")),
    path("analyses/", include("partnerstvo.analyses.urls")),
    path("assessments/", include("partnerstvo.assessments.urls")),
    path("strategies/", include("partnerstvo.strategies.urls")),
    path("", include("partnerstvo.websites.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
