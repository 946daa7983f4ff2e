"""Demo capacity assessments: a baseline round, closed about ten months ago, for every demo CSO
and for the European programmes unit of every demo administration; a follow-up round, closed
three weeks ago and higher in most dimensions, for Искър БГ, Горна Оряховица 2000 and the units
of Долна Митрополия and Горна Оряховица (so their results show the improvement, and enough
peers for the average of peers); three actions in Искър БГ's plan; the published results of
Горна Оряховица 2000. Answers are recorded for their respondents by the system, then the rounds
are moved back in time. Idempotent: a subject's round of the same title is left alone."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory.models import (
    AdministrationMembership,
    AdministrationUnit,
    Organisation,
    OrganisationMembership,
    Person,
)

from . import builtin, services
from .models import Action, Instrument, Question, Round

BASELINE = "Базова оценка"
FOLLOW_UP = "Последваща оценка"
FOLLOWED_UP_CSOS = ["iskar-bg", "gorna-oryahovitsa-2000"]
FOLLOWED_UP_ADMINISTRATIONS = ["PVN10", "VTR06"]
PUBLISHED_CSO = "gorna-oryahovitsa-2000"
UNIT_NAME = "Отдел „Европейски програми и проекти“"

# Where the demo CSOs start (per dimension code): weaker in strategy, finance and
# communication, which the follow-up improves.
BASELINE_LEVELS = {
    "upravlenie": 3,
    "strategiya": 2,
    "hora": 3,
    "finansi": 2,
    "partnyorstva": 3,
    "komunikatsiya": 2,
    "uslugi": 3,
    "funktsii": 3,
    "protsesi": 2,
    "choveshki-resursi": 3,
    "vzaimodeystvie": 2,
    "prozrachnost": 3,
    "tsifrovizatsiya": 2,
}
IMPROVEMENT = {
    "strategiya": 2,
    "finansi": 1,
    "komunikatsiya": 2,
    "hora": 1,
    "vzaimodeystvie": 2,
    "tsifrovizatsiya": 1,
    "protsesi": 1,
}

ACTIONS = [
    ("finansi", "План за набиране на средства с три нови източника", 60, "in_progress"),
    ("komunikatsiya", "Комуникационен план и месечни новини на сайта", 45, "planned"),
    ("strategiya", "Тримесечен преглед на работния план с екипа", 30, "done"),
]


def load() -> list[tuple[str, str, str]]:
    if not Instrument.objects.filter(slug=builtin.CSO_SLUG).exists():
        from django.apps import apps

        builtin.install(apps)
    cso = Instrument.objects.get(slug=builtin.CSO_SLUG)
    unit_instrument = Instrument.objects.get(slug=builtin.UNIT_SLUG)
    today = timezone.localdate()
    for index, organisation in enumerate(
        Organisation.objects.filter(in_programme=True).order_by("pk")
    ):
        people = _cso_people(organisation)
        if not people:
            continue
        rng = random.Random(f"cso-{organisation.slug}")  # noqa: S311 - repeatable demo data
        shift = (index % 3) - 1
        _round(cso, BASELINE, people, rng, shift, 0, -300, organisation=organisation)
        if organisation.slug in FOLLOWED_UP_CSOS:
            follow_up = _round(
                cso, FOLLOW_UP, people, rng, shift, 1, -21, organisation=organisation
            )
            if organisation.slug == "iskar-bg" and follow_up is not None:
                _actions(follow_up, people, today)
            if organisation.slug == PUBLISHED_CSO and follow_up is not None:
                services.round_publish(actor=SYSTEM, round=follow_up, published=True)
    units = AdministrationUnit.objects.filter(name=UNIT_NAME).select_related(
        "administration__municipality"
    )
    for index, unit in enumerate(units.order_by("pk")):
        people = _unit_people(unit)
        if not people:
            continue
        rng = random.Random(f"unit-{unit.pk}")  # noqa: S311
        shift = (index % 3) - 1
        _round(unit_instrument, BASELINE, people, rng, shift, 0, -280, unit=unit)
        if unit.administration.municipality.code in FOLLOWED_UP_ADMINISTRATIONS:
            _round(unit_instrument, FOLLOW_UP, people, rng, shift, 1, -14, unit=unit)
    return []


def _cso_people(organisation: Organisation) -> list[Person]:
    person_ids = OrganisationMembership.objects.active().filter(organisation=organisation)
    return list(Person.objects.filter(pk__in=person_ids.values("person_id")).order_by("pk"))


def _unit_people(unit: AdministrationUnit) -> list[Person]:
    person_ids = AdministrationMembership.objects.active().filter(
        administration_id=unit.administration_id
    )
    people = list(Person.objects.filter(pk__in=person_ids.values("person_id")).order_by("pk"))
    if not people:
        # An administration with nobody in the demo: its head of the unit answers.
        from partnerstvo.directory import services as directory

        email = f"rakovoditel.{unit.administration.municipality.code.lower()}@example.bg"
        person = Person.objects.filter(email=email).first() or directory.person_create(
            actor=SYSTEM,
            data={"first_name": "Ръководител", "last_name": "на отдел", "email": email},
        )
        directory.administration_membership_save(
            actor=SYSTEM,
            membership=AdministrationMembership(),
            data={
                "person": person,
                "administration": unit.administration,
                "unit": unit,
                "role": "staff",
                "position": "Началник на отдел",
            },
        )
        people = [person]
    return people


def _round(instrument, title, people, rng, shift, stage, days_ago, *, organisation=None, unit=None):
    subject = {"organisation": organisation} if organisation else {"unit": unit}
    if Round.objects.filter(instrument=instrument, title=title, **subject).exists():
        return None
    round_ = services.round_open(
        actor=SYSTEM,
        instrument=instrument,
        title=title,
        respondents=people,
        notify_respondents=False,
        **subject,
    )
    questions = list(
        Question.objects.filter(dimension__version=round_.version).select_related("dimension")
    )
    for person in people:
        answers = {}
        for question in questions:
            code = question.dimension.code
            level = BASELINE_LEVELS.get(code, 3) + shift + stage * IMPROVEMENT.get(code, 0)
            level += rng.choice((-1, 0, 0, 1))
            answers[question.pk] = (max(1, min(5, level)), "")
        services.answers_submit(actor=SYSTEM, round=round_, answers=answers, person=person)
    round_ = services.round_close(actor=SYSTEM, round=round_)
    when = timezone.now() + datetime.timedelta(days=days_ago)
    Round.objects.filter(pk=round_.pk).update(
        opened_at=when - datetime.timedelta(days=14), closed_at=when
    )
    round_.refresh_from_db()
    return round_


def _actions(round_: Round, people: list[Person], today: datetime.date) -> None:
    recommendations = {
        r.dimension.code: r for r in round_.recommendations.select_related("dimension")
    }
    for number, (code, title, days, status) in enumerate(ACTIONS):
        if Action.objects.filter(round=round_, title=title).exists():
            continue
        recommendation = recommendations.get(code)
        action = services.action_create(
            actor=SYSTEM,
            round=round_,
            data={
                "title": title,
                "description": recommendation.text if recommendation else "",
                "owner": people[number % len(people)],
                "deadline": today + datetime.timedelta(days=days),
                "recommendation": recommendation,
            },
        )
        if status != "planned":
            services.action_status_set(actor=SYSTEM, action=action, status=status)
