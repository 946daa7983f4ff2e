"""Writes of CSO websites: turning sites on and off, their settings, editors and inbox."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from partnerstvo.accounts.models import User
from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.middleware import forget_site_hostname
from partnerstvo.core.permissions import SYSTEM, require
from partnerstvo.core.services import save_audited, stored_version
from partnerstvo.directory.models import Organisation, OrganisationMembership

from .caching import invalidate_site
from .middleware import forget_own_domain
from .models import (
    ActivitiesPage,
    ContactMessage,
    ContactPage,
    CsoHomePage,
    CsoWebsite,
    DocumentsPage,
    NewsIndexPage,
    PartnershipsPage,
    ProjectIndexPage,
)

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
IMAGE_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
)
DOCUMENT_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
)
EDITING_ROLES = (OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.EDITOR)

# The standard sections of every new site: (model, slug, Bulgarian title).
SECTIONS = [
    (NewsIndexPage, "novini", "Новини"),
    (ProjectIndexPage, "proekti", "Проекти"),
    (PartnershipsPage, "partnyorstva", "Партньорства"),
    (ActivitiesPage, "deynosti", "Дейности"),
    (DocumentsPage, "dokumenti", "Документи"),
    (ContactPage, "kontakti", "Контакти"),
]


def platform_hostname(organisation: Organisation) -> str:
    return f"{organisation.slug}.{settings.PLATFORM_DOMAIN}"


@transaction.atomic
def website_enable(*, actor, organisation: Organisation) -> CsoWebsite:
    """Turn on the website of a CSO in one action. Coordinators only.

    Creates (the first time) the Wagtail site at ``<slug>.<PLATFORM_DOMAIN>``, its home page with
    the standard sections, the editors' group with rights on that tree only, and the site's image
    and document collections; adds the CSO's admins and editors to the group. Turning on a site that
    was
    turned off brings it back as it was.
    """
    require(actor, "add", CsoWebsite)
    existing = CsoWebsite.objects.filter(organisation=organisation).first()
    if existing is not None:
        if not existing.is_active:
            existing.is_active = True
            existing.save(update_fields=["is_active", "updated_at"])
            audit_log(actor=actor, action="websites.website.enabled", instance=existing)
            transaction.on_commit(lambda: invalidate_site(existing.site_id))
        return existing

    hostname = platform_hostname(organisation)
    if Site.objects.filter(hostname=hostname).exists():
        raise ValidationError(_("The address %(host)s is already taken.") % {"host": hostname})
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=CsoHomePage(
            title=organisation.display_short_name,
            slug=organisation.slug,
            intro=f"<p>{organisation.description}</p>" if organisation.description else "",
        )
    )
    # Published through revisions, as an editor would: so the pages have a history to edit from
    # and a "last updated" date from the first day.
    home.save_revision().publish()
    with override(settings.LANGUAGE_CODE):
        for model, slug, title in SECTIONS:
            section = home.add_child(instance=model(title=title, slug=slug, show_in_menus=True))
            section.save_revision().publish()
    site = Site.objects.create(
        hostname=hostname, port=80, root_page=home, site_name=organisation.display_short_name
    )
    parent_collection = Collection.get_first_root_node()
    collection = parent_collection.add_child(name=organisation.name[:255])
    images = collection.add_child(name=_("Images")[:255])
    documents = collection.add_child(name=_("Documents")[:255])
    group = Group.objects.create(name=f"{organisation.slug} — {_('website editors')}"[:150])
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    for target, codes in ((images, IMAGE_PERMISSIONS), (documents, DOCUMENT_PERMISSIONS)):
        for app_label, codename in codes:
            GroupCollectionPermission.objects.create(
                group=group,
                collection=target,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
    website = CsoWebsite.objects.create(
        organisation=organisation,
        site=site,
        editors_group=group,
        image_collection=images,
        document_collection=documents,
        contact_email=organisation.email,
        contact_phone=organisation.phone,
        contact_address=organisation.address,
    )
    website_sync_editors(website=website)
    audit_log(
        actor=actor, action="websites.website.created", instance=website, after=snapshot(website)
    )
    return website


@transaction.atomic
def website_disable(*, actor, website: CsoWebsite) -> CsoWebsite:
    """Take a site offline without deleting anything. Coordinators only."""
    require(actor, "delete", website)
    if website.is_active:
        website.is_active = False
        website.save(update_fields=["is_active", "updated_at"])
        audit_log(actor=actor, action="websites.website.disabled", instance=website)
        transaction.on_commit(lambda: invalidate_site(website.site_id))
    return website


@transaction.atomic
def website_update(*, actor, website: CsoWebsite, data: dict) -> CsoWebsite:
    """Change a site's settings. Its CSO's admins and editors, and coordinators; only coordinators
    set an own domain or turn the site on and off."""
    stored = stored_version(website)
    require(actor, "change", stored)
    from partnerstvo.directory.roles import roles_of

    if not roles_of(actor).is_coordinator:
        for field in ("custom_domain", "is_active"):
            if field in data and data[field] != getattr(stored, field):
                raise ValidationError({field: _("Only a platform coordinator may change this.")})
    for field in ("logo", "header_image"):
        image = data.get(field)
        if image is not None and image.collection_id != stored.image_collection_id:
            raise ValidationError({field: _("Choose an image of this website.")})
    website = save_audited(
        instance=website, data=data, actor=actor, action="websites.website.changed"
    )
    if "custom_domain" in data and data["custom_domain"] != stored.custom_domain:
        site = website.site
        site.hostname = data["custom_domain"] or platform_hostname(website.organisation)
        site.save(update_fields=["hostname"])
        forget_site_hostname(site.hostname)
        forget_own_domain(website.organisation.slug)
    transaction.on_commit(lambda: invalidate_site(website.site_id))
    return website


def website_sync_editors(*, website: CsoWebsite) -> None:
    """Make the site's editors' group exactly the CSO's current admins and editors with logins."""
    wanted = set(
        User.objects.filter(
            is_active=True,
            person__memberships__organisation=website.organisation,
            person__memberships__role__in=EDITING_ROLES,
            person__memberships__in=OrganisationMembership.objects.active(),
        ).values_list("pk", flat=True)
    )
    group = website.editors_group
    current = set(group.user_set.values_list("pk", flat=True))
    joining, leaving = wanted - current, current - wanted
    if joining:
        group.user_set.add(*joining)
    if leaving:
        group.user_set.remove(*leaving)
    if not (joining or leaving):
        return
    data = {"group": group.name, "site": website.site.hostname}
    for user in User.objects.filter(pk__in=joining | leaving).order_by("pk"):
        action = "user_added" if user.pk in joining else "user_removed"
        audit_log(actor=SYSTEM, action=f"websites.editors_group.{action}", instance=user, data=data)


