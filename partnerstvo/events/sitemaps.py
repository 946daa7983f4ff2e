"""Sitemap of the public event pages (published events only), listed in the portal's index."""

from django.contrib.sitemaps import Sitemap

from . import selectors


class EventSitemap(Sitemap):
    changefreq = "weekly"
    i18n = True
    alternates = True
    limit = 5000

    def items(self):
        return selectors.public_event_list().only("slug", "updated_at")

    def lastmod(self, obj):
        return obj.updated_at
