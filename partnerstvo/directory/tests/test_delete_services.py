"""Delete services: who may delete, what the audit trail keeps, and nothing half-done when
refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from partnerstvo.accounts.models import User
from partnerstvo.core.models import AuditEntry
from partnerstvo.directory import services
from partnerstvo.directory.models import (
    AdministrationMembership,
    AdministrationUnit,
    Organisation,
    OrganisationMembership,
    Person,
)


def _audited(action: str, pk) -> AuditEntry:
    return AuditEntry.objects.get(action=action, object_id=str(pk))


@pytest.mark.django_db
def test_only_a_coordinator_deletes_a_cso_and_the_trail_keeps_what_it_was(
    iskar, iskar_admin, coordinator
):
    with pytest.raises(PermissionDenied):
        services.organisation_delete(actor=iskar_admin, organisation=iskar)
    assert Organisation.objects.filter(pk=iskar.pk).exists()
    assert not AuditEntry.objects.filter(action="directory.organisation.deleted").exists()

    pk = iskar.pk
    services.organisation_delete(actor=coordinator, organisation=iskar)
    assert not Organisation.objects.filter(pk=pk).exists()
    entry = _audited("directory.organisation.deleted", pk)
    assert entry.actor == coordinator
    assert entry.changes  # the record as it was


@pytest.mark.django_db
def test_a_person_with_an_account_is_kept_with_a_clear_message(iskar_member, coordinator):
    person = iskar_member.person
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.person_delete(actor=coordinator, person=person)
    assert "user account" in " ".join(refused.value.messages)
    assert Person.objects.filter(pk=person.pk).exists()
    assert not AuditEntry.objects.filter(action="directory.person.deleted").exists()


@pytest.mark.django_db
def test_a_person_is_deleted_by_a_coordinator_only(iskar, iskar_admin, coordinator):
    from partnerstvo.core.permissions import SYSTEM

    person = services.person_create(
        actor=SYSTEM, data={"first_name": "Иван", "last_name": "Петров", "email": "ivan@example.bg"}
    )
    services.organisation_membership_save(
        actor=SYSTEM,
        membership=OrganisationMembership(),
        data={"person": person, "organisation": iskar, "role": "member"},
    )
    with pytest.raises(PermissionDenied):
        services.person_delete(actor=iskar_admin, person=person)
    assert Person.objects.filter(pk=person.pk).exists()
    pk = person.pk
    services.person_delete(actor=coordinator, person=person)
    assert not Person.objects.filter(pk=pk).exists()
    assert _audited("directory.person.deleted", pk).actor == coordinator


@pytest.mark.django_db
def test_a_csos_admin_removes_its_members_but_not_another_csos(
    iskar, iskar_member, iskar_admin, go2000_editor
):
    from partnerstvo.directory.roles import roles_of

    membership = OrganisationMembership.objects.get(person=iskar_member.person, organisation=iskar)
    with pytest.raises(PermissionDenied):
        services.organisation_membership_delete(actor=go2000_editor, membership=membership)
    with pytest.raises(PermissionDenied):
        services.organisation_membership_delete(actor=iskar_member, membership=membership)
    assert roles_of(iskar_member).org_role(iskar.pk) == "member"

    pk = membership.pk
    services.organisation_membership_delete(actor=iskar_admin, membership=membership)
    assert not OrganisationMembership.objects.filter(pk=pk).exists()
    assert _audited("directory.membership.deleted", pk).actor == iskar_admin
    # The next request (a fresh user object) no longer finds the CSO role.
    assert roles_of(User.objects.get(pk=iskar_member.pk)).org_role(iskar.pk) is None


@pytest.mark.django_db
def test_staff_memberships_are_deleted_by_coordinators_only(officer, administration, coordinator):
    membership = AdministrationMembership.objects.get(
        person=officer.person, administration=administration
    )
    with pytest.raises(PermissionDenied):
        services.administration_membership_delete(actor=officer, membership=membership)
    pk = membership.pk
    services.administration_membership_delete(actor=coordinator, membership=membership)
    assert not AdministrationMembership.objects.filter(pk=pk).exists()
    assert _audited("directory.administration_membership.deleted", pk)


@pytest.mark.django_db
def test_an_officer_deletes_units_of_their_own_administration_only(
    officer, administration, other_administration, coordinator
):
    from partnerstvo.core.permissions import SYSTEM

    own = services.administration_unit_save(
        actor=SYSTEM, unit=AdministrationUnit(), data={"administration": administration,
                                                       "name": "Дирекция „Местно развитие“"}
    )  # fmt: skip
    other = services.administration_unit_save(
        actor=SYSTEM, unit=AdministrationUnit(), data={"administration": other_administration,
                                                       "name": "Дирекция „Култура“"}
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.administration_unit_delete(actor=officer, unit=other)
    assert AdministrationUnit.objects.filter(pk=other.pk).exists()
    pk = own.pk
    services.administration_unit_delete(actor=officer, unit=own)
    assert not AdministrationUnit.objects.filter(pk=pk).exists()
    assert _audited("directory.unit.deleted", pk).actor == officer