def organisation_editors_changed(organisation_id: int) -> None:
    website = (
        CsoWebsite.objects.filter(organisation_id=organisation_id)
        .select_related("editors_group", "organisation", "site")
        .first()
    )
    if website is not None:
        website_sync_editors(website=website)


# --- Contact ---------------------------------------------------------------------------------


@transaction.atomic
def contact_message_create(*, website: CsoWebsite, data: dict) -> ContactMessage:
    """Keep a visitor's message in the CSO's inbox and e-mail it to the CSO (after commit).

    Called by the public contact page; the visitor is anonymous, so there is no permission check
    beyond the site being online. Text is stored as typed and always shown escaped.
    """
    if not website.is_active:
        raise ValidationError(_("This website is offline."))
    message = ContactMessage(website=website, **data)
    message.full_clean()
    message.save()
    recipient = website.contact_email or website.organisation.email
    if recipient:
        subject = _("Message from your website: %(subject)s") % {"subject": message.subject}
        body = _("%(name)s <%(email)s> wrote through %(site)s:\n\n%(message)s") % {
            "name": message.name,
            "email": message.email,
            "site": website.hostname,
            "message": message.message,
        }
        transaction.on_commit(lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False
        ))  # fmt: skip
    return message


@transaction.atomic
def contact_message_mark_read(*, actor, message: ContactMessage) -> ContactMessage:
    require(actor, "change", message)
    if not message.is_read:
        message.is_read = True
        message.save(update_fields=["is_read"])
    return message


@transaction.atomic
def contact_message_delete(*, actor, message: ContactMessage) -> None:
    require(actor, "delete", message)
    audit_log(
        actor=actor,
        action="websites.contact_message.deleted",
        instance=message,
        before=snapshot(message, fields=["subject", "name", "email"]),
    )
    message.delete()


# --- Platform coordinators in Wagtail ----------------------------------------------------------

COORDINATORS_GROUP = "Platform coordinators"


def coordinators_group() -> Group:
    """The Wagtail group that gives coordinators every right on every site's pages, images and
    documents (Wagtail checks page and collection rights through groups)."""
    group, created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    if created:
        root = Page.get_first_root_node()
        for codename in (
            "add_page",
            "change_page",
            "publish_page",
            "bulk_delete_page",
            "lock_page",
            "unlock_page",
        ):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        collection = Collection.get_first_root_node()
        for app_label, codename in IMAGE_PERMISSIONS + DOCUMENT_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
    return group


def platform_coordinators_sync(*, user: User) -> None:
    """Put the user in the coordinators' Wagtail group exactly while they are a coordinator."""
    if user.is_active and user.platform_roles.filter(role="coordinator").exists():
        group = coordinators_group()
        if not group.user_set.filter(pk=user.pk).exists():
            group.user_set.add(user)
            audit_log(
                actor=SYSTEM,
                action="websites.coordinators_group.user_added",
                instance=user,
                data={"group": group.name},
            )
    else:
        group = Group.objects.filter(name=COORDINATORS_GROUP, user=user).first()
        if group is not None:
            group.user_set.remove(user)
            audit_log(
                actor=SYSTEM,
                action="websites.coordinators_group.user_removed",
                instance=user,
                data={"group": group.name},
            )
