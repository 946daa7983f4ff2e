"""The list, the month calendar and an event's page cost the same number of queries with 10
events as with 1,000 (and an event page with 500 registrations as with none): bulk-made data,
the counts pinned with django_assert_max_num_queries and compared exactly."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import PASSWORD
from partnerstvo.directory.models import Person
from partnerstvo.events.models import AgendaItem, Event, EventOrganiser, Registration

pytestmark = pytest.mark.django_db

# Logged in: the session, the user and their roles (3) come first, and the councils they are
# secretary of (events.managers: partnerships says whose meetings they run; once a request).
LIST_QUERIES = 12
CALENDAR_QUERIES = 1
# The event page: 14, and 1 for each section other apps add (the practices presented there,
# the council whose meeting it is: partnerships' section, one query), and 1 for a logged-in
# person, once per request, for the managers the domain apps add (events.managers: the councils
# they are secretary of, whose meetings they run); once the event has begun, 3 more (its minutes,
# photos and documents).
DETAIL_QUERIES = 17


def bulk_events(count, *, organisation, municipality, month_start, prefix):
    """``count`` published events over the month that starts at ``month_start``, two organisers
    each (so the prefetch is exercised), bulk-created."""
    events = Event.objects.bulk_create(
        [
            Event(
                kind=Event.Kind.ROUND_TABLE,
                title=f"Събитие {prefix}{index}",
                slug=f"sabitie-{prefix}{index}",
                format=Event.Format.IN_PERSON,
                municipality=municipality,
                venue="Читалище",
                starts_at=month_start + datetime.timedelta(hours=10 + (index * 7) % (27 * 24)),
                ends_at=month_start + datetime.timedelta(hours=12 + (index * 7) % (27 * 24)),
                status=Event.Status.PUBLISHED,
            )
            for index in range(count)
        ]
    )
    EventOrganiser.objects.bulk_create(
        [EventOrganiser(event=event, organisation=organisation) for event in events]
    )
    return events


def next_month_start():
    today = timezone.localdate()
    first = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return timezone.make_aware(datetime.datetime(first.year, first.month, 1))


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_list_and_calendar_queries_do_not_grow_with_events(
    client, iskar, dolna_mitropolia, participant, django_assert_max_num_queries
):
    start = next_month_start()
    calendar_url = f"/events/calendar/{start.year}/{start.month}/"
    bulk_events(
        10, organisation=iskar, municipality=dolna_mitropolia, month_start=start, prefix="a"
    )
    client.login(username=participant.email, password=PASSWORD)
    small = {
        url: count_queries(client, url)
        for url in ("/events/", "/events/?page=2", calendar_url, f"/events/?organiser={iskar.pk}")
    }
    bulk_events(
        990, organisation=iskar, municipality=dolna_mitropolia, month_start=start, prefix="b"
    )
    assert Event.objects.count() == 1000
    large = {url: count_queries(client, url) for url in small}
    assert large == small
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get("/events/")
    assert len(response.context["page_obj"].object_list) == 20
    # + the session, the roles and the councils they are secretary of
    with django_assert_max_num_queries(CALENDAR_QUERIES + 6):
        response = client.get(calendar_url)
    assert response.context["grid"].count == 600  # the month's limit, then a link to the list
    client.logout()
    with django_assert_max_num_queries(LIST_QUERIES - 6):
        client.get("/events/")
    with django_assert_max_num_queries(CALENDAR_QUERIES):
        client.get(calendar_url)


def test_an_event_page_costs_the_same_with_500_registrations(
    client, iskar, dolna_mitropolia, participant, round_table, django_assert_max_num_queries
):
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                event=round_table,
                starts_at=round_table.starts_at + datetime.timedelta(minutes=30 * index),
                title=f"Точка {index}",
                speakers="Иван Иванов",
            )
            for index in range(6)
        ]
    )
    client.login(username=participant.email, password=PASSWORD)
    url = round_table.get_absolute_url()
    before = count_queries(client, url)
    people = Person.objects.bulk_create(
        [Person(first_name="Участник", last_name=f"№{index}") for index in range(500)]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                event=round_table,
                person=person,
                status=Registration.Status.CONFIRMED,
                checkin_code=f"code-{person.pk}",
            )
            for person in people
        ]
    )
    assert round_table.registrations.count() == 500
    assert count_queries(client, url) == before
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(url)
    assert response.context["places"].confirmed == 500
    client.logout()
    # Anonymous: the 7 fewer queries of a visitor, and no secretary lookup (no person).
    with django_assert_max_num_queries(DETAIL_QUERIES - 8):
        client.get(url)
