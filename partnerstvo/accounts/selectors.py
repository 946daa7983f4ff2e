from partnerstvo.directory.models import AdministrationMembership, OrganisationMembership
from partnerstvo.directory.roles import roles_of


def user_profile(*, user) -> dict:
    """What a person sees about themselves: roles across the platform and memberships."""
    roles = roles_of(user)
    organisation_memberships = administration_memberships = []
    if user.person_id:
        organisation_memberships = (
            OrganisationMembership.objects.filter(person_id=user.person_id)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        administration_memberships = (
            AdministrationMembership.objects.filter(person_id=user.person_id)
            .select_related("administration", "unit")
            .order_by("administration__name")
        )
    return {
        "roles": roles,
        "platform_roles": user.platform_roles.all(),
        "organisation_memberships": organisation_memberships,
        "administration_memberships": administration_memberships,
    }
