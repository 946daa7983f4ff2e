"""Fixtures of the check-in, minutes and actions tests: a round table of Искър that took place
today, with confirmed participants (a CSO member, a municipal officer, a person of no
organisation) and one on the waiting list.

The event and its registrations are written as rows (the events' own services are ev1's and
are tested there); what these tests exercise goes through the services."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conftest import make_user
from partnerstvo.events.models import Event, EventOrganiser, Registration


def make_event(
    *,
    organisation=None,
    administration=None,
    title="Кръгла маса за младежта",
    slug=None,
    municipality=None,
    **extra,
):
    now = timezone.now()
    extra.setdefault("status", Event.Status.PUBLISHED)
    event = Event.objects.create(
        kind=Event.Kind.ROUND_TABLE,
        title=title,
        slug=slug or f"kragla-masa-{Event.objects.count() + 1}",
        format=Event.Format.IN_PERSON,
        municipality=municipality or (organisation.seat if organisation else None),
        venue="Читалище „Светлина“",
        starts_at=now - datetime.timedelta(hours=2),
        ends_at=now + datetime.timedelta(hours=2),
        **extra,
    )
    EventOrganiser.objects.create(
        event=event, organisation=organisation, administration=administration
    )
    return event


def register(event, person, *, on_behalf_of=None, status=Registration.Status.CONFIRMED):
    return Registration.objects.create(
        event=event, person=person, on_behalf_of=on_behalf_of, status=status
    )


@pytest.fixture
def event(iskar):
    return make_event(organisation=iskar)


@pytest.fixture
def outsider(db):
    return make_user("gost@example.bg", "Никола", "Гостев")


@pytest.fixture
def participant_registration(event, iskar_member, iskar):
    return register(event, iskar_member.person, on_behalf_of=iskar)


@pytest.fixture
def registrations(event, participant_registration, officer, outsider):
    waiting_user = make_user("chaka@example.bg", "Вера", "Чакаща")
    return {
        "cso": participant_registration,
        "municipal": register(event, officer.person),
        "other": register(event, outsider.person),
        "waiting": register(event, waiting_user.person, status=Registration.Status.WAITING),
    }
