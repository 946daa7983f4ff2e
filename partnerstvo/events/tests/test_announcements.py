"""A published event is announced to those subscribed to new events near it."""

import datetime

import pytest
from django.utils import timezone, translation

from conftest import make_user
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.events import services
from partnerstvo.events.models import Event
from partnerstvo.notifications.models import Frequency, Notification
from partnerstvo.notifications.services import (
    notification_preference_save,
    subscription_save,
)

from .conftest import build_event

pytestmark = pytest.mark.django_db


def _subscribe(user, municipality=None):
    subscription_save(actor=SYSTEM, person=user.person, topic="events", municipality=municipality)


def test_publishing_tells_subscribers_near_the_event_once_each(
    iskar,
    administration,
    gorna_oryahovitsa,
    dolna_mitropolia,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    here = make_user("tuk@example.bg")
    everywhere = make_user("navsyakade@example.bg")
    twice = make_user("dvazhdi@example.bg")
    elsewhere = make_user("drugade@example.bg")
    digest = make_user("obobshtenie@example.bg")
    _subscribe(here, dolna_mitropolia)
    _subscribe(everywhere)
    _subscribe(twice, dolna_mitropolia)
    _subscribe(twice)
    _subscribe(elsewhere, gorna_oryahovitsa)
    _subscribe(digest, dolna_mitropolia)
    notification_preference_save(actor=SYSTEM, person=digest.person, frequency=Frequency.DAILY)
    # An online event (no venue) organised by Искър (seated in Долна Митрополия).
    with django_capture_on_commit_callbacks(execute=True):
        event = build_event(
            organisations=[iskar], status=Event.Status.DRAFT, format=Event.Format.ONLINE
        )
    assert not Notification.objects.exists()  # a draft is news to nobody
    with django_capture_on_commit_callbacks(execute=True):
        services.event_publish(actor=SYSTEM, event=event)
        assert not Notification.objects.exists()  # only once the publication commits
    told = Notification.objects.filter(kind="events.new_event")
    assert sorted(told.values_list("person__email", flat=True)) == sorted(
        [p.email for p in (here.person, everywhere.person, twice.person, digest.person)]
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [here.person.email, everywhere.person.email, twice.person.email]
    )  # the digest reader gets it in the digest
    assert event.get_absolute_url() in told.first().url
    assert event.title in mailoutbox[0].subject
    # Running the announcement again tells nobody twice.
    assert services.event_announce(event_id=event.pk) == 0
    assert told.count() == 4


def test_created_published_is_announced_through_administrations_municipality(
    administration,
    coordinator,
    gorna_oryahovitsa,
    dolna_mitropolia,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    people = [make_user(f"sub{i}@example.bg") for i in range(15)]
    for user in people:
        _subscribe(user, administration.municipality)
    other = make_user("drugade@example.bg")
    _subscribe(other, gorna_oryahovitsa)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        build_event(administrations=[administration], municipality=gorna_oryahovitsa)
    # The announcement's queries do not grow with the number of subscribers (the e-mails,
    # one per person who chose "immediately", go out after it).
    with django_assert_max_num_queries(8), django_capture_on_commit_callbacks(execute=False):
        for callback in callbacks:
            callback()
    assert Notification.objects.filter(kind="events.new_event").count() == 16


def test_past_or_cancelled_events_are_not_announced(iskar, dolna_mitropolia):
    subscriber = make_user("tuk@example.bg")
    _subscribe(subscriber, dolna_mitropolia)
    past = build_event(
        organisations=[iskar], status=Event.Status.DRAFT, starts_in=datetime.timedelta(days=-3)
    )
    past.status = Event.Status.PUBLISHED
    past.save()
    assert services.event_announce(event_id=past.pk) == 0
    coming = build_event(organisations=[iskar], status=Event.Status.DRAFT, title="Друго")
    assert services.event_announce(event_id=coming.pk) == 0  # a draft
    assert services.event_announce(event_id=coming.pk, now=timezone.now()) == 0
    services.event_publish(actor=SYSTEM, event=coming)
    with translation.override("en"):
        assert services.event_announce(event_id=coming.pk) == 1
    assert not Notification.objects.filter(url__contains=past.slug).exists()
