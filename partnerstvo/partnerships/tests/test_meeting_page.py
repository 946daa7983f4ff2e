"""A council meeting's event page links back to its council (``events.page_sections``): a
transparent council's on the public page; a private council's only on its closed meeting's
page, which only its organisers and members see. One query."""

import datetime

import pytest
from django.utils import timezone

from conftest import PASSWORD
from partnerstvo.events.models import Event
from partnerstvo.partnerships import services
from partnerstvo.partnerships.contributions import council_of_meeting

pytestmark = pytest.mark.django_db


def _meeting(council, actor):
    start = timezone.now() + datetime.timedelta(days=5)
    return services.council_meeting_create(
        actor=actor,
        council=council,
        data={
            "title": "Заседание",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
            "venue": "Зала",
        },
    ).event


def _section(response):
    return [s for s in response.context["sections"] if s.key == "council"]


def test_a_transparent_councils_meeting_links_to_it_publicly(client, council, officer):
    event = _meeting(council, officer)
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    [section] = _section(response)
    [item] = section.items
    assert item.url == council.get_absolute_url()
    assert item.title == f"Meeting of {council.name}"
    assert f'href="{council.get_absolute_url()}"' in response.content.decode()


def test_a_private_councils_meeting_links_to_it_for_its_members(
    client, private_council, officer, iskar_member
):
    event = _meeting(private_council, officer)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.login(username=iskar_member.email, password=PASSWORD)
    [section] = _section(client.get(event.get_absolute_url()))
    assert section.items[0].url == private_council.get_absolute_url()
    # Made listed by its organisers, it would no longer name a private council.
    Event.objects.filter(pk=event.pk).update(is_listed=True)
    event.refresh_from_db()
    assert council_of_meeting(event) == []


def test_other_events_have_no_council_section_and_it_costs_one_query(
    council, officer, iskar, django_assert_num_queries
):
    event = _meeting(council, officer)
    with django_assert_num_queries(1):
        assert len(council_of_meeting(event)) == 1
    other = Event.objects.create(
        title="Друго",
        slug="drugo",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        status=Event.Status.PUBLISHED,
        format=Event.Format.ONLINE,
    )
    with django_assert_num_queries(1):
        assert council_of_meeting(other) == []
