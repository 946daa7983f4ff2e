import re

import pytest
from django.core import mail

from conftest import PASSWORD
from partnerstvo.accounts.models import PlatformRole, User
from partnerstvo.accounts.services import platform_role_grant, platform_role_revoke, user_create
from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory.roles import roles_of


def test_log_in_with_email_case_insensitively_and_log_out(client, iskar_editor):
    response = client.post(
        "/accounts/login/", {"username": "REDAKTOR@iskar.example.bg", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    profile = client.get("/accounts/profile/")
    assert "Искър БГ" in profile.content.decode()
    assert "/admin/" in profile.content.decode()  # editors have the back office
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 302


def test_wrong_password_gets_a_clear_error(client, iskar_editor):
    response = client.post(
        "/accounts/login/", {"username": "redaktor@iskar.example.bg", "password": "wrong"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_logout_refuses_get(client, iskar_editor):
    client.force_login(iskar_editor)
    assert client.get("/accounts/logout/").status_code == 405


def test_forged_login_post_without_csrf_token_is_refused(iskar_editor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/accounts/login/", {"username": "redaktor@iskar.example.bg", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_password_reset_by_email(client, iskar_editor):
    response = client.post("/accounts/password/reset/", {"email": "redaktor@iskar.example.bg"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["redaktor@iskar.example.bg"]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {
            "new_password1": "Съвсем-нова-парола-2026",
            "new_password2": "Съвсем-нова-парола-2026",
        },
    )
    assert response.status_code == 302
    assert client.login(username="redaktor@iskar.example.bg", password="Съвсем-нова-парола-2026")


def test_password_reset_for_unknown_email_reveals_nothing(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.bg"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_every_user_is_a_person_in_the_directory(iskar_editor):
    assert iskar_editor.person.email == "redaktor@iskar.example.bg"
    assert iskar_editor.person.user == iskar_editor


def test_people_without_a_password_cannot_log_in(client, db):
    from partnerstvo.directory.services import person_create

    person = person_create(actor=SYSTEM, data={"first_name": "А", "last_name": "Б"})
    user = user_create(actor=SYSTEM, person=person, email="a@example.bg")
    assert not user.has_usable_password()
    assert not client.login(username="a@example.bg", password="")


def test_weak_passwords_are_refused(db):
    from django.core.exceptions import ValidationError

    from partnerstvo.directory.services import person_create

    person = person_create(actor=SYSTEM, data={"first_name": "А", "last_name": "Б"})
    with pytest.raises(ValidationError):
        user_create(actor=SYSTEM, person=person, email="b@example.bg", password="123")
    assert not User.objects.filter(email="b@example.bg").exists()


def test_platform_roles_are_granted_by_coordinators_and_audited(coordinator, iskar_editor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        platform_role_grant(actor=iskar_editor, user=iskar_editor, role="coordinator")
    platform_role_grant(actor=coordinator, user=iskar_editor, role="trainer")
    assert roles_of(iskar_editor).is_trainer
    assert AuditEntry.objects.filter(
        action="accounts.platform_role.granted", actor=coordinator
    ).exists()
    platform_role_revoke(actor=coordinator, user=iskar_editor, role="trainer")
    assert not PlatformRole.objects.filter(user=iskar_editor).exists()
    assert not roles_of(iskar_editor).is_trainer


def test_roles_cover_every_role_of_the_platform(
    coordinator, auditor, trainer, iskar_admin, iskar_editor, iskar_member, officer
):
    assert roles_of(coordinator).is_coordinator
    assert roles_of(auditor).is_auditor and not roles_of(auditor).is_coordinator
    assert roles_of(trainer).is_trainer
    iskar_id = iskar_admin.person.memberships.get().organisation_id
    assert roles_of(iskar_admin).org_role(iskar_id) == "admin"
    assert roles_of(iskar_editor).org_role(iskar_id) == "editor"
    assert roles_of(iskar_member).org_role(iskar_id) == "member"
    assert roles_of(officer).administrations
    back_office = {
        u.email: roles_of(u).back_office
        for u in (coordinator, auditor, trainer, iskar_admin, iskar_editor, iskar_member, officer)
    }
    assert back_office == {
        "koordinator@example.bg": True,
        "oditor@example.bg": True,
        "trener@example.bg": True,
        "admin@iskar.example.bg": True,
        "redaktor@iskar.example.bg": True,
        "chlen@iskar.example.bg": False,
        "sluzhitel@dm.example.bg": True,
    }


def test_roles_are_read_in_a_fixed_number_of_queries(iskar_editor, django_assert_num_queries):
    from partnerstvo.directory.roles import forget_roles

    forget_roles(iskar_editor)
    with django_assert_num_queries(3):
        roles_of(iskar_editor)
    with django_assert_num_queries(0):
        roles_of(iskar_editor)


def test_deleting_a_coordinator_removes_their_wagtail_rights_cleanly(coordinator):
    from django.contrib.auth.models import Group

    from partnerstvo.websites.services import COORDINATORS_GROUP

    group = Group.objects.get(name=COORDINATORS_GROUP)
    assert group.user_set.filter(pk=coordinator.pk).exists()
    person = coordinator.person
    coordinator.delete()
    assert not group.user_set.exists()
    assert not PlatformRole.objects.exists()
    person.refresh_from_db()  # the directory keeps the person
