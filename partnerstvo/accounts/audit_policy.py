"""Who reads the audit trail: a question of platform roles, so it is answered here, not in core."""

from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import Policy, only_if, register
from partnerstvo.directory.roles import roles_of


@register(AuditEntry)
class AuditEntryPolicy(Policy):
    """The audit trail is read by coordinators and auditors, and changed by nobody."""

    def rule_view(self, user):
        return only_if(roles_of(user).reads_everything)
