"""Subscribers hear when a consultation opens, two days before its end and when its справка is
published (each once); officers are reminded of proposals still without an answer."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from partnerstvo.consultations import notices, services
from partnerstvo.consultations.models import Consultation
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.notifications.models import Notification
from partnerstvo.notifications.services import subscription_save

from .conftest import end, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(citizen, dolna_mitropolia):
    subscription_save(
        actor=SYSTEM, person=citizen.person, topic="consultations", municipality=dolna_mitropolia
    )
    return citizen


@pytest.fixture
def elsewhere(iskar_member, gorna_oryahovitsa):
    subscription_save(
        actor=SYSTEM,
        person=iskar_member.person,
        topic="consultations",
        municipality=gorna_oryahovitsa,
    )
    return iskar_member


def _kinds(user):
    return list(Notification.objects.filter(person=user.person).values_list("kind", flat=True))


def test_subscribers_hear_of_the_opening_once(
    officer, administration, subscriber, elsewhere, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consultation = publish(officer, administration)
    assert _kinds(subscriber) == ["consultations.opened"]
    assert _kinds(elsewhere) == []
    assert any(consultation.title in m.subject for m in mail.outbox)
    assert notices.announce_due() == 0
    assert _kinds(subscriber) == ["consultations.opened"]


def test_a_planned_consultation_is_announced_when_it_opens(officer, administration, subscriber):
    start = timezone.localdate() + datetime.timedelta(days=2)
    consultation = publish(officer, administration, start=start)
    assert notices.announce_due() == 0
    assert notices.announce_due(today=start) == 0  # status is read from today's date
    Consultation.objects.filter(pk=consultation.pk).update(starts_on=timezone.localdate())
    assert notices.announce_due() == 1
    assert _kinds(subscriber) == ["consultations.opened"]


def test_two_days_before_the_end_once(officer, administration, subscriber):
    consultation = publish(officer, administration)
    assert notices.remind_closing() == 0
    two_days_before = consultation.ends_on - datetime.timedelta(days=2)
    assert notices.remind_closing(today=two_days_before) == 1
    assert notices.remind_closing(today=two_days_before) == 0
    assert "consultations.closing" in _kinds(subscriber)


def test_the_summary_is_announced_and_officers_reminded(
    ordinance, officer, subscriber, iskar_member
):
    comment = services.comment_create(actor=iskar_member, consultation=ordinance, text="А")
    end(ordinance)
    assert notices.remind_officers() == 1
    assert _kinds(officer) == ["consultations.unanswered"]
    services.comment_answer(actor=officer, comment=comment, answer="accepted", reasons="Да")
    assert notices.remind_officers() == 0
    services.summary_publish(actor=officer, consultation=ordinance)
    assert "consultations.summary" in _kinds(subscriber)


def test_the_topic_is_narrowed_by_the_directorys_areas_of_work(
    officer,
    administration,
    citizen,
    iskar_member,
    dolna_mitropolia,
    django_capture_on_commit_callbacks,
):
    """The topic's areas are the directory's areas of work, read when asked for (an area added
    today can be chosen today); a subscriber to one area hears of consultations tagged with it
    and not of the others."""
    from partnerstvo.directory.models import AreaOfWork
    from partnerstvo.notifications import topics

    social = AreaOfWork.objects.create(name="Социални услуги", slug="socialni-uslugi")
    roads = AreaOfWork.objects.create(name="Пътища", slug="patishta")
    assert {"socialni-uslugi", "patishta"} <= set(dict(topics.get("consultations").areas))
    for user, area in [(citizen, social), (iskar_member, roads)]:
        subscription_save(
            actor=SYSTEM,
            person=user.person,
            topic="consultations",
            municipality=dolna_mitropolia,
            area=area.slug,
        )
    with django_capture_on_commit_callbacks(execute=True):
        publish(officer, administration, areas=[social])
    assert _kinds(citizen) == ["consultations.opened"]
    assert _kinds(iskar_member) == []
