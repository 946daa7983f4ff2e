"""Who may do what in the directory. See partnerstvo.core.permissions."""

from django.db.models import Q

from partnerstvo.core.permissions import Policy, register

from .models import (
    Administration,
    AdministrationMembership,
    AdministrationUnit,
    AreaOfWork,
    Municipality,
    Oblast,
    Organisation,
    OrganisationImport,
    OrganisationMembership,
    Person,
)
from .roles import roles_of

EDITING_ROLES = ("admin", "editor")


class ReferencePolicy(Policy):
    """Reference data: public to read, coordinators change it."""

    def can_view(self, user, obj):
        return True

    def can_add(self, user, obj):
        return roles_of(user).is_coordinator

    can_change = can_add
    can_delete = can_add

    def scope_view(self, user, queryset):
        return queryset

    def scope_change(self, user, queryset):
        return queryset if roles_of(user).is_coordinator else queryset.none()


register(Oblast)(type("OblastPolicy", (ReferencePolicy,), {}))
register(Municipality)(type("MunicipalityPolicy", (ReferencePolicy,), {}))
register(AreaOfWork)(type("AreaOfWorkPolicy", (ReferencePolicy,), {}))


@register(Organisation)
class OrganisationPolicy(Policy):
    """Public profile for everyone (when listed); private data for its members; changes by its
    admins and editors; creation and deletion by coordinators."""

    def can_view(self, user, obj):
        roles = roles_of(user)
        if obj is None or obj.is_public or roles.reads_everything:
            return True
        return roles.org_role(obj.pk) is not None

    def can_view_private(self, user, obj):
        roles = roles_of(user)
        if roles.reads_everything:
            return True
        if obj is None:
            return bool(roles.organisations)
        return roles.org_role(obj.pk) is not None

    def can_change(self, user, obj):
        roles = roles_of(user)
        if roles.is_coordinator:
            return True
        if obj is None:
            return bool(roles.orgs_with(*EDITING_ROLES))
        return roles.org_role(obj.pk) in EDITING_ROLES

    def can_add(self, user, obj):
        return roles_of(user).is_coordinator

    can_delete = can_add
    can_import = can_add

    def can_manage_members(self, user, obj):
        roles = roles_of(user)
        if roles.is_coordinator:
            return True
        if obj is None:
            return bool(roles.orgs_with("admin"))
        return roles.org_role(obj.pk) == "admin"

    def scope_view(self, user, queryset):
        roles = roles_of(user)
        if roles.reads_everything:
            return queryset
        return queryset.filter(Q(is_public=True) | Q(pk__in=list(roles.organisations)))

    def scope_view_private(self, user, queryset):
        roles = roles_of(user)
        if roles.reads_everything:
            return queryset
        return queryset.filter(pk__in=list(roles.organisations))

    def scope_change(self, user, queryset):
        roles = roles_of(user)
        if roles.is_coordinator:
            return queryset
        return queryset.filter(pk__in=roles.orgs_with(*EDITING_ROLES))


@register(OrganisationMembership)
class OrganisationMembershipPolicy(Policy):
    """Who is in a CSO is private: seen by its members, managed by its admins."""

    def can_view(self, user, obj):
        roles = roles_of(user)
        if roles.reads_everything:
            return True
        if obj is None:
            return bool(roles.organisations)
        return roles.org_role(obj.organisation_id) is not None

    def can_change(self, user, obj):
        roles = roles_of(user)
        if roles.is_coordinator:
            return True
        if obj is None:
            return bool(roles.orgs_with("admin"))
        return roles.org_role(obj.organisation_id) == "admin"

    can_add = can_change
    can_delete = can_change

    def scope_view(self, user, queryset):
        roles = roles_of(user)
        if roles.reads_everything:
            return queryset
        return queryset.filter(organisation_id__in=list(roles.organisations))

    def scope_change(self, user, queryset):
        roles = roles_of(user)
        if roles.is_coordinator:
            return queryset
        return queryset.filter(organisation_id__in=roles.orgs_with("admin"))


