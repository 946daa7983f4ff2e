"""Who may do what with CSO websites."""

from partnerstvo.core.permissions import ALL, Policy, only_if, register, within
from partnerstvo.directory.roles import roles_of

from .models import ContactMessage, CsoWebsite

EDITING_ROLES = ("admin", "editor")


@register(CsoWebsite)
class CsoWebsitePolicy(Policy):
    """A site's settings: its CSO's admins and editors; coordinators turn sites on and off."""

    def rule_view(self, user):
        roles = roles_of(user)
        if roles.reads_everything:
            return ALL
        return within("organisation_id", roles.orgs_with(*EDITING_ROLES))

    def rule_change(self, user):
        roles = roles_of(user)
        if roles.is_coordinator:
            return ALL
        return within("organisation_id", roles.orgs_with(*EDITING_ROLES))

    def rule_add(self, user):
        return only_if(roles_of(user).is_coordinator)

    rule_delete = rule_add


@register(ContactMessage)
class ContactMessagePolicy(Policy):
    """A CSO's inbox is its own: only its admins and editors read and manage it (not even the
    platform's coordinators, who have no business reading citizens' letters to a CSO)."""

    def rule_view(self, user):
        roles = roles_of(user)
        if roles.superuser:
            return ALL
        return within("website__organisation_id", roles.orgs_with(*EDITING_ROLES))

    rule_change = rule_view
    rule_delete = rule_view
