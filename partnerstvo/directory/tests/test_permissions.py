"""Who may see and change what in the directory: every model of the directory, every role.

The central promise: an editor of one CSO can neither see the private records of another nor
change them — checked through the policy layer, Django's has_perm (what Wagtail asks), the back
office screens and the API."""

import pytest

from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import scope, user_can
from partnerstvo.directory.models import (
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


@pytest.fixture
def world(
    iskar,
    go2000,
    iskar_admin,
    iskar_editor,
    iskar_member,
    go2000_editor,
    officer,
    other_administration,
    coordinator,
    auditor,
    trainer,
):
    return {
        "iskar": iskar,
        "go2000": go2000,
        "iskar_membership": OrganisationMembership.objects.get(person=iskar_member.person),
        "go2000_membership": OrganisationMembership.objects.get(person=go2000_editor.person),
        "iskar_member_person": iskar_member.person,
        "go2000_editor_person": go2000_editor.person,
        "officer_membership": AdministrationMembership.objects.get(person=officer.person),
        "administration": Administration.objects.get(municipality__code="PVN10"),
        "other_administration": other_administration,
        "unit": AdministrationUnit.objects.get(administration__municipality__code="PVN10"),
    }


def test_editor_cannot_see_or_change_another_csos_private_records(world, go2000_editor):
    iskar = world["iskar"]
    assert user_can(go2000_editor, "view", iskar)  # the public profile
    assert not user_can(go2000_editor, "view_private", iskar)
    assert not user_can(go2000_editor, "change", iskar)
    assert not user_can(go2000_editor, "delete", iskar)
    assert not user_can(go2000_editor, "view", world["iskar_membership"])
    assert not user_can(go2000_editor, "change", world["iskar_membership"])
    assert not user_can(go2000_editor, "view", world["iskar_member_person"])
    assert not user_can(go2000_editor, "change", world["iskar_member_person"])
    # ... and the same through Django's has_perm, which Wagtail's admin asks
    assert not go2000_editor.has_perm("directory.change_organisation", iskar)
    assert go2000_editor.has_perm("directory.change_organisation", world["go2000"])
    # Scoped lists leave the other CSO's private records out.
    assert list(scope(go2000_editor, "change", Organisation.objects.all())) == [world["go2000"]]
    assert world["iskar_membership"] not in scope(
        go2000_editor, "view", OrganisationMembership.objects.all()
    )
    assert world["iskar_member_person"] not in scope(go2000_editor, "view", Person.objects.all())


def test_own_cso_roles(world, iskar_admin, iskar_editor, iskar_member):
    iskar = world["iskar"]
    membership = world["iskar_membership"]
    assert user_can(iskar_admin, "change", iskar) and user_can(iskar_admin, "change", membership)
    assert user_can(iskar_editor, "change", iskar)
    assert not user_can(iskar_editor, "change", membership)  # only admins manage members
    assert user_can(iskar_editor, "view", membership)
    assert user_can(iskar_member, "view_private", iskar)
    assert not user_can(iskar_member, "change", iskar)
    assert user_can(iskar_editor, "view", world["iskar_member_person"])
    assert not user_can(iskar_editor, "change", world["iskar_member_person"])
    assert user_can(iskar_member, "change", world["iskar_member_person"])  # their own record
    for user in (iskar_admin, iskar_editor, iskar_member):
        assert not user_can(user, "delete", iskar)
        assert not user_can(user, "add", Organisation)


def test_coordinator_may_do_everything_and_auditor_only_read(world, coordinator, auditor):
    records = [
        world["iskar"],
        world["iskar_membership"],
        world["iskar_member_person"],
        world["administration"],
        world["unit"],
        world["officer_membership"],
    ]
    for record in records:
        assert user_can(coordinator, "change", record), record
        assert user_can(auditor, "view", record), record
        assert not user_can(auditor, "change", record), record
        assert not user_can(auditor, "delete", record), record
    assert user_can(auditor, "view_private", world["iskar"])
    for model in (
        Organisation,
        Person,
        OrganisationMembership,
        Municipality,
        Administration,
        AdministrationUnit,
        AdministrationMembership,
        AreaOfWork,
        Oblast,
    ):
        assert not user_can(auditor, "add", model), model
        assert not auditor.has_perm(f"directory.add_{model._meta.model_name}")
        assert not auditor.has_perm(f"directory.change_{model._meta.model_name}")
    assert auditor.has_perm("wagtailadmin.access_admin")
    assert auditor.has_perm("wagtailimages.view_image")  # reads Wagtail's models too
    assert not auditor.has_perm("wagtailimages.add_image")


def test_officers_keep_their_administration_current(world, officer):
    assert user_can(officer, "change", world["administration"])
    assert not user_can(officer, "change", world["other_administration"])
    assert user_can(officer, "change", world["unit"])
    assert user_can(officer, "view", world["officer_membership"])
    assert not user_can(officer, "change", world["officer_membership"])
    assert not user_can(officer, "change", world["iskar"])
    assert not user_can(officer, "view_private", world["iskar"])


def test_reference_data_and_audit_are_coordinator_business(
    world, iskar_admin, officer, coordinator, auditor, trainer
):
    municipality = Municipality.objects.get(code="PVN10")
    entry = AuditEntry.objects.first()
    for user in (iskar_admin, officer, trainer):
        assert user_can(user, "view", municipality)
        assert not user_can(user, "change", municipality)
        assert not user_can(user, "change", Oblast.objects.first())
        assert not user_can(user, "view", entry)
        assert not user_can(user, "import", Organisation)
        assert not user_can(user, "view", OrganisationImport)
    assert user_can(coordinator, "change", municipality)
    assert user_can(coordinator, "view", entry) and user_can(auditor, "view", entry)
    assert not user_can(auditor, "change", entry) and not user_can(coordinator, "change", entry)
    assert user_can(coordinator, "import", Organisation)
    assert not user_can(auditor, "import", Organisation)


def test_anonymous_sees_only_public_profiles(world, client):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    go2000 = world["go2000"]
    go2000.is_public = False
    go2000.save()
    assert user_can(anonymous, "view", world["iskar"])
    assert not user_can(anonymous, "view", go2000)
    assert not user_can(anonymous, "view_private", world["iskar"])
    assert not user_can(anonymous, "view", world["iskar_membership"])
    assert not user_can(anonymous, "view", world["iskar_member_person"])
    assert list(scope(anonymous, "view", Organisation.objects.all())) == [world["iskar"]]
    assert client.get("/organisations/gorna-oryahovitsa-2000/").status_code == 404
    assert client.get("/api/v1/organisations/gorna-oryahovitsa-2000/").status_code == 404


def test_unlisted_cso_is_visible_to_its_own_members(world, go2000_editor, iskar_editor):
    go2000 = world["go2000"]
    go2000.is_public = False
    go2000.save()
    assert user_can(go2000_editor, "view", go2000)
    assert not user_can(iskar_editor, "view", go2000)


def test_inactive_users_may_do_nothing(world, iskar_editor):
    iskar_editor.is_active = False
    iskar_editor.save()
    assert not user_can(iskar_editor, "change", world["iskar"])
    assert not iskar_editor.has_perm("directory.change_organisation", world["iskar"])
    assert not iskar_editor.has_perm("wagtailadmin.access_admin")


def test_ended_memberships_grant_nothing(world, iskar_editor):
    import datetime

    membership = OrganisationMembership.objects.get(person=iskar_editor.person)
    membership.end_date = datetime.date(2025, 6, 30)
    membership.save()
    from partnerstvo.directory.roles import forget_roles

    forget_roles(iskar_editor)
    assert not user_can(iskar_editor, "change", world["iskar"])
    assert not iskar_editor.has_perm("wagtailadmin.access_admin")


def test_unknown_models_and_actions_are_refused(world, iskar_admin):
    assert not user_can(iskar_admin, "launch_rockets", world["iskar"])
    assert not user_can(iskar_admin, "view", object)


# --- The back office (Wagtail admin) ---------------------------------------------------------

ADMIN_SCREENS = [
    ("organisations", "iskar"),
    ("organisation_memberships", "iskar_membership"),
    ("people", "iskar_member_person"),
]


@pytest.mark.parametrize(("viewset", "record"), ADMIN_SCREENS)
def test_other_csos_records_cannot_be_opened_in_the_back_office(
    client, world, go2000_editor, viewset, record
):
    client.force_login(go2000_editor)
    pk = world[record].pk
    for view in ("edit", "delete", "inspect", "history", "usage"):
        response = client.get(f"/admin/{viewset}/{view}/{pk}/")
        assert response.status_code in (302, 403, 404), (view, response.status_code)
        if response.status_code == 302:
            assert "/admin/" in response["Location"] and f"/{pk}/" not in response["Location"]
    response = client.post(f"/admin/{viewset}/edit/{pk}/", {"name": "Хакнато"})
    assert response.status_code in (302, 403, 404)
    assert not Organisation.objects.filter(name="Хакнато").exists()


def test_back_office_list_shows_only_own_csos(client, world, go2000_editor):
    client.force_login(go2000_editor)
    response = client.get("/admin/organisations/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Горна Оряховица 2000" in body
    assert "Искър БГ" not in body


def test_editor_edits_own_cso_through_the_back_office(client, world, iskar_editor):
    iskar = world["iskar"]
    client.force_login(iskar_editor)
    edit_url = f"/admin/organisations/edit/{iskar.pk}/"
    page = client.get(edit_url)
    assert page.status_code == 200
    assert 'name="eik"' not in page.content.decode()  # coordinator-only, not offered
    data = {
        "name": iskar.name,
        "short_name": "Искър",
        "benefit": "public",
        "seat": iskar.seat_id,
        "municipalities": [iskar.seat_id],
        "description": "Обновено от редактора",
        "address": "",
        "email": "info@iskar.example.bg",
        "phone": "",
        "website": "",
    }
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    iskar.refresh_from_db()
    assert iskar.description == "Обновено от редактора"
    entry = AuditEntry.objects.filter(action="directory.organisation.changed").latest("id")
    assert entry.actor == iskar_editor
    assert entry.changes["description"][1] == "Обновено от редактора"


def test_forged_post_of_coordinator_fields_is_ignored(client, world, iskar_editor):
    iskar = world["iskar"]
    client.force_login(iskar_editor)
    data = {
        "name": iskar.name,
        "benefit": "public",
        "seat": iskar.seat_id,
        "in_programme": "",
        "is_public": "",
        "eik": "000000019",
        "slug": "hacked",
        "description": "x",
    }
    response = client.post(f"/admin/organisations/edit/{iskar.pk}/", data)
    assert response.status_code in (200, 302)
    iskar.refresh_from_db()
    assert iskar.in_programme and iskar.is_public and iskar.slug == "iskar-bg"


def test_members_and_anonymous_cannot_enter_the_back_office(client, world, iskar_member):
    assert client.get("/admin/").status_code == 302  # to the login
    client.force_login(iskar_member)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert client.get("/admin/organisations/").status_code in (302, 403)


def test_auditor_reads_but_cannot_change_in_the_back_office(client, world, auditor):
    client.force_login(auditor)
    iskar = world["iskar"]
    assert client.get("/admin/organisations/").status_code == 200
    assert client.get(f"/admin/organisations/inspect/{iskar.pk}/").status_code == 200
    assert client.get(f"/admin/organisations/edit/{iskar.pk}/").status_code in (302, 403)
    assert client.get("/admin/organisations/new/").status_code in (302, 403)
    assert client.get("/admin/audit/").status_code == 200
    response = client.post(f"/admin/organisations/delete/{iskar.pk}/")
    assert response.status_code in (302, 403)
    assert Organisation.objects.filter(pk=iskar.pk).exists()


def test_audit_trail_is_for_coordinators_and_auditors(client, world, coordinator, iskar_admin):
    client.force_login(iskar_admin)
    assert client.get("/admin/audit/").status_code in (302, 403)
    client.force_login(coordinator)
    response = client.get("/admin/audit/")
    assert response.status_code == 200
    assert "directory.organisation.created" in response.content.decode()
    entry = AuditEntry.objects.first()
    assert client.get(f"/admin/audit/inspect/{entry.pk}/").status_code == 200
    assert client.get(f"/admin/audit/edit/{entry.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/audit/delete/{entry.pk}/").status_code in (302, 403)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_membership_form_offers_only_own_organisations(client, world, iskar_admin):
    client.force_login(iskar_admin)
    response = client.get("/admin/organisation_memberships/new/")
    assert response.status_code == 200
    import re

    select = re.search(r'<select name="organisation".*?</select>', response.content.decode(), re.S)
    assert f'value="{world["iskar"].pk}"' in select.group(0)
    assert f'value="{world["go2000"].pk}"' not in select.group(0)
    # A forged post for another CSO is refused by the form (not a choice) and saves nothing.
    before = OrganisationMembership.objects.count()
    client.post(
        "/admin/organisation_memberships/new/",
        {
            "person": world["iskar_member_person"].pk,
            "organisation": world["go2000"].pk,
            "role": "admin",
        },
    )
    assert OrganisationMembership.objects.count() == before


def _png_bytes(size=(40, 40)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def _edit_data(iskar, **extra):
    data = {
        "name": iskar.name,
        "short_name": iskar.short_name,
        "benefit": "public",
        "seat": iskar.seat_id,
        "description": iskar.description,
        "email": iskar.email,
    }
    data.update(extra)
    return data


def test_logo_upload_accepts_images_and_refuses_fakes(client, world, iskar_editor, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    iskar = world["iskar"]
    client.force_login(iskar_editor)
    url = f"/admin/organisations/edit/{iskar.pk}/"
    fake = SimpleUploadedFile("logo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client.post(url, _edit_data(iskar, logo=fake, description="не трябва да остане"))
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    iskar.refresh_from_db()
    assert not iskar.logo
    assert iskar.description != "не трябва да остане"  # nothing half-saved

    settings.PARTNERSTVO_MAX_IMAGE_BYTES = 200
    big = SimpleUploadedFile("logo.png", _png_bytes((300, 300)), content_type="image/png")
    response = client.post(url, _edit_data(iskar, logo=big))
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]

    settings.PARTNERSTVO_MAX_IMAGE_BYTES = 2 * 1024 * 1024
    good = SimpleUploadedFile("logo.png", _png_bytes(), content_type="image/png")
    response = client.post(url, _edit_data(iskar, logo=good))
    assert response.status_code == 302
    iskar.refresh_from_db()
    assert iskar.logo.name.startswith("organisations/logos/")
    entry = AuditEntry.objects.filter(action="directory.organisation.changed").latest("id")
    assert entry.changes["logo"][0] in ("", None)


def test_coordinator_manages_users_in_the_back_office(client, world, coordinator, iskar_editor):
    client.force_login(coordinator)
    assert client.get("/admin/users/").status_code == 200
    assert client.get(f"/admin/users/edit/{iskar_editor.pk}/").status_code == 200
    client.force_login(iskar_editor)
    assert client.get("/admin/users/").status_code in (302, 403)


def test_every_model_of_the_foundation_refuses_another_csos_editor(
    world, go2000_editor, iskar_member, coordinator, reference_data
):
    """A guard for new models too: each model registered by core, accounts and directory must be
    listed here, with a record that belongs to someone else."""
    from partnerstvo.accounts.models import PlatformRole, User
    from partnerstvo.core.permissions import SYSTEM, registered_models
    from partnerstvo.directory import services

    area = services.area_of_work_save(actor=SYSTEM, area=AreaOfWork(), data={"name": "Екология"})
    organisation_import = OrganisationImport.objects.create(
        uploaded_by=coordinator, file_name="x.csv", status="ready", rows=[], errors=[]
    )
    public = {
        Oblast: Oblast.objects.first(),
        Municipality: Municipality.objects.first(),
        AreaOfWork: area,
        Organisation: world["iskar"],
        Administration: world["administration"],
        AdministrationUnit: world["unit"],
    }
    private = {
        OrganisationMembership: world["iskar_membership"],
        Person: world["iskar_member_person"],
        AdministrationMembership: world["officer_membership"],
        OrganisationImport: organisation_import,
        AuditEntry: AuditEntry.objects.first(),
        User: iskar_member,
        PlatformRole: PlatformRole.objects.get(user=coordinator),
    }
    foundation = {"core", "accounts", "directory"}
    registered = {m for m in registered_models() if m._meta.app_label in foundation}
    assert registered == set(public) | set(private), "list every foundation model here"
    for model, record in {**public, **private}.items():
        assert not user_can(go2000_editor, "change", record), model
        assert not user_can(go2000_editor, "delete", record), model
        assert not go2000_editor.has_perm(
            f"{model._meta.app_label}.change_{model._meta.model_name}", record
        ), model
    for model, record in private.items():
        assert not user_can(go2000_editor, "view", record), model
        assert record not in scope(go2000_editor, "view", model._default_manager.all()), model
    assert not user_can(go2000_editor, "view_private", world["iskar"])
