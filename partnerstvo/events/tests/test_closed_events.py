"""Closed (unlisted) events: published, so registration, attendance and minutes work, but seen
only by their organisers, the people registered for them and those who read everything, and
never in the calendar, the list, the feeds, the sitemap, the API, the CSO websites or the
announcements."""

import pytest
from django.utils import timezone

from conftest import PASSWORD
from partnerstvo.core.permissions import SYSTEM, scope, user_can
from partnerstvo.events import services
from partnerstvo.events.contributions import events_of_organisation
from partnerstvo.events.models import Event

from .conftest import build_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(iskar, dolna_mitropolia):
    return build_event(
        title="Закрита работна среща",
        organisations=[iskar],
        municipality=dolna_mitropolia,
        registration=Event.Registration.INVITATION,
        is_listed=False,
    )


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)


def test_a_closed_event_is_published_but_not_public(closed):
    assert closed.is_published and not closed.is_listed
    assert closed not in Event.objects.public()
    assert closed in Event.objects.published()
    assert not user_can(None, "view", closed)


def test_the_public_does_not_find_a_closed_event(client, closed, round_table, iskar):
    assert client.get(closed.get_absolute_url()).status_code == 404
    assert client.get(f"/events/{closed.slug}/event.ics").status_code == 404
    month = timezone.localtime(closed.starts_at)
    for url in (
        "/events/",
        f"/events/calendar/{month.year}/{month.month}/",
        "/events/feed.ics",
        f"/events/organisation/{iskar.pk}/feed.ics",
        "/sitemap-events.xml",
        "/api/v1/events/",
    ):
        body = client.get(url).content.decode()
        assert closed.slug not in body and closed.title not in body, url
        assert round_table.slug in body, url
    assert client.get(f"/api/v1/events/{closed.slug}/").status_code == 404


def test_a_registered_participant_sees_it_but_not_in_the_lists(client, closed, participant):
    services.registration_create(event=closed, person=participant.person, actor=SYSTEM)
    assert user_can(participant, "view", closed)
    _login(client, participant)
    assert client.get(closed.get_absolute_url()).status_code == 200
    assert closed.title not in client.get("/events/").content.decode()
    assert client.get(f"/api/v1/events/{closed.slug}/").status_code == 404
    assert not user_can(participant, "manage_minutes", closed)


def test_a_cancelled_registration_no_longer_opens_it(closed, participant):
    registration = services.registration_create(
        event=closed, person=participant.person, actor=SYSTEM
    )
    services.registration_cancel(actor=participant, registration=registration)
    assert not user_can(participant, "view", closed)


def test_an_outsider_does_not_see_it(client, closed, outsider):
    _login(client, outsider)
    assert client.get(closed.get_absolute_url()).status_code == 404
    assert not scope(outsider, "view", Event.objects.filter(pk=closed.pk)).exists()


def test_its_organisers_and_auditors_see_and_manage_it(client, closed, iskar_editor, auditor):
    for user in (iskar_editor, auditor):
        assert user_can(user, "view", closed)
    for action in ("change", "manage_registrations", "check_in", "manage_minutes"):
        assert user_can(iskar_editor, action, closed)
    _login(client, iskar_editor)
    assert client.get(closed.get_absolute_url()).status_code == 200


def test_a_closed_event_is_neither_announced_nor_on_cso_websites(closed, iskar, participant):
    assert services.event_announce(event_id=closed.pk) == 0
    assert events_of_organisation(iskar, limit=10) == []


def test_decisions_of_a_closed_event_stay_out_of_the_api(client, closed):
    minutes = services.minutes_save(actor=SYSTEM, event=closed, body="Протокол.")
    services.decision_add(actor=SYSTEM, minutes=minutes, text="Закрито решение")
    minutes = services.minutes_circulate(actor=SYSTEM, minutes=minutes)
    minutes = services.minutes_approve(actor=SYSTEM, minutes=minutes)
    services.minutes_publish(actor=SYSTEM, minutes=minutes)
    assert "Закрито решение" not in client.get("/api/v1/decisions/").content.decode()
    assert client.get("/api/v1/actions/").status_code == 200
