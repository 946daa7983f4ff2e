import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory import services
from partnerstvo.directory.models import Municipality, Oblast, Organisation, OrganisationMembership
from partnerstvo.directory.selectors import organisation_list

from .factories import organisation_data, valid_eik


def test_reference_data_loads_every_oblast_and_municipality(db):
    services.reference_data_load()
    assert Oblast.objects.count() == 28
    assert Municipality.objects.count() == 265
    gorna = Municipality.objects.get(code="VTR06")
    assert gorna.name == "Горна Оряховица"
    assert gorna.name_en == "Gorna Oryahovitsa"
    assert gorna.slug == "gorna-oryahovitsa"
    assert gorna.oblast.code == "VTR"
    # The one municipality without a code in the source keeps an empty code.
    assert Municipality.objects.get(name="Сърница").code is None
    # Two municipalities called Бяла get slugs that name their oblasts.
    assert set(Municipality.objects.filter(name="Бяла").values_list("slug", flat=True)) == {
        "byala-ruse",
        "byala-varna",
    }


def test_reference_data_load_is_idempotent_and_keeps_flags(db):
    services.reference_data_load()
    Municipality.objects.filter(code="PVN10").update(in_programme=True)
    created = services.reference_data_load()
    assert created == {"oblasts": 0, "municipalities": 0}
    assert Municipality.objects.count() == 265
    assert Municipality.objects.get(code="PVN10").in_programme


def test_creating_an_organisation_is_audited(coordinator, dolna_mitropolia):
    organisation = services.organisation_create(
        actor=coordinator,
        data=organisation_data(
            name="Фондация „Искрица“", seat=dolna_mitropolia, municipalities=[dolna_mitropolia]
        ),
    )
    assert organisation.slug == "fondatsia-iskritsa"  # "ия" at the end of a word is "ia"
    entry = AuditEntry.objects.get(action="directory.organisation.created")
    assert entry.actor == coordinator
    assert entry.object_id == str(organisation.pk)
    assert entry.changes["name"] == [None, "Фондация „Искрица“"]
    assert entry.changes["municipalities"] == [None, [dolna_mitropolia.pk]]


def test_update_audit_records_before_and_after(iskar, iskar_editor):
    services.organisation_update(
        actor=iskar_editor, organisation=iskar, data={"description": "Ново описание"}
    )
    entry = AuditEntry.objects.filter(action="directory.organisation.changed").latest("id")
    assert entry.actor == iskar_editor
    assert entry.changes == {"description": ["Организация за тестове.", "Ново описание"]}


def test_update_through_a_modified_instance_still_records_the_stored_before(iskar, iskar_editor):
    # As a model form does: the instance is changed before the service sees it.
    iskar.description = "Сменено в паметта"
    services.organisation_update(
        actor=iskar_editor, organisation=iskar, data={"description": "Сменено в паметта"}
    )
    entry = AuditEntry.objects.filter(action="directory.organisation.changed").latest("id")
    assert entry.changes["description"] == ["Организация за тестове.", "Сменено в паметта"]


def test_invalid_eik_is_refused_and_nothing_is_saved(coordinator, dolna_mitropolia):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=coordinator, data=organisation_data(eik="123456789", seat=dolna_mitropolia)
        )
    assert "eik" in error.value.message_dict
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.filter(action="directory.organisation.created").exists()


def test_duplicate_eik_is_refused(coordinator, iskar, dolna_mitropolia):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=coordinator,
            data=organisation_data(name="Друга", eik=iskar.eik, seat=dolna_mitropolia),
        )
    assert "eik" in error.value.message_dict
    assert Organisation.objects.count() == 1


def test_eik_is_normalised_before_it_is_checked(coordinator, dolna_mitropolia):
    eik = valid_eik(5)
    organisation = services.organisation_create(
        actor=coordinator,
        data=organisation_data(eik=f"BG {eik[:3]} {eik[3:]}", seat=dolna_mitropolia),
    )
    assert organisation.eik == eik


