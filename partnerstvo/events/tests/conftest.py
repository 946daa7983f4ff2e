"""Fixtures of the events tests: a published round table organised by Искър БГ, built through
the services, with a question of each kind."""

import datetime

import pytest
from django.utils import timezone

from conftest import add_member, make_user
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.events import services
from partnerstvo.events.models import Event, RegistrationQuestion


def build_event(
    *,
    organisations=(),
    administrations=(),
    title="Кръгла маса „Партньорство за местно развитие“",
    municipality=None,
    status=Event.Status.PUBLISHED,
    registration=Event.Registration.OPEN,
    capacity=None,
    starts_in=datetime.timedelta(days=7),
    hours=3,
    kind=Event.Kind.ROUND_TABLE,
    format=Event.Format.IN_PERSON,
    **extra,
):
    start = timezone.now() + starts_in
    if municipality is None and format != Event.Format.ONLINE:
        from partnerstvo.directory.models import Municipality

        municipality = Municipality.objects.get(code="PVN10")
    data = {
        "kind": kind,
        "title": title,
        "summary": "Общината и гражданските организации обсъждат общите си приоритети.",
        "description": "Обсъждане на плана за развитие на общината.",
        "format": format,
        "municipality": municipality,
        "venue": "Читалище „Надежда“" if format != Event.Format.ONLINE else "",
        "online_url": "https://meet.example.bg/kragla-masa" if format != "in_person" else "",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=hours),
        "capacity": capacity,
        "registration": registration,
        "status": status,
        **extra,
    }
    return services.event_create(
        actor=SYSTEM,
        data=data,
        organisations=organisations,
        administrations=administrations,
    )


def add_questions(event):
    access = services.question_save(
        actor=SYSTEM,
        question=RegistrationQuestion(),
        data={
            "event": event,
            "label": "Имате ли нужда от достъпна среда?",
            "kind": "yes_no",
            "required": True,
            "order": 1,
        },
    )
    meal = services.question_save(
        actor=SYSTEM,
        question=RegistrationQuestion(),
        data={
            "event": event,
            "label": "Хранене",
            "kind": "choice",
            "choices": "Обикновено\nВегетарианско",
            "required": False,
            "order": 2,
        },
    )
    note = services.question_save(
        actor=SYSTEM,
        question=RegistrationQuestion(),
        data={"event": event, "label": "Бележка", "kind": "text", "order": 3},
    )
    return access, meal, note


@pytest.fixture
def round_table(iskar, dolna_mitropolia):
    return build_event(organisations=[iskar], municipality=dolna_mitropolia)


@pytest.fixture
def participant(iskar):
    user = make_user("uchastnik@iskar.example.bg", "Росица", "Маринова")
    return add_member(user, iskar, "member")


@pytest.fixture
def outsider(db):
    return make_user("gost@example.bg", "Калин", "Ангелов")


@pytest.fixture
def chromium(_playwright_browser):
    return _playwright_browser
