"""Keep derived state in step with the records it comes from.

These are model signals rather than calls from the directory's services on purpose: the directory
must not know about websites (domain apps depend on the directory, never the other way round), and
group membership must follow every path that changes a membership or an account. It is derived
state, so it runs only when its sources change: a membership, a platform role, or the account's
active flag or person (a login, which saves ``last_login``, touches no group).
"""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from partnerstvo.accounts.models import PlatformRole, User
from partnerstvo.core.contributions import contributions_changed
from partnerstvo.directory.models import Organisation, OrganisationMembership

from .caching import purge_all_sites, purge_site
from .models import CsoWebsite


@receiver([post_save, post_delete], sender=OrganisationMembership)
def _membership_changed(sender, instance, **kwargs):
    from .services import organisation_editors_changed

    organisation_editors_changed(instance.organisation_id)


# What a user's groups depend on; the values loaded from the database are kept on the instance.
GROUP_SOURCES = ("is_active", "person_id")
LOADED_SOURCES = "_partnerstvo_group_sources"


def _group_sources(user) -> tuple:
    # __dict__, not getattr: reading a deferred field here would cost a query per loaded user.
    return tuple(user.__dict__.get(name) for name in GROUP_SOURCES)


@receiver(post_init, sender=User)
def _user_loaded(sender, instance, **kwargs):
    setattr(instance, LOADED_SOURCES, _group_sources(instance))


@receiver(post_save, sender=User)
def _user_saved(sender, instance, created, update_fields=None, **kwargs):
    from .services import organisation_editors_changed, platform_coordinators_sync

    if update_fields is not None and not {"is_active", "person", "person_id"} & set(update_fields):
        return  # e.g. last_login on every login, a rehashed password
    loaded = getattr(instance, LOADED_SOURCES, (None, None))
    current = _group_sources(instance)
    if not created and loaded == current:
        return
    setattr(instance, LOADED_SOURCES, current)
    person_ids = {loaded[1], current[1]} - {None}
    for organisation_id in set(
        OrganisationMembership.objects.filter(person_id__in=person_ids).values_list(
            "organisation_id", flat=True
        )
    ):
        organisation_editors_changed(organisation_id)
    platform_coordinators_sync(user=instance)


@receiver([post_save, post_delete], sender=PlatformRole)
def _platform_role_changed(sender, instance, **kwargs):
    from .services import platform_coordinators_sync

    platform_coordinators_sync(user=instance.user)


# --- The page cache is never wrong -----------------------------------------------------------
# Every change that can alter what an anonymous visitor of a site sees purges that site's cached
# pages (``caching.purge_site``: at once and again when the transaction commits). Signals rather
# than calls from services, because these changes also happen in Wagtail's own screens
# (publish, unpublish, move, delete, privacy, sites) and in other apps (the directory).


def _purge_site_of_page(page) -> None:
    if page is None or not page.depth or page.depth < 2:
        return
    try:
        site = page.get_site()
    except Site.DoesNotExist:
        # Wagtail's cached site root paths name a site that is gone (a database restored or
        # reset under a shared cache): purging every site is always right, and never blocks
        # the publish that sent this signal.
        purge_all_sites()
        return
    if site is not None:
        purge_site(site.pk)


def _page_changed(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        _purge_site_of_page(instance)


page_published.connect(_page_changed, dispatch_uid="websites-cache-published")
page_unpublished.connect(_page_changed, dispatch_uid="websites-cache-unpublished")


@receiver(post_delete, dispatch_uid="websites-cache-page-deleted")
def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        _purge_site_of_page(instance)


@receiver(post_page_move, dispatch_uid="websites-cache-page-moved")
def _page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    # Both sites: the one it left (its menus, its old URL) and the one it joined.
    _purge_site_of_page(parent_page_before)
    _purge_site_of_page(instance)


@receiver([post_save, post_delete], sender=PageViewRestriction, dispatch_uid="websites-cache-pvr")
def _page_privacy_changed(sender, instance, **kwargs):
    # A private page must stop being served from the cache at once (its descendants too: the
    # restriction covers them, and the whole site is purged).
    from wagtail.models import Page

    page = Page.objects.filter(pk=instance.page_id).first()
    _purge_site_of_page(page)


@receiver([post_save, post_delete], sender=Site, dispatch_uid="websites-cache-site")
def _site_changed(sender, instance, **kwargs):
    purge_site(instance.pk)


@receiver([post_save, post_delete], sender=CsoWebsite, dispatch_uid="websites-cache-website")
def _website_changed(sender, instance, **kwargs):
    purge_site(instance.site_id)


@receiver(post_save, sender=Organisation, dispatch_uid="websites-cache-organisation")
def _organisation_changed(sender, instance, **kwargs):
    # Its name, description, EIK and contacts are on every page of its site.
    for site_id in CsoWebsite.objects.filter(organisation_id=instance.pk).values_list(
        "site_id", flat=True
    ):
        purge_site(site_id)


@receiver(contributions_changed, dispatch_uid="websites-cache-contributions")
def _purge_on_contributions(sender, **kwargs) -> None:
    """The activities and partnerships sections show other apps' records: a change to any of
    them refreshes every site's cached pages."""
    purge_all_sites()
