"""Fixtures of the partnerships tests: agreements between Искър БГ and the administration of
Долна Митрополия, and a council of that administration, built through the services."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import add_member, make_user
from partnerstvo.partnerships import services
from partnerstvo.partnerships.models import Agreement, Council, CouncilMember

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="dogovor.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def agreement_data(**extra):
    today = timezone.localdate()
    return {
        "kind": Agreement.Kind.PARTNERSHIP,
        "title": "Споразумение за партньорство в социалните услуги",
        "subject": "Съвместна работа по социалните услуги в общината.",
        "starts_on": today - datetime.timedelta(days=10),
        "ends_on": today + datetime.timedelta(days=365),
        **extra,
    }


def propose(actor, *, organisation, administration, **extra):
    return services.agreement_propose(
        actor=actor,
        data=agreement_data(**extra),
        parties=[
            {"organisation": organisation, "obligations": "Организира обученията."},
            {"administration": administration, "obligations": "Осигурява зала."},
        ],
        documents=[("Подписано споразумение", pdf(), timezone.localdate())],
    )


def confirmed(actor, officer, **kwargs):
    agreement = propose(actor, **kwargs)
    party = agreement.parties.get(administration__isnull=False)
    return services.agreement_confirm(actor=officer, agreement=agreement, party=party)


@pytest.fixture
def draft(iskar_admin, officer, iskar, administration):
    return propose(iskar_admin, organisation=iskar, administration=administration)


@pytest.fixture
def active(iskar_admin, officer, iskar, administration):
    return confirmed(iskar_admin, officer, organisation=iskar, administration=administration)


@pytest.fixture
def outsider(db):
    return make_user("gost@example.bg", "Калин", "Ангелов")


@pytest.fixture
def secretary(administration, officer):
    """A member of Искър БГ who is the council's secretary (not an officer)."""
    return make_user("sekretar@example.bg", "Нина", "Илиева")


def build_council(actor, administration, *, visibility=Council.Visibility.TRANSPARENT, **extra):
    return services.council_create(
        actor=actor,
        data={
            "name": extra.pop("name", "Съвет за сътрудничество с гражданските организации"),
            "administration": administration,
            "legal_basis": "Решение на Общинския съвет",
            "basis_number": "123",
            "basis_date": datetime.date(2026, 2, 26),
            "purpose": "Координация между общината и гражданските организации.",
            "decision_making": "С обикновено мнозинство при кворум половината от членовете.",
            "visibility": visibility,
            **extra,
        },
    )


@pytest.fixture
def council(officer, administration, iskar, secretary, iskar_admin):
    council = build_council(officer, administration)
    add_member(secretary, iskar, "member")
    services.council_member_add(
        actor=officer,
        council=council,
        data={
            "person": secretary.person,
            "position": CouncilMember.Position.SECRETARY,
            "organisation": iskar,
            "starts_on": datetime.date(2026, 1, 1),
        },
    )
    services.council_member_add(
        actor=officer,
        council=council,
        data={
            "person": officer.person,
            "position": CouncilMember.Position.CHAIR,
            "administration": administration,
        },
    )
    return council


@pytest.fixture
def private_council(officer, administration, iskar_member):
    council = build_council(
        officer, administration, visibility=Council.Visibility.PRIVATE, name="Работна група"
    )
    services.council_member_add(
        actor=officer,
        council=council,
        data={"person": iskar_member.person, "position": CouncilMember.Position.MEMBER},
    )
    return council


@pytest.fixture(autouse=True)
def _english():
    """Services' messages are read in English (the Bulgarian of new strings is not compiled)."""
    from django.utils import translation

    with translation.override("en"):
        yield
