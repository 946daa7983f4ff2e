from partnerstvo.core.permissions import ALL, Policy, only_if, register, within
from partnerstvo.directory.roles import roles_of

from .models import PlatformRole, User


def _own(user):
    return within("pk", [user.pk] if getattr(user, "is_authenticated", False) else [])


@register(User)
class UserPolicy(Policy):
    """Accounts: a person manages their own; coordinators manage all; auditors read all. The
    accounts screens of the back office are for coordinators and auditors."""

    def rule_view(self, user):
        return ALL if roles_of(user).reads_everything else _own(user)

    def any_view(self, user):
        return roles_of(user).reads_everything

    def rule_change(self, user):
        return ALL if roles_of(user).is_coordinator else _own(user)

    def any_change(self, user):
        return roles_of(user).is_coordinator

    def rule_add(self, user):
        return only_if(roles_of(user).is_coordinator)

    def rule_delete(self, user):
        """Coordinators delete accounts, never their own."""
        if not roles_of(user).is_coordinator:
            return only_if(False)
        return ~_own(user) if user.pk else ALL


@register(PlatformRole)
class PlatformRolePolicy(Policy):
    def rule_view(self, user):
        return only_if(roles_of(user).reads_everything)

    def rule_add(self, user):
        return only_if(roles_of(user).is_coordinator)

    rule_change = rule_add
    rule_delete = rule_add
