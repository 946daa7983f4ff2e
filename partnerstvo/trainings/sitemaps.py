"""Sitemaps of the public course and session pages, listed in the portal's sitemap index."""

from django.contrib.sitemaps import Sitemap

from . import selectors


class CourseSitemap(Sitemap):
    changefreq = "weekly"
    i18n = True
    alternates = True

    def items(self):
        return selectors.public_course_list().only("slug", "updated_at")

    def lastmod(self, obj):
        return obj.updated_at


class SessionSitemap(Sitemap):
    changefreq = "weekly"
    i18n = True
    alternates = True

    def items(self):
        return selectors.public_session_list().only("pk")
