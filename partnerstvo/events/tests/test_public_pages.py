"""The public pages: the list with its filters, the month calendar, an event's page (what
drafts and online links show to whom), registering and cancelling through the pages, the
feeds, JSON-LD, the sitemap, "My events" and the CSO websites."""

import datetime
import json
import re

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from conftest import PASSWORD
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.events import services
from partnerstvo.events.models import Event, Registration

from .conftest import add_questions, build_event

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_the_list_shows_published_events_and_hides_drafts(client, round_table, iskar, iskar_editor):
    draft = build_event(title="Чернова на среща", organisations=[iskar], status="draft")
    body = client.get("/events/").content.decode()
    assert round_table.get_absolute_url() in body
    assert draft.title not in body
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/events/{draft.slug}/event.ics").status_code == 404
    login(client, iskar_editor)
    assert draft.title in client.get("/events/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_other_csos_do_not_see_a_draft(client, iskar, go2000_editor):
    draft = build_event(title="Чернова на среща", organisations=[iskar], status="draft")
    login(client, go2000_editor)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_list_filters(client, round_table, iskar, go2000, gorna_oryahovitsa):
    online = build_event(
        title="Онлайн конференция",
        organisations=[go2000],
        kind=Event.Kind.CONFERENCE,
        format=Event.Format.ONLINE,
    )
    elsewhere = build_event(
        title="Работна среща в Горна Оряховица",
        organisations=[go2000],
        municipality=gorna_oryahovitsa,
        kind=Event.Kind.WORKING_MEETING,
    )
    past = build_event(
        title="Минала кръгла маса",
        organisations=[iskar],
        municipality=round_table.municipality,
        starts_in=-datetime.timedelta(days=10),
    )

    def titles(query):
        response = client.get(f"/events/?{query}")
        assert response.status_code == 200
        return {e.title for e in response.context["page_obj"].object_list}

    assert titles("") == {round_table.title, online.title, elsewhere.title}
    assert titles("kind=conference") == {online.title}
    assert titles("format=online") == {online.title}
    assert titles(f"municipality={gorna_oryahovitsa.slug}") == {elsewhere.title}
    assert titles(f"oblast={round_table.municipality.oblast.slug}") == {round_table.title}
    assert titles(f"organiser={iskar.pk}") == {round_table.title}
    assert titles("when=past") == {past.title}
    month = timezone.localtime(past.starts_at).strftime("%Y-%m")
    assert past.title in titles(f"month={month}")
    # Values not on the list: the error beside the field, the other filters still applied.
    response = client.get("/events/?kind=party&municipality=nowhere&month=x&organiser=abc")
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"kind", "municipality", "month", "organiser"}
    assert client.get("/events/?page=999").status_code == 200


