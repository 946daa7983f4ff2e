"""Writes to the directory. Each service is atomic, validated, audited, and checks its caller's
permission with the platform's policies (``require``); views and admin screens only call these."""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.core.services import save_audited, stored_version
from partnerstvo.core.transliteration import slugify_bg, transliterate, unique_slug
from partnerstvo.core.validators import normalise_eik

from .models import (
    Administration,
    AdministrationMembership,
    AdministrationUnit,
    AreaOfWork,
    Municipality,
    Oblast,
    Organisation,
    OrganisationMembership,
    Person,
)
from .roles import forget_roles, roles_of

DATA_DIR = Path(__file__).resolve().parent / "data"
# Organisation fields only a platform coordinator may change.
COORDINATOR_ONLY_FIELDS = ("in_programme", "is_public", "slug", "eik", "legal_form")


# --- Reference data --------------------------------------------------------------------------


@transaction.atomic
def reference_data_load(*, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Create or update the oblasts and municipalities from the project's CSV copies.

    Idempotent: existing rows keep their ids and flags (e.g. ``in_programme``); names and oblasts
    are brought up to date. A handful of queries in all (bulk reads and writes), whatever the size.
    Called by ``manage.py load_reference_data``.
    """
    with (data_dir / "oblasts.csv").open(encoding="utf-8") as handle:
        oblast_rows = [
            {"code": row["code"].strip(), "name": row["name_bg"].strip()}
            for row in csv.DictReader(handle)
        ]
    with (data_dir / "municipalities.csv").open(encoding="utf-8") as handle:
        municipality_rows = list(csv.DictReader(handle))

    existing_oblasts = {o.code: o for o in Oblast.objects.all()}
    new_oblasts, changed_oblasts = [], []
    for row in oblast_rows:
        values = {
            "name": row["name"],
            "name_en": transliterate(row["name"]),
            "slug": slugify_bg(row["name"]),
        }
        oblast = existing_oblasts.get(row["code"])
        if oblast is None:
            new_oblasts.append(Oblast(code=row["code"], **values))
        elif any(getattr(oblast, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(oblast, key, value)
            changed_oblasts.append(oblast)
    Oblast.objects.bulk_create(new_oblasts)
    Oblast.objects.bulk_update(changed_oblasts, ["name", "name_en", "slug"])
    oblasts = {o.code: o for o in Oblast.objects.all()}

    name_counts: dict[str, int] = {}
    for row in municipality_rows:
        name = row["name_bg"].strip()
        name_counts[name] = name_counts.get(name, 0) + 1
    existing = list(Municipality.objects.all())
    by_code = {m.code: m for m in existing if m.code}
    by_name = {(m.name, m.oblast_id): m for m in existing}
    new_municipalities, changed_municipalities = [], []
    for row in municipality_rows:
        name = row["name_bg"].strip()
        oblast = oblasts[row["oblast_code"].strip()]
        code = row["code"].strip() or None
        # Two municipalities share a name (Бяла in Ruse and in Varna): their slugs name the oblast.
        slug = slugify_bg(name if name_counts[name] == 1 else f"{name} {oblast.name}")
        values = {
            "name": name,
            "name_en": transliterate(name),
            "slug": slug,
            "oblast_id": oblast.pk,
        }
        municipality = by_code.get(code) if code else by_name.get((name, oblast.pk))
        if municipality is None:
            new_municipalities.append(Municipality(code=code, **values))
        elif any(getattr(municipality, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(municipality, key, value)
            changed_municipalities.append(municipality)
    Municipality.objects.bulk_create(new_municipalities)
    Municipality.objects.bulk_update(changed_municipalities, ["name", "name_en", "slug", "oblast"])
    return {"oblasts": len(new_oblasts), "municipalities": len(new_municipalities)}


# --- Organisations ---------------------------------------------------------------------------


def _prepare_organisation_data(data: dict) -> dict:
    data = dict(data)
    if "eik" in data:
        data["eik"] = normalise_eik(data["eik"]) or None
    return data


@transaction.atomic
def organisation_create(*, actor, data: dict) -> Organisation:
    """Create a CSO from validated form data. Coordinators only. Writes one audit entry."""
    require(actor, "add", Organisation)
    data = _prepare_organisation_data(data)
    organisation = Organisation()
    if not data.get("slug"):
        data["slug"] = unique_slug(
            data.get("short_name") or data.get("name", ""), queryset=Organisation.objects.all()
        )
    return save_audited(
        instance=organisation, data=data, actor=actor, action="directory.organisation.created"
    )


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, data: dict) -> Organisation:
    """Change a CSO's profile. Its admins and editors, and coordinators. Audited field by field.

    Only coordinators may change programme participation and public listing.
    """
    stored = stored_version(organisation)
    require(actor, "change", stored)
    data = _prepare_organisation_data(data)
    if not roles_of(actor).is_coordinator:
        for field in COORDINATOR_ONLY_FIELDS:
            if field in data and data[field] != getattr(stored, field):
                raise ValidationError(
                    {field: _("Only a platform coordinator may change this.")}, code="forbidden"
                )
    return save_audited(
        instance=organisation, data=data, actor=actor, action="directory.organisation.changed"
    )


@transaction.atomic
def organisation_delete(*, actor, organisation: Organisation) -> None:
    require(actor, "delete", organisation)
    audit_log(
        actor=actor,
        action="directory.organisation.deleted",
        instance=organisation,
        before=snapshot(organisation),
    )
    organisation.delete()


# --- People and memberships ------------------------------------------------------------------


@transaction.atomic
def person_create(*, actor, data: dict) -> Person:
    require(actor, "add", Person)
    return save_audited(
        instance=Person(), data=data, actor=actor, action="directory.person.created"
    )


@transaction.atomic
def person_update(*, actor, person: Person, data: dict) -> Person:
    require(actor, "change", stored_version(person))
    return save_audited(instance=person, data=data, actor=actor, action="directory.person.changed")


@transaction.atomic
def person_delete(*, actor, person: Person) -> None:
    """Delete a person and their memberships. Coordinators. A person with a user account is kept
    (the account holds their sign-ins and what they did): deactivate or delete the account."""
    require(actor, "delete", person)
    if hasattr(person, "user"):
        raise ValidationError(
            _("This person has a user account; deactivate or delete the account first.")
        )
    audit_log(
        actor=actor, action="directory.person.deleted", instance=person, before=snapshot(person)
    )
    person.delete()


def _forget_roles_of_person(person: Person) -> None:
    user = getattr(person, "user", None)
    forget_roles(user)


@transaction.atomic
def organisation_membership_save(
    *, actor, membership: OrganisationMembership, data: dict
) -> OrganisationMembership:
    """Add or change a member of a CSO. The CSO's admins and coordinators."""
    organisation = data.get("organisation", getattr(membership, "organisation", None))
    if membership.pk:
        require(actor, "change", stored_version(membership))
    if organisation is None:
        raise ValidationError({"organisation": _("Choose an organisation.")})
    require(actor, "manage_members", organisation)
    action = "directory.membership.changed" if membership.pk else "directory.membership.created"
    membership = save_audited(instance=membership, data=data, actor=actor, action=action)
    _forget_roles_of_person(membership.person)
    return membership


@transaction.atomic
def organisation_membership_delete(*, actor, membership: OrganisationMembership) -> None:
    require(actor, "delete", membership)
    audit_log(
        actor=actor,
        action="directory.membership.deleted",
        instance=membership,
        before=snapshot(membership),
    )
    membership.delete()
    _forget_roles_of_person(membership.person)


@transaction.atomic
def administration_membership_save(
    *, actor, membership: AdministrationMembership, data: dict
) -> AdministrationMembership:
    require(
        actor,
        "change" if membership.pk else "add",
        stored_version(membership) if membership.pk else AdministrationMembership,
    )
    action = (
        "directory.administration_membership.changed"
        if membership.pk
        else "directory.administration_membership.created"
    )
    membership = save_audited(instance=membership, data=data, actor=actor, action=action)
    if membership.unit_id and membership.unit.administration_id != membership.administration_id:
        raise ValidationError({"unit": _("The unit belongs to another administration.")})
    _forget_roles_of_person(membership.person)
    return membership


@transaction.atomic
def administration_membership_delete(*, actor, membership: AdministrationMembership) -> None:
    require(actor, "delete", membership)
    audit_log(
        actor=actor,
        action="directory.administration_membership.deleted",
        instance=membership,
        before=snapshot(membership),
    )
    membership.delete()
    _forget_roles_of_person(membership.person)


# --- Administrations -------------------------------------------------------------------------


@transaction.atomic
def administration_save(*, actor, administration: Administration, data: dict) -> Administration:
    if administration.pk:
        require(actor, "change", stored_version(administration))
    else:
        require(actor, "add", Administration)
    action = (
        "directory.administration.changed"
        if administration.pk
        else "directory.administration.created"
    )
    return save_audited(instance=administration, data=data, actor=actor, action=action)


@transaction.atomic
def administration_unit_save(*, actor, unit: AdministrationUnit, data: dict) -> AdministrationUnit:
    """Add or change a unit. The administration's officers and coordinators."""
    if unit.pk:
        require(actor, "change", stored_version(unit))
    administration = data.get("administration") or getattr(unit, "administration", None)
    if administration is None:
        raise ValidationError({"administration": _("Choose an administration.")})
    # The unit must also be (or stay) within an administration the actor may change.
    require(actor, "change", AdministrationUnit(administration=administration))
    parent = data.get("parent")
    if parent is not None and parent.administration_id != administration.pk:
        raise ValidationError({"parent": _("The parent unit belongs to another administration.")})
    action = "directory.unit.changed" if unit.pk else "directory.unit.created"
    return save_audited(instance=unit, data=data, actor=actor, action=action)


@transaction.atomic
def administration_unit_delete(*, actor, unit: AdministrationUnit) -> None:
    require(actor, "delete", unit)
    audit_log(actor=actor, action="directory.unit.deleted", instance=unit, before=snapshot(unit))
    unit.delete()


@transaction.atomic
def municipality_update(*, actor, municipality: Municipality, data: dict) -> Municipality:
    require(actor, "change", municipality)
    return save_audited(
        instance=municipality, data=data, actor=actor, action="directory.municipality.changed"
    )


@transaction.atomic
def area_of_work_save(*, actor, area: AreaOfWork, data: dict) -> AreaOfWork:
    require(actor, "change" if area.pk else "add", stored_version(area) if area.pk else AreaOfWork)
    if not data.get("slug") and not area.slug:
        data = {
            **data,
            "slug": unique_slug(data.get("name", ""), queryset=AreaOfWork.objects.all()),
        }
    if not data.get("name_en") and not area.name_en:
        data = {**data, "name_en": transliterate(data.get("name", ""))}
    action = "directory.area.changed" if area.pk else "directory.area.created"
    return save_audited(instance=area, data=data, actor=actor, action=action)
