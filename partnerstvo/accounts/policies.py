from partnerstvo.core.permissions import Policy, register
from partnerstvo.directory.roles import roles_of

from .models import PlatformRole, User


@register(User)
class UserPolicy(Policy):
    """Accounts: a person manages their own; coordinators manage all; auditors read all."""

    def can_view(self, user, obj):
        roles = roles_of(user)
        return roles.reads_everything or (obj is not None and obj.pk == user.pk)

    def can_change(self, user, obj):
        roles = roles_of(user)
        return roles.is_coordinator or (obj is not None and obj.pk == user.pk)

    def can_add(self, user, obj):
        return roles_of(user).is_coordinator

    def can_delete(self, user, obj):
        return roles_of(user).is_coordinator and (obj is None or obj.pk != user.pk)

    def scope_view(self, user, queryset):
        if roles_of(user).reads_everything:
            return queryset
        return queryset.filter(pk=user.pk) if user.is_authenticated else queryset.none()

    def scope_change(self, user, queryset):
        if roles_of(user).is_coordinator:
            return queryset
        return queryset.filter(pk=user.pk) if user.is_authenticated else queryset.none()


@register(PlatformRole)
class PlatformRolePolicy(Policy):
    def can_view(self, user, obj):
        return roles_of(user).reads_everything

    def can_add(self, user, obj):
        return roles_of(user).is_coordinator

    can_change = can_add
    can_delete = can_add

    def scope_view(self, user, queryset):
        return queryset if roles_of(user).reads_everything else queryset.none()
