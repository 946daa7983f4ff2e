"""/api/v1/events/: published and cancelled events only, paginated, filtered, constant queries."""

import datetime

import pytest
from django.utils import timezone

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.events import services
from partnerstvo.events.models import AgendaItem, Event
from partnerstvo.events.tests.conftest import build_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(iskar, go2000, administration, dolna_mitropolia, gorna_oryahovitsa):
    made = []
    for i in range(4):
        event = build_event(
            organisations=[iskar],
            administrations=[administration] if i == 0 else [],
            municipality=dolna_mitropolia,
            title=f"Кръгла маса {i}",
            starts_in=datetime.timedelta(days=i + 1),
        )
        services.agenda_item_save(
            actor=SYSTEM,
            item=AgendaItem(),
            data={"event": event, "starts_at": event.starts_at, "title": f"Откриване {i}"},
        )
        made.append(event)
    made.append(
        build_event(
            organisations=[go2000],
            municipality=gorna_oryahovitsa,
            title="Работна среща в Горна Оряховица",
            kind=Event.Kind.WORKING_MEETING,
        )
    )
    build_event(
        organisations=[iskar],
        municipality=dolna_mitropolia,
        title="Чернова",
        status=Event.Status.DRAFT,
    )
    return made


def test_published_events_only_with_organisers_and_agenda(client, events, iskar_editor):
    data = client.get("/api/v1/events/").json()
    assert data["count"] == 5
    titles = [event["title"] for event in data["results"]]
    assert "Чернова" not in titles
    first = data["results"][0]
    assert first["title"] == "Кръгла маса 0"
    assert {o["kind"] for o in first["organisers"]} == {"organisation", "administration"}
    assert first["agenda"][0]["title"] == "Откриване 0"
    assert "online_url" not in first and "registrations" not in first
    assert first["url"].endswith(events[0].get_absolute_url())
    # An organiser's session shows no drafts either.
    client.force_login(iskar_editor)
    assert client.get("/api/v1/events/").json()["count"] == 5


def test_filters(client, events, go2000):
    assert client.get("/api/v1/events/?kind=working_meeting").json()["count"] == 1
    assert client.get("/api/v1/events/?municipality=gorna-oryahovitsa").json()["count"] in (0, 1)
    assert client.get(f"/api/v1/events/?organisation={go2000.slug}").json()["count"] == 1
    after = (timezone.now() + datetime.timedelta(days=2, hours=12)).isoformat()
    response = client.get("/api/v1/events/", {"starts_after": after})
    assert response.json()["count"] == 3  # the 3rd and 4th round tables, and the meeting (7 days)
    assert client.get("/api/v1/events/?kind=party").status_code == 400
    assert client.get("/api/v1/events/?starts_after=yesterday").status_code == 400
    # Offsets Python accepts and PostgreSQL does not (found by the schema test on PostgreSQL),
    # and a moment UTC cannot hold: the same answer as in UTC, or a 400, never a 500.
    odd = client.get("/api/v1/events/", {"starts_before": "1220-04-10T21:55:52+18:47"})
    assert odd.status_code == 200 and odd.json()["count"] == 0
    far = client.get("/api/v1/events/", {"starts_after": "0001-01-01T00:00:00+05:00"})
    assert far.status_code == 400 and "starts_after" in far.json()


def test_detail_and_unknown(client, events):
    response = client.get(f"/api/v1/events/{events[0].slug}/")
    assert response.status_code == 200
    assert response.json()["slug"] == events[0].slug
    draft = Event.objects.get(title="Чернова")
    assert client.get(f"/api/v1/events/{draft.slug}/").status_code == 404


def test_cancelled_events_stay_listed_marked(client, events):
    services.event_cancel(actor=SYSTEM, event=events[1], reason="Отложена")
    data = client.get("/api/v1/events/?status=cancelled").json()
    assert [e["slug"] for e in data["results"]] == [events[1].slug]
    assert data["results"][0]["cancellation_reason"] == "Отложена"


def test_list_queries_stay_constant(
    client, events, iskar, dolna_mitropolia, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8) as small:
        client.get("/api/v1/events/?page_size=50")
    for i in range(20):
        build_event(organisations=[iskar], municipality=dolna_mitropolia, title=f"Още {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = client.get("/api/v1/events/?page_size=50").json()
    assert data["count"] == 25
