"""Who may do what in the directory. See partnerstvo.core.permissions."""

from django.db.models import Q

from partnerstvo.core.permissions import ALL, NONE, Policy, either, only_if, register, within

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

    def rule_view(self, user):
        return ALL

    def rule_change(self, user):
        return only_if(roles_of(user).is_coordinator)

    rule_add = rule_change
    rule_delete = rule_change


register(Oblast)(type("OblastPolicy", (ReferencePolicy,), {}))
register(Municipality)(type("MunicipalityPolicy", (ReferencePolicy,), {}))
register(AreaOfWork)(type("AreaOfWorkPolicy", (ReferencePolicy,), {}))


@register(Organisation)
class OrganisationPolicy(Policy):
    """Public profile for everyone (when listed); private data for its members; changes by its
    admins and editors; creation and deletion by coordinators."""

    def rule_view(self, user):
        roles = roles_of(user)
        if roles.reads_everything:
            return ALL
        return either(Q(is_public=True), within("pk", roles.organisations))

    def rule_view_private(self, user):
        roles = roles_of(user)
        return ALL if roles.reads_everything else within("pk", roles.organisations)

    def rule_change(self, user):
        roles = roles_of(user)
        return ALL if roles.is_coordinator else within("pk", roles.orgs_with(*EDITING_ROLES))

    def rule_add(self, user):
        return only_if(roles_of(user).is_coordinator)

    rule_delete = rule_add
    rule_import = rule_add

    def rule_manage_members(self, user):
        roles = roles_of(user)
        return ALL if roles.is_coordinator else within("pk", roles.orgs_with("admin"))


@register(OrganisationMembership)
class OrganisationMembershipPolicy(Policy):
    """Who is in a CSO is private: seen by its members, managed by its admins."""

    def rule_view(self, user):
        roles = roles_of(user)
        return ALL if roles.reads_everything else within("organisation_id", roles.organisations)

    def rule_change(self, user):
        roles = roles_of(user)
        if roles.is_coordinator:
            return ALL
        return within("organisation_id", roles.orgs_with("admin"))

    rule_add = rule_change
    rule_delete = rule_change


@register(Administration)
class AdministrationPolicy(Policy):
    """Administrations are public; their officers keep their details current."""

    def rule_view(self, user):
        return ALL

    def rule_change(self, user):
        roles = roles_of(user)
        return ALL if roles.is_coordinator else within("pk", roles.administrations)

    def rule_add(self, user):
        return only_if(roles_of(user).is_coordinator)

    rule_delete = rule_add


@register(AdministrationUnit)
class AdministrationUnitPolicy(Policy):
    def rule_view(self, user):
        return ALL

    def rule_change(self, user):
        roles = roles_of(user)
        return ALL if roles.is_coordinator else within("administration_id", roles.administrations)

    rule_add = rule_change
    rule_delete = rule_change


@register(AdministrationMembership)
class AdministrationMembershipPolicy(Policy):
    """Staff lists are private to the administration's officers and the coordinators."""

    def rule_view(self, user):
        roles = roles_of(user)
        if roles.reads_everything:
            return ALL
        return within("administration_id", roles.administrations)

    def rule_change(self, user):
        return only_if(roles_of(user).is_coordinator)

    rule_add = rule_change
    rule_delete = rule_change


@register(Person)
class PersonPolicy(Policy):
    """Personal data: the person, the admins/editors of their CSOs, their administration's officers,
    coordinators and auditors see it; only the person and coordinators change it. The people
    screens of the back office are for those who see others than themselves."""

    def rule_view(self, user):
        roles = roles_of(user)
        if roles.reads_everything:
            return ALL
        if not roles.authenticated:
            return NONE
        seen = either(
            within("memberships__organisation_id", roles.orgs_with(*EDITING_ROLES)),
            within("administration_memberships__administration_id", roles.administrations),
        )
        oneself = within("pk", [roles.person_id] if roles.person_id else [])
        if seen is NONE:
            return oneself
        # Through memberships a person may match several times: ask by id, once each.
        return either(within("pk", Person.objects.filter(seen).values("pk")), oneself)

    def any_view(self, user):
        roles = roles_of(user)
        return bool(
            roles.reads_everything or roles.orgs_with(*EDITING_ROLES) or roles.administrations
        )

    def rule_change(self, user):
        roles = roles_of(user)
        if roles.is_coordinator:
            return ALL
        return within("pk", [roles.person_id] if roles.person_id else [])

    def any_change(self, user):
        return roles_of(user).is_coordinator

    def rule_add(self, user):
        return only_if(roles_of(user).is_coordinator)

    rule_delete = rule_add


@register(OrganisationImport)
class OrganisationImportPolicy(Policy):
    def rule_view(self, user):
        return only_if(roles_of(user).is_coordinator)

    rule_add = rule_view
    rule_change = rule_view
