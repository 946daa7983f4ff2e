from partnerstvo.accounts.roles import roles_of

from .models import AuditEntry
from .permissions import Policy, only_if, register


@register(AuditEntry)
class AuditEntryPolicy(Policy):
    """The audit trail is read by coordinators and auditors, and changed by nobody."""

    def rule_view(self, user):
        return only_if(roles_of(user).reads_everything)
