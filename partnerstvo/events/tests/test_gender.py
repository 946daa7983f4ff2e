"""The optional, self-declared gender of a registration, and the attendance counted by it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.events import services
from partnerstvo.events.models import Minutes, Registration
from partnerstvo.events.selectors.minutes import (
    attendance_counts,
    attendance_rows,
    attendance_summary,
    gender_counts,
)

from .meetings import *  # noqa: F403 - the fixtures

pytestmark = pytest.mark.django_db


def test_asked_on_the_registration_form_with_why_and_kept(client, round_table, participant):
    client.force_login(participant)
    page = client.get(round_table.get_absolute_url()).content.decode()
    assert 'name="gender"' in page and 'value="undisclosed"' in page
    assert 'id="id_gender_helptext"' in page  # why it is asked
    url = reverse("events:event-register", kwargs={"slug": round_table.slug})
    response = client.post(url, {"gender": "nonsense"})
    assert response.status_code in (200, 400)
    assert not Registration.objects.filter(person=participant.person).exists()
    assert client.post(url, {"gender": "woman"}).status_code == 302
    assert Registration.objects.get(person=participant.person).gender == "woman"


def test_not_stated_by_default_and_the_service_checks_it(round_table, participant, outsider):
    event = round_table
    registration = services.registration_create(
        event=event, person=participant.person, actor=SYSTEM
    )
    assert registration.gender == ""
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.registration_create(
            event=event, person=outsider.person, actor=SYSTEM, gender="robot"
        )
    assert "gender" in refused.value.message_dict
    assert not Registration.objects.filter(person=outsider.person).exists()


def test_attendance_by_type_and_gender_in_one_query_and_on_the_screens(
    client, event, registrations, iskar_admin, django_assert_num_queries
):
    Registration.objects.filter(pk=registrations["cso"].pk).update(gender="woman")
    Registration.objects.filter(pk=registrations["municipal"].pk).update(gender="man")
    Registration.objects.filter(pk=registrations["waiting"].pk).update(gender="woman")
    services.checkin_sync(
        actor=SYSTEM, event=event, scans=[{"code": registrations["cso"].checkin_code}]
    )
    services.attendance_set(actor=SYSTEM, event=event, marks={registrations["other"].pk: "absent"})
    with django_assert_num_queries(1):
        summary = attendance_summary(event=event)
    rows = attendance_rows(event=event)
    assert summary == {"types": attendance_counts(rows), "genders": gender_counts(rows)}
    genders = summary["genders"]
    assert genders["present"]["woman"] == 1  # checked in
    assert genders["unmarked"]["man"] == 1 and genders["absent"]["unstated"] == 1
    assert genders["total"]["total"] == 3  # the waiting one is not a participant
    # The organisers' back-office screen shows both tables.
    client.force_login(iskar_admin)
    screen = client.get(reverse("events_admin:event", args=[event.pk])).content.decode()
    assert 'id="attendance-counts"' in screen and 'id="attendance-gender-counts"' in screen
    # The minutes' attendance section, live and as the approved revision keeps it.
    minutes = services.minutes_save(actor=iskar_admin, event=event, body="Протокол.")
    services.minutes_circulate(actor=iskar_admin, minutes=minutes)
    services.minutes_approve(actor=iskar_admin, minutes=minutes)
    response = client.get(reverse("events:minutes", kwargs={"slug": event.slug}))
    table = {row["key"]: row for row in response.context["gender_table"]}
    assert table["present"]["cells"] == [1, 0, 0, 0, 0]
    assert table["total"]["total"] == 3
    assert 'id="attendance-gender-counts"' in response.content.decode()
    approved = Minutes.objects.get(event=event).revisions.order_by("-number").first()
    assert approved.attendance["gender_counts"]["total"]["woman"] == 1
