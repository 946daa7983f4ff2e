from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "partnerstvo.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from wagtail.models import Site
        from wagtail.signals import page_slug_changed, post_page_move

        from .absolute_urls import sites_changed

        # What the sites' root paths are made of: the sites, and the url_paths of their root
        # pages, which change when a page (an ancestor among them) moves or changes its slug.
        for signal in (post_save, post_delete):
            signal.connect(sites_changed, sender=Site, dispatch_uid="core-sites-changed")
        page_slug_changed.connect(sites_changed, dispatch_uid="core-sites-slug")
        post_page_move.connect(sites_changed, dispatch_uid="core-sites-move")