def test_thirteen_digit_eik_is_accepted(coordinator, dolna_mitropolia):
    eik = valid_eik(6, length=13)
    organisation = services.organisation_create(
        actor=coordinator, data=organisation_data(eik=eik, seat=dolna_mitropolia)
    )
    assert organisation.eik == eik


def test_only_informal_groups_may_go_without_eik(coordinator, dolna_mitropolia):
    with pytest.raises(ValidationError):
        services.organisation_create(
            actor=coordinator, data=organisation_data(eik="", seat=dolna_mitropolia)
        )
    group = services.organisation_create(
        actor=coordinator,
        data=organisation_data(
            name="Доброволци", eik="", legal_form="informal", seat=dolna_mitropolia
        ),
    )
    assert group.eik is None
    second = services.organisation_create(
        actor=coordinator,
        data=organisation_data(
            name="Още доброволци", eik=None, legal_form="informal", seat=dolna_mitropolia
        ),
    )
    assert second.eik is None  # several informal groups without EIK do not collide


def test_editor_cannot_change_coordinator_only_fields(iskar, iskar_editor):
    for field, value in [
        ("in_programme", False),
        ("is_public", False),
        ("slug", "x"),
        ("eik", valid_eik(8)),
    ]:
        with pytest.raises(ValidationError):
            services.organisation_update(
                actor=iskar_editor, organisation=iskar, data={field: value}
            )
    iskar.refresh_from_db()
    assert iskar.in_programme and iskar.is_public and iskar.slug == "iskar-bg"


def test_editor_of_one_cso_cannot_change_another(iskar, go2000_editor):
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=go2000_editor, organisation=iskar, data={"description": "чуждо"}
        )
    iskar.refresh_from_db()
    assert iskar.description != "чуждо"


def test_member_cannot_edit_and_admin_manages_members(
    iskar, iskar_member, iskar_admin, iskar_editor
):
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=iskar_member, organisation=iskar, data={"description": "x"}
        )
    membership = OrganisationMembership.objects.get(person=iskar_member.person)
    with pytest.raises(PermissionDenied):
        services.organisation_membership_save(
            actor=iskar_editor, membership=membership, data={"role": "admin"}
        )
    services.organisation_membership_save(
        actor=iskar_admin, membership=membership, data={"role": "editor"}
    )
    membership.refresh_from_db()
    assert membership.role == "editor"


def test_role_change_takes_effect_on_the_same_user_object(iskar, iskar_member, iskar_admin):
    from partnerstvo.core.permissions import user_can

    assert not user_can(iskar_member, "change", iskar)
    membership = OrganisationMembership.objects.get(person=iskar_member.person)
    membership.person.user = iskar_member  # the same object the request would hold
    services.organisation_membership_save(
        actor=iskar_admin, membership=membership, data={"role": "editor"}
    )
    assert user_can(iskar_member, "change", iskar)


def test_membership_dates_must_be_in_order(iskar, iskar_admin, db):
    import datetime

    from partnerstvo.directory.models import Person

    person = services.person_create(actor=SYSTEM, data={"first_name": "А", "last_name": "Б"})
    with pytest.raises(ValidationError):
        services.organisation_membership_save(
            actor=iskar_admin,
            membership=OrganisationMembership(),
            data={
                "person": person,
                "organisation": iskar,
                "role": "member",
                "start_date": datetime.date(2026, 5, 1),
                "end_date": datetime.date(2026, 1, 1),
            },
        )
    assert not OrganisationMembership.objects.filter(person=person).exists()
    assert Person.objects.filter(pk=person.pk).exists()


