from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.documents import urls as wagtaildocs_urls

from partnerstvo.core import views as core_views
from partnerstvo.directory.sitemaps import MunicipalitySitemap, OrganisationSitemap
from partnerstvo.trainings.sitemaps import CourseSitemap, SessionSitemap
from partnerstvo.websites import views as websites_views

sitemaps = {
    "pages": WagtailSitemap,
    "municipalities": MunicipalitySitemap,
    "organisations": OrganisationSitemap,
    "courses": CourseSitemap,
    "sessions": SessionSitemap,
}

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
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("partnerstvo.api.urls")),
    path("api/", RedirectView.as_view(url="/api/v1/", permanent=False), name="api-docs"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("partnerstvo.accounts.urls")),
    path("", include("partnerstvo.directory.urls")),
    path("", include("partnerstvo.trainings.urls")),
    path("", include("partnerstvo.websites.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