@register(Administration)
class AdministrationPolicy(Policy):
    """Administrations are public; their officers keep their details current."""

    def can_view(self, user, obj):
        return True

    def can_change(self, user, obj):
        roles = roles_of(user)
        if roles.is_coordinator:
            return True
        if obj is None:
            return bool(roles.administrations)
        return obj.pk in roles.administrations

    def can_add(self, user, obj):
        return roles_of(user).is_coordinator

    can_delete = can_add

    def scope_view(self, user, queryset):
        return queryset

    def scope_change(self, user, queryset):
        roles = roles_of(user)
        if roles.is_coordinator:
            return queryset
        return queryset.filter(pk__in=list(roles.administrations))


@register(AdministrationUnit)
class AdministrationUnitPolicy(Policy):
    def can_view(self, user, obj):
        return True

    def can_change(self, user, obj):
        roles = roles_of(user)
        if roles.is_coordinator:
            return True
        if obj is None:
            return bool(roles.administrations)
        return obj.administration_id in roles.administrations

    can_add = can_change
    can_delete = can_change

    def scope_view(self, user, queryset):
        return queryset

    def scope_change(self, user, queryset):
        roles = roles_of(user)
        if roles.is_coordinator:
            return queryset
        return queryset.filter(administration_id__in=list(roles.administrations))


@register(AdministrationMembership)
class AdministrationMembershipPolicy(Policy):
    """Staff lists are private to the administration's officers and the coordinators."""

    def can_view(self, user, obj):
        roles = roles_of(user)
        if roles.reads_everything:
            return True
        if obj is None:
            return bool(roles.administrations)
        return obj.administration_id in roles.administrations

    def can_change(self, user, obj):
        return roles_of(user).is_coordinator

    can_add = can_change
    can_delete = can_change

    def scope_view(self, user, queryset):
        roles = roles_of(user)
        if roles.reads_everything:
            return queryset
        return queryset.filter(administration_id__in=list(roles.administrations))

    def scope_change(self, user, queryset):
        return queryset if roles_of(user).is_coordinator else queryset.none()


def _people_seen_by(roles) -> Q:
    return (
        Q(pk=roles.person_id)
        | Q(memberships__organisation_id__in=roles.orgs_with(*EDITING_ROLES))
        | Q(administration_memberships__administration_id__in=list(roles.administrations))
    )


@register(Person)
class PersonPolicy(Policy):
    """Personal data: the person, the admins/editors of their CSOs, their administration's officers,
    coordinators and auditors see it; only the person and coordinators change it."""

    def can_view(self, user, obj):
        roles = roles_of(user)
        if roles.reads_everything:
            return True
        if not roles.authenticated:
            return False
        if obj is None:
            return bool(roles.orgs_with(*EDITING_ROLES) or roles.administrations)
        return Person.objects.filter(_people_seen_by(roles), pk=obj.pk).exists()

    def can_change(self, user, obj):
        roles = roles_of(user)
        if roles.is_coordinator:
            return True
        return obj is not None and roles.person_id is not None and obj.pk == roles.person_id

    def can_add(self, user, obj):
        return roles_of(user).is_coordinator

    can_delete = can_add

    def scope_view(self, user, queryset):
        roles = roles_of(user)
        if roles.reads_everything:
            return queryset
        if not roles.authenticated:
            return queryset.none()
        return queryset.filter(pk__in=Person.objects.filter(_people_seen_by(roles)).values("pk"))

    def scope_change(self, user, queryset):
        roles = roles_of(user)
        if roles.is_coordinator:
            return queryset
        return queryset.filter(pk=roles.person_id) if roles.person_id else queryset.none()


@register(OrganisationImport)
class OrganisationImportPolicy(Policy):
    def can_view(self, user, obj):
        return roles_of(user).is_coordinator

    can_add = can_view
    can_change = can_view

    def scope_view(self, user, queryset):
        return queryset if roles_of(user).is_coordinator else queryset.none()
