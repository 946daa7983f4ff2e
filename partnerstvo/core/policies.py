from partnerstvo.accounts.roles import roles_of

from .models import AuditEntry
from .permissions import Policy, register


@register(AuditEntry)
class AuditEntryPolicy(Policy):
    """The audit trail is read by coordinators and auditors, and changed by nobody."""

    def can_view(self, user, obj):
        return roles_of(user).reads_everything

    def scope_view(self, user, queryset):
        return queryset if roles_of(user).reads_everything else queryset.none()