def test_the_month_calendar_is_a_grid_with_previous_and_next(client, round_table):
    today = timezone.localdate()
    assert client.get("/events/calendar/").url == f"/events/calendar/{today.year}/{today.month}/"
    start = timezone.localtime(round_table.starts_at)
    response = client.get(f"/events/calendar/{start.year}/{start.month}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert round_table.get_absolute_url() in body
    assert body.count("<tr>") >= 5  # the header and four to six weeks
    previous = (start.date().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    assert f'href="/events/calendar/{previous.year}/{previous.month}/" rel="prev"' in body
    for bad in ("2026/13", "2026/0", "0/1", "99999/1"):
        assert client.get(f"/events/calendar/{bad}/").status_code == 404


def test_a_several_days_event_is_on_each_of_its_days(iskar):
    from partnerstvo.events.selectors import month_grid

    today = timezone.localdate()
    month = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    start = timezone.make_aware(datetime.datetime(month.year, month.month, 10, 10))
    event = services.event_create(
        actor=SYSTEM,
        data={
            "title": "Тридневна конференция",
            "format": Event.Format.ONLINE,
            "online_url": "https://meet.example.bg/c",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(days=2, hours=6),
            "status": Event.Status.PUBLISHED,
        },
        organisations=[iskar],
    )
    grid = month_grid(user=None, month=month)
    days = [day.date.day for week in grid.weeks for day in week if event in day.events]
    assert days == [10, 11, 12]
    assert grid.count == 1 and not grid.truncated


def test_the_online_link_is_only_for_confirmed_participants(client, iskar, participant, outsider):
    event = build_event(organisations=[iskar], format=Event.Format.ONLINE, capacity=1)
    link = "meet.example.bg/kragla-masa"
    assert link not in client.get(event.get_absolute_url()).content.decode()
    login(client, outsider)
    services.registration_create(event=event, person=outsider.person, actor=outsider)
    assert link in client.get(event.get_absolute_url()).content.decode()
    login(client, participant)
    services.registration_create(event=event, person=participant.person, actor=participant)
    body = client.get(event.get_absolute_url()).content.decode()  # waiting: no link
    assert link not in body
    for url in ("/events/feed.ics", f"/events/{event.slug}/event.ics"):
        assert link not in client.get(url).content.decode()
    data = _json_ld(client.get(event.get_absolute_url()))
    assert link not in json.dumps(data)


def _json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def test_json_ld_describes_the_event(client, round_table, iskar):
    data = _json_ld(client.get(round_table.get_absolute_url()))
    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressLocality"] == round_table.municipality.name
    assert data["organizer"]["name"] == iskar.name
    services.event_cancel(actor=SYSTEM, event=round_table, reason="Няма зала.")
    data = _json_ld(client.get(round_table.get_absolute_url()))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_registering_through_the_page(client, round_table, participant, iskar):
    access, meal, _note = add_questions(round_table)
    url = f"/events/{round_table.slug}/register/"
    assert client.post(url).status_code == 302  # anonymous: to the login
    assert not Registration.objects.exists()
    login(client, participant)
    page = client.get(round_table.get_absolute_url()).content.decode()
    assert access.label in page and 'id="register-self"' in page
    # A required question unanswered: the page again with the message, nothing written.
    response = client.post(url, {f"question_{meal.pk}": "Пица"})
    assert response.status_code == 400
    assert not Registration.objects.exists()
    assert response.context["form"].errors.keys() >= {access.field_name, meal.field_name}
    response = client.post(
        url,
        {
            f"question_{access.pk}": "yes",
            f"question_{meal.pk}": "Вегетарианско",
            "on_behalf_of": iskar.pk,
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.on_behalf_of == iskar and registration.is_confirmed
    page = client.get(round_table.get_absolute_url()).content.decode()
    assert 'id="registration-status"' in page
    # Twice: refused, shown, nothing more written.
    response = client.post(url, {f"question_{access.pk}": "yes"})
    assert response.status_code == 400
    assert "вече е регистриран(а) за това събитие" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_forged_invitation_token_is_refused_on_the_page(client, iskar, participant):
    event = build_event(organisations=[iskar], registration=Event.Registration.INVITATION)
    login(client, participant)
    assert 'id="register-self"' not in client.get(event.get_absolute_url()).content.decode()
    response = client.get(f"/events/{event.slug}/register/?invitation=forged")
    assert response.status_code == 302 and "invitation=forged" in response.url
    assert 'value="forged"' in client.get(response.url).content.decode()
    response = client.post(f"/events/{event.slug}/register/", {"invitation": "forged"})
    assert response.status_code == 400
    assert "invitation" in response.content.decode().lower() or "покана" in (
        response.content.decode()
    )
    assert not Registration.objects.exists()


def test_cancelling_ones_own_registration_and_not_someone_elses(
    client, round_table, participant, outsider, django_capture_on_commit_callbacks
):
    own = services.registration_create(
        event=round_table, person=participant.person, actor=participant
    )
    other = services.registration_create(event=round_table, person=outsider.person, actor=outsider)
    login(client, participant)
    assert client.get(f"/events/registrations/{other.pk}/cancel/").status_code == 404
    response = client.post(f"/events/registrations/{other.pk}/cancel/", {"confirm": "yes"})
    assert response.status_code == 404
    assert Registration.objects.get(pk=other.pk).is_confirmed
    assert client.get(f"/events/registrations/{own.pk}/cancel/").status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/registrations/{own.pk}/cancel/", {"confirm": "yes"})
    assert response.status_code == 302
    assert Registration.objects.get(pk=own.pk).is_cancelled
    assert [m.to for m in mail.outbox] == [[participant.email]]
    for bad in ("abc", "99999999999999999999"):
        assert client.get(f"/events/registrations/{bad}/cancel/").status_code == 404


def test_my_events(client, round_table, participant):
    services.registration_create(event=round_table, person=participant.person, actor=participant)
    assert client.get("/events/my/").status_code == 302
    login(client, participant)
    body = client.get("/events/my/").content.decode()
    assert round_table.get_absolute_url() in body


def test_the_feeds_parse_and_hold_the_right_events(
    client, round_table, iskar, go2000, gorna_oryahovitsa
):
    elsewhere = build_event(
        title="Среща в Горна Оряховица", organisations=[go2000], municipality=gorna_oryahovitsa
    )
    build_event(title="Чернова", organisations=[iskar], status="draft")

    def summaries(url):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.content)
        return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}

    assert summaries("/events/feed.ics") == {round_table.title, elsewhere.title}
    municipality = round_table.municipality
    assert summaries(f"/events/municipality/{municipality.slug}/feed.ics") == {round_table.title}
    assert summaries(f"/events/municipality/{municipality.pk}/feed.ics") == {round_table.title}
    assert summaries(f"/events/organisation/{go2000.pk}/feed.ics") == {elsewhere.title}
    assert summaries(f"/events/{round_table.slug}/event.ics") == {round_table.title}
    for url in (
        "/events/municipality/nowhere/feed.ics",
        "/events/municipality/99999999999999/feed.ics",
        "/events/organisation/99999/feed.ics",
        "/events/organisation/99999999999999999/feed.ics",
        "/events/no-such-event/event.ics",
    ):
        assert client.get(url).status_code == 404


def test_published_events_are_in_the_sitemap(client, round_table, iskar):
    draft = build_event(title="Чернова", organisations=[iskar], status="draft")
    assert "http://testserver/sitemap-events.xml" in client.get("/sitemap.xml").content.decode()
    body = client.get("/sitemap-events.xml").content.decode()
    assert f"http://testserver{round_table.get_absolute_url()}" in body
    assert draft.get_absolute_url() not in body


def test_events_appear_on_organisers_and_participants_cso_websites(
    client, round_table, go2000, participant, iskar, django_assert_max_num_queries
):
    from conftest import add_member
    from partnerstvo.websites.contributions import contributions_for
    from partnerstvo.websites.services import website_enable

    add_member(participant, go2000, "member")
    services.registration_create(
        event=round_table, person=participant.person, actor=participant, on_behalf_of=go2000
    )
    with django_assert_max_num_queries(1):
        organised = contributions_for(iskar, kinds=("events",))
    assert [item.url for item in organised] == [round_table.get_absolute_url()]
    took_part = contributions_for(go2000, kinds=("events",))
    assert [item.url for item in took_part] == [round_table.get_absolute_url()]
    assert organised[0].title != took_part[0].title
    website = website_enable(actor=SYSTEM, organisation=iskar)
    page = client.get("/deynosti/", HTTP_HOST=website.site.hostname).content.decode()
    assert round_table.title in page
