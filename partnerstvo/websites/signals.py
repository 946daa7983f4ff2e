"""Keep derived state in step with the records it comes from.

These are model signals rather than calls from the directory's services on purpose: the directory
must not know about websites (domain apps depend on the directory, never the other way round), and
group membership must follow every path that changes a membership or an account. It is derived
state, so it runs only when its sources change: a membership, a platform role, or the account's
active flag or person (a login, which saves ``last_login``, touches no group).
"""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from partnerstvo.accounts.models import PlatformRole, User
from partnerstvo.directory.models import OrganisationMembership

from .caching import invalidate_site


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


def _invalidate_page_site(instance, **kwargs):
    from wagtail.models import Page

    page = instance if isinstance(instance, Page) else None
    if page is None:
        return
    site = page.get_site()
    if site is not None:
        invalidate_site(site.pk)


page_published.connect(_invalidate_page_site, dispatch_uid="websites-published")
page_unpublished.connect(_invalidate_page_site, dispatch_uid="websites-unpublished")


@receiver(post_delete, dispatch_uid="websites-page-deleted")
def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.depth and instance.depth > 1:
        _invalidate_page_site(instance)
