from django.contrib.sitemaps import Sitemap

from .models import Municipality, Organisation


class MunicipalitySitemap(Sitemap):
    changefreq = "weekly"
    i18n = True
    alternates = True

    def items(self):
        return Municipality.objects.only("slug").order_by("pk")


class OrganisationSitemap(Sitemap):
    changefreq = "weekly"
    i18n = True
    alternates = True

    def items(self):
        return Organisation.objects.filter(is_public=True).only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at
