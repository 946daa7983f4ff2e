"""The sitemap of the published practices' pages, listed in the portal's sitemap index."""

from django.contrib.sitemaps import Sitemap

from .models import PUBLISHED, Practice


class PracticeSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True
    alternates = True

    def items(self):
        return Practice.objects.filter(PUBLISHED).only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at
