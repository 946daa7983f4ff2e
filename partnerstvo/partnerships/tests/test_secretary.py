"""A council's secretary runs its meetings: a CSO member who is the secretary (not an officer of
the administration, not an admin or editor of a CSO) writes, circulates and approves the
minutes, marks the attendance and manages the registrations; an ordinary member does not. The
events app learns it through ``events.managers`` (it imports nothing of partnerships)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from conftest import PASSWORD
from partnerstvo.core.permissions import scope, user_can
from partnerstvo.directory.roles import roles_of
from partnerstvo.events import services as events
from partnerstvo.events.models import Event, Minutes, Registration
from partnerstvo.partnerships import services
from partnerstvo.partnerships.models import CouncilMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(council, officer, iskar_member):
    services.council_member_add(
        actor=officer,
        council=council,
        data={"person": iskar_member.person, "position": CouncilMember.Position.MEMBER},
    )
    start = timezone.now() + datetime.timedelta(days=3)
    return services.council_meeting_create(
        actor=officer,
        council=council,
        data={
            "title": "Заседание на съвета",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
            "venue": "Зала",
        },
    ).event


def test_the_secretary_is_no_officer_nor_cso_editor(secretary):
    roles = roles_of(secretary)
    assert not roles.administrations and not roles.orgs_with("admin", "editor")


def test_the_secretary_runs_the_minutes_through_their_workflow(meeting, secretary):
    for action in ("manage_minutes", "manage_registrations", "check_in", "view_participants"):
        assert user_can(secretary, action, meeting), action
    assert scope(secretary, "manage_minutes", Event.objects.all()).get() == meeting
    minutes = events.minutes_save(actor=secretary, event=meeting, body="Съветът обсъди плана.")
    events.decision_add(actor=secretary, minutes=minutes, text="Приема плана.")
    minutes = events.minutes_circulate(actor=secretary, minutes=minutes)
    minutes = events.minutes_approve(actor=secretary, minutes=minutes)
    assert minutes.status == Minutes.Status.APPROVED
    registration = meeting.registrations.order_by("pk").first()
    marked = events.attendance_set(
        actor=secretary, event=meeting, marks={registration.pk: "present"}
    )
    assert marked == 1


def test_an_ordinary_member_does_not(meeting, iskar_member, secretary):
    assert user_can(iskar_member, "view", meeting)
    for action in ("manage_minutes", "manage_registrations", "check_in", "change"):
        assert not user_can(iskar_member, action, meeting), action
    with pytest.raises(PermissionDenied):
        events.minutes_save(actor=iskar_member, event=meeting, body="Моят протокол.")
    minutes = events.minutes_save(actor=secretary, event=meeting, body="Протокол.")
    with pytest.raises(PermissionDenied):
        events.minutes_circulate(actor=iskar_member, minutes=minutes)
    with pytest.raises(PermissionDenied):
        events.attendance_set(actor=iskar_member, event=meeting, marks={})


def test_a_former_secretary_no_longer_runs_the_meetings(meeting, council, secretary, officer):
    seat = council.members.get(person=secretary.person)
    services.council_member_end(
        actor=officer, member=seat, ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    if hasattr(secretary, "_partnerstvo_roles"):
        delattr(secretary, "_partnerstvo_roles")  # a new request: new roles, new cache
    assert not user_can(secretary, "manage_minutes", meeting)


def test_the_secretary_writes_the_minutes_on_the_page(client, meeting, secretary, iskar_member):
    url = f"/events/{meeting.slug}/minutes/"
    assert client.login(username=iskar_member.email, password=PASSWORD)
    response = client.post(url, {"step": "save", "body": "Чужд протокол."})
    assert response.status_code in (403, 404)
    assert not Minutes.objects.filter(event=meeting).exists()
    client.logout()
    assert client.login(username=secretary.email, password=PASSWORD)
    assert client.get(url).status_code == 200
    response = client.post(url, {"step": "save", "body": "Съветът обсъди плана."})
    assert response.status_code == 302
    assert Minutes.objects.get(event=meeting).body == "Съветът обсъди плана."
    assert client.get(f"/events/{meeting.slug}/attendance/").status_code == 200
    assert Registration.objects.filter(event=meeting).count() == 3