def test_unit_parent_must_belong_to_the_same_administration(administration, other_administration):
    from partnerstvo.directory.models import AdministrationUnit

    foreign = services.administration_unit_save(
        actor=SYSTEM,
        unit=AdministrationUnit(),
        data={"administration": other_administration, "name": "Чужд отдел"},
    )
    with pytest.raises(ValidationError):
        services.administration_unit_save(
            actor=SYSTEM,
            unit=AdministrationUnit(),
            data={"administration": administration, "name": "Сектор", "parent": foreign},
        )


def test_officer_manages_units_of_own_administration_only(
    officer, administration, other_administration
):
    from partnerstvo.directory.models import AdministrationUnit

    unit = services.administration_unit_save(
        actor=officer,
        unit=AdministrationUnit(),
        data={"administration": administration, "name": "Сектор „Граждани“"},
    )
    assert unit.pk
    with pytest.raises(PermissionDenied):
        services.administration_unit_save(
            actor=officer,
            unit=AdministrationUnit(),
            data={"administration": other_administration, "name": "Чужд"},
        )
    # Nor may an own unit be moved into another administration.
    with pytest.raises(PermissionDenied):
        services.administration_unit_save(
            actor=officer, unit=unit, data={"administration": other_administration}
        )


def test_deleting_an_organisation_is_audited_and_coordinator_only(iskar, iskar_admin, coordinator):
    with pytest.raises(PermissionDenied):
        services.organisation_delete(actor=iskar_admin, organisation=iskar)
    services.organisation_delete(actor=coordinator, organisation=iskar)
    assert not Organisation.objects.exists()
    entry = AuditEntry.objects.get(action="directory.organisation.deleted")
    assert entry.changes["name"] == ["ССИЗП „Искър БГ“", None]


def test_same_eik_in_other_digits_cannot_register_the_same_cso_again(coordinator, iskar):
    fullwidth = iskar.eik.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=coordinator,
            data=organisation_data(name="Искър отново", eik=fullwidth, seat=iskar.seat),
        )
    assert [e.code for e in error.value.error_dict["eik"]] == ["eik_digits"]
    assert Organisation.objects.count() == 1


def test_eik_is_normalised_in_every_query_and_save(iskar):
    assert Organisation.objects.filter(eik=f"BG {iskar.eik}").get() == iskar
    iskar.eik = f" bg{iskar.eik} "
    iskar.save()
    assert Organisation.objects.filter(eik=iskar.eik.strip()[2:]).exists()


def test_back_office_form_normalises_the_eik_before_checking_it_is_unique(
    client, coordinator, iskar
):
    client.force_login(coordinator)
    form = {
        "name": "Сдружение „Ново“", "short_name": "", "slug": "novo", "legal_form": "association",
        "benefit": "public", "seat": iskar.seat.pk, "description": "", "address": "",
        "email": "", "phone": "", "website": "", "in_programme": "", "is_public": "on",
    }  # fmt: skip
    response = client.post(
        "/admin/organisations/new/", {**form, "eik": f"BG {iskar.eik[:3]} {iskar.eik[3:]}"}
    )
    assert response.status_code == 200
    assert Organisation.objects.count() == 1
    errors = response.context["form"].errors["eik"]
    assert any("ЕИК/БУЛСТАТ" in message and "вече" in message for message in errors), errors

    fresh = valid_eik(77)
    response = client.post("/admin/organisations/new/", {**form, "eik": f"BG {fresh}"})
    assert response.status_code == 302, response.context["form"].errors
    assert Organisation.objects.get(name="Сдружение „Ново“").eik == fresh


def test_cso_list_and_api_find_a_cso_by_its_eik_as_people_write_it(client, iskar):
    assert iskar in organisation_list(user=AnonymousUser(), search=f"BG{iskar.eik}")
    response = client.get("/api/v1/organisations/", {"search": f"BG{iskar.eik}"})
    assert response.json()["count"] == 1
    # "BG" alone is not an EIK prefix: it does not match every CSO.
    assert not organisation_list(user=AnonymousUser(), search="BGX").exists()
