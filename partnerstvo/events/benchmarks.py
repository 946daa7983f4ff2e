"""Events at scale: the month calendar with many events in the month, and the page of an event
with 500 registrations (as everyone sees it, and its organiser's back-office screen), timed over
HTTP against gunicorn with the bench settings (see core.bench).

The scale data is bulk-built once (not through the services: audit rows and e-mails are not what
is measured)."""

from __future__ import annotations

import datetime
import time

from django.db import transaction
from django.utils import timezone

from partnerstvo.core.bench import (
    Target,
    app_server,
    count_queries,
    sequential,
    session_cookie,
    timing_from,
)
from partnerstvo.directory.models import Municipality, Organisation, Person
from partnerstvo.directory.services import reference_data_load

from .models import AgendaItem, Event, EventOrganiser, Registration

# (events in the benchmarked month, registrations of the big event)
SIZES = {"small": (60, 500), "full": (600, 500)}
PREFIX = "bench-event"


def _month_start() -> datetime.datetime:
    today = timezone.localdate()
    first = (today.replace(day=1) + datetime.timedelta(days=40)).replace(day=1)  # next month
    return timezone.make_aware(datetime.datetime.combine(first, datetime.time(9)))


@transaction.atomic
def build(events: int, registrations: int) -> Event:
    reference_data_load()
    start = _month_start()
    organisation = Organisation.objects.order_by("pk").first()
    municipalities = list(Municipality.objects.order_by("pk").values_list("pk", flat=True))
    have = Event.objects.filter(slug__startswith=PREFIX).count()
    kinds = [choice for choice, _label in Event.Kind.choices]
    new = [
        Event(
            slug=f"{PREFIX}-{n}",
            title=f"Кръгла маса за местното развитие № {n}",
            summary="Общината и гражданските организации обсъждат общите си приоритети.",
            kind=kinds[n % len(kinds)],
            format=Event.Format.IN_PERSON,
            municipality_id=municipalities[n % len(municipalities)],
            venue="Читалище „Надежда“",
            starts_at=start + datetime.timedelta(hours=(n * 7) % (27 * 24)),
            ends_at=start + datetime.timedelta(hours=(n * 7) % (27 * 24) + 3),
            status=Event.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for n in range(have, events)
    ]
    Event.objects.bulk_create(new, batch_size=1000)
    if organisation is not None:
        EventOrganiser.objects.bulk_create(
            [EventOrganiser(event=event, organisation=organisation) for event in new],
            batch_size=1000,
        )
    big = Event.objects.get(slug=f"{PREFIX}-0")
    if not big.agenda_items.exists():
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    event=big,
                    starts_at=big.starts_at + datetime.timedelta(minutes=30 * i),
                    title=f"Точка {i + 1}",
                    order=i,
                )
                for i in range(6)
            ]
        )
    done = big.registrations.count()
    if done < registrations:
        people = Person.objects.bulk_create(
            [
                Person(first_name="Участник", last_name=f"Събитие {n}", email=f"e{n}@bench.invalid")
                for n in range(done, registrations)
            ]
        )
        Registration.objects.bulk_create(
            [
                Registration(
                    event=big,
                    person=person,
                    status=Registration.Status.CONFIRMED,
                    checkin_code=f"bench-{big.pk}-{person.pk}",
                    confirmed_at=timezone.now(),
                )
                for person in people
            ],
            batch_size=1000,
        )
    return big


def _coordinator():
    from partnerstvo.accounts.models import PlatformRole, User

    user = User.objects.filter(email="bench-coordinator@bench.invalid").first()
    if user is None:
        person = Person.objects.create(
            first_name="Бенч", last_name="Координатор", email="bench-coordinator@bench.invalid"
        )
        user = User.objects.create_user(
            email="bench-coordinator@bench.invalid", password=None, person=person
        )
        PlatformRole.objects.create(user=user, role=PlatformRole.Role.COORDINATOR)
    return user


def run(*, report, scale: str, quick: bool = False) -> None:
    from django.test import Client
    from django.urls import reverse

    events, registrations = SIZES[scale]
    started = time.perf_counter()
    big = build(events, registrations)
    report.fact("events.build_seconds", round(time.perf_counter() - started, 1))
    start = _month_start()
    month_events = Event.objects.filter(
        starts_at__year=start.year, starts_at__month=start.month
    ).count()
    report.fact("events.events in the benchmarked month", month_events)
    report.fact("events.registrations of the big event", big.registrations.count())
    coordinator = _coordinator()
    staff = Client()
    staff.force_login(coordinator)
    targets = {
        "month calendar": (reverse("events:calendar", args=[start.year, start.month]), None),
        f"event page ({registrations} registrations)": (big.get_absolute_url(), None),
        f"back-office event screen ({registrations} registrations)": (
            reverse("events_admin:event", args=[big.pk]),
            staff,
        ),
    }
    queries = {name: count_queries(path, client=client) for name, (path, client) in targets.items()}
    headers = session_cookie(coordinator)
    requests = 20 if quick else 100
    with app_server(threads=1) as server:
        for name, (path, client) in targets.items():
            latencies, cpu_ms = sequential(
                server, path, requests=requests, warmup=3, headers=headers if client else None
            )
            timing = report.add(
                timing_from(f"events: {name}", latencies, cpu_ms=cpu_ms, queries=queries[name])
            )
            report.target(Target(f"events {name}: p50", round(timing.p50_ms, 1), 300, "ms"))
