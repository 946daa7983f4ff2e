"""Who may do what with CSO websites."""

from partnerstvo.core.permissions import Policy, register
from partnerstvo.directory.roles import roles_of

from .models import ContactMessage, CsoWebsite

EDITING_ROLES = ("admin", "editor")


@register(CsoWebsite)
class CsoWebsitePolicy(Policy):
    """A site's settings: its CSO's admins and editors; coordinators turn sites on and off."""

    def can_view(self, user, obj):
        roles = roles_of(user)
        if roles.reads_everything:
            return True
        if obj is None:
            return bool(roles.orgs_with(*EDITING_ROLES))
        return roles.org_role(obj.organisation_id) in EDITING_ROLES

    def can_change(self, user, obj):
        roles = roles_of(user)
        if roles.is_coordinator:
            return True
        if obj is None:
            return bool(roles.orgs_with(*EDITING_ROLES))
        return roles.org_role(obj.organisation_id) in EDITING_ROLES

    def can_add(self, user, obj):
        return roles_of(user).is_coordinator

    can_delete = can_add

    def scope_view(self, user, queryset):
        roles = roles_of(user)
        if roles.reads_everything:
            return queryset
        return queryset.filter(organisation_id__in=roles.orgs_with(*EDITING_ROLES))

    def scope_change(self, user, queryset):
        roles = roles_of(user)
        if roles.is_coordinator:
            return queryset
        return queryset.filter(organisation_id__in=roles.orgs_with(*EDITING_ROLES))


@register(ContactMessage)
class ContactMessagePolicy(Policy):
    """A CSO's inbox is its own: only its admins and editors read and manage it (not even the
    platform's coordinators, who have no business reading citizens' letters to a CSO)."""

    def _allowed(self, user, obj):
        roles = roles_of(user)
        if roles.superuser:
            return True
        if obj is None:
            return bool(roles.orgs_with(*EDITING_ROLES))
        return roles.org_role(obj.website.organisation_id) in EDITING_ROLES

    can_view = _allowed
    can_change = _allowed
    can_delete = _allowed

    def scope_view(self, user, queryset):
        roles = roles_of(user)
        if roles.superuser:
            return queryset
        return queryset.filter(website__organisation_id__in=roles.orgs_with(*EDITING_ROLES))

    scope_change = scope_view
