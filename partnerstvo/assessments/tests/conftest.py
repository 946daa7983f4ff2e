"""Fixtures of the assessments tests: the shipped instruments (put back after a transactional
test emptied the tables), rounds of Искър БГ answered by its people, and assessed peers, all
built through the services."""

import pytest
from django.apps import apps as django_apps

from conftest import add_member, make_user
from partnerstvo.assessments import builtin, services
from partnerstvo.assessments.models import Instrument, Question
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory import services as directory
from partnerstvo.directory.tests.factories import organisation_data, valid_eik


@pytest.fixture(autouse=True)
def _english():
    """Services' messages are read in English (the Bulgarian of new strings is not compiled)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def shipped(db):
    builtin.install(django_apps)
    return Instrument.objects.get(slug=builtin.CSO_SLUG)


@pytest.fixture
def unit_instrument(shipped):
    return Instrument.objects.get(slug=builtin.UNIT_SLUG)


def questions_of(round_):
    return list(Question.objects.filter(dimension__version=round_.version).order_by("pk"))


def answer_all(user, round_, value=3, by_dimension=None):
    """``user`` answers every question of ``round_`` with ``value`` (or, per dimension code,
    ``by_dimension[code]``)."""
    answers = {}
    for question in Question.objects.filter(dimension__version=round_.version).select_related(
        "dimension"
    ):
        chosen = (by_dimension or {}).get(question.dimension.code, value)
        answers[question.pk] = (chosen, "")
    return services.answers_submit(actor=user, round=round_, answers=answers)


def open_round(actor, *, respondents, organisation=None, unit=None, instrument=None, title=None):
    instrument = instrument or Instrument.objects.get(
        slug=builtin.CSO_SLUG if organisation else builtin.UNIT_SLUG
    )
    return services.round_open(
        actor=actor,
        instrument=instrument,
        title=title or "Базова оценка 2026",
        respondents=[user.person for user in respondents],
        organisation=organisation,
        unit=unit,
    )


@pytest.fixture
def iskar_round(shipped, iskar, iskar_admin, iskar_member):
    return open_round(iskar_admin, organisation=iskar, respondents=[iskar_admin, iskar_member])


@pytest.fixture
def closed_round(iskar_round, iskar_admin, iskar_member):
    answer_all(iskar_admin, iskar_round, 2, {"finansi": 4, "uslugi": 5})
    answer_all(iskar_member, iskar_round, 3, {"finansi": 5, "hora": 1})
    return services.round_close(actor=iskar_admin, round=iskar_round)


def assessed_peers(count, *, value=4, seat, start=0):
    """``count`` other CSOs, each with one closed round answered by its admin with ``value``."""
    rounds = []
    for n in range(start, start + count):
        organisation = directory.organisation_create(
            actor=SYSTEM,
            data=organisation_data(
                name=f"Сдружение „Връстник {n}“", seat=seat, eik=valid_eik(50 + n)
            ),
        )
        user = add_member(
            make_user(f"peer{n}@example.bg", "Връстник", f"№{n}"), organisation, "admin"
        )
        round_ = open_round(user, organisation=organisation, respondents=[user])
        answer_all(user, round_, value)
        rounds.append(services.round_close(actor=user, round=round_))
    return rounds


@pytest.fixture
def go2000_admin(go2000):
    return add_member(make_user("admin@go2000.example.bg", "Мария", "Стоянова"), go2000, "admin")


@pytest.fixture
def chromium(_playwright_browser):
    """The session's headless Chromium, for a second context (a phone, without JavaScript)."""
    return _playwright_browser
