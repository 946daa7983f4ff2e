"""Wagtail groups follow memberships, platform roles and the account's active flag, only when one
of them changes (never on a login), and every join and leave is in the audit trail."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import PASSWORD, add_member
from partnerstvo.accounts.services import user_create
from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory import services as directory
from partnerstvo.directory.models import OrganisationMembership
from partnerstvo.websites.services import COORDINATORS_GROUP


def group_queries(queries) -> list[str]:
    return [query["sql"] for query in queries if "user_groups" in query["sql"]]


def entries(action, user):
    return AuditEntry.objects.filter(action=action, object_id=str(user.pk))


def test_logging_in_does_not_touch_the_groups(client, iskar_site, iskar_editor, coordinator):
    for user, url in ((iskar_editor, "/accounts/login/"), (coordinator, "/admin/login/")):
        client.logout()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302
        assert group_queries(queries.captured_queries) == []


def test_saving_a_user_without_a_change_of_access_does_not_touch_the_groups(
    iskar_site, iskar_editor
):
    iskar_editor.first_name = "Петя-Мария"
    with CaptureQueriesContext(connection) as queries:
        iskar_editor.save()
    assert group_queries(queries.captured_queries) == []


def test_a_membership_change_syncs_the_editors_group_and_is_audited(
    iskar_site, iskar_admin, iskar_member
):
    group = iskar_site.editors_group
    membership = OrganisationMembership.objects.get(person=iskar_member.person)
    directory.organisation_membership_save(
        actor=iskar_admin, membership=membership, data={"role": "editor"}
    )
    assert group.user_set.filter(pk=iskar_member.pk).exists()
    added = entries("websites.editors_group.user_added", iskar_member).get()
    assert added.data == {"group": group.name, "site": iskar_site.site.hostname}

    directory.organisation_membership_delete(actor=iskar_admin, membership=membership)
    assert not group.user_set.filter(pk=iskar_member.pk).exists()
    assert entries("websites.editors_group.user_removed", iskar_member).count() == 1
    assert entries("websites.editors_group.user_added", iskar_member).count() == 1


def test_deactivating_an_account_takes_it_out_of_the_groups(iskar_site, iskar_editor, coordinator):
    add_member(coordinator, iskar_site.organisation, "editor")
    for user in (iskar_editor, coordinator):
        user.is_active = False
        user.save()
        assert not user.groups.exists()
    assert entries("websites.editors_group.user_removed", iskar_editor).count() == 1
    removed = entries("websites.coordinators_group.user_removed", coordinator).get()
    assert removed.data == {"group": COORDINATORS_GROUP}


def test_a_new_login_of_an_editor_joins_the_editors_group(iskar_site):
    person = directory.person_create(
        actor=SYSTEM, data={"first_name": "Нова", "last_name": "Редакторка", "email": "n@iskar.bg"}
    )
    directory.organisation_membership_save(
        actor=SYSTEM,
        membership=OrganisationMembership(),
        data={"person": person, "organisation": iskar_site.organisation, "role": "editor"},
    )
    user = user_create(actor=SYSTEM, person=person, email="n@iskar.bg")
    assert iskar_site.editors_group.user_set.filter(pk=user.pk).exists()
    assert entries("websites.editors_group.user_added", user).count() == 1
