"""Councils: who sets them up and manages them (secretaries, the administration's officers),
members with their positions and terms, meetings that are events, decisions of approved minutes
tracked to completion, private councils hidden from the public and from non-members, and the
annual report as a page and a PDF."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from conftest import PASSWORD, add_member
from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import user_can
from partnerstvo.events.models import Event, EventOrganiser
from partnerstvo.partnerships import services
from partnerstvo.partnerships.models import Council, CouncilMeeting, CouncilMember

from .conftest import build_council
from .meetings import held_meeting

pytestmark = pytest.mark.django_db


def _messages(error):
    with translation.override("en"):
        return " ".join(error.value.messages)


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)


def test_only_officers_of_the_administration_set_up_its_councils(
    officer, iskar_admin, administration, other_administration
):
    with pytest.raises(PermissionDenied):
        build_council(iskar_admin, administration)
    with pytest.raises(PermissionDenied):
        build_council(officer, other_administration)
    council = build_council(officer, administration)
    assert council.slug and council.is_transparent
    assert AuditEntry.objects.filter(action="partnerships.council.created").exists()


def test_a_non_secretary_cannot_add_members(council, iskar_admin, iskar_member, outsider):
    for user in (iskar_admin, iskar_member, outsider):
        with pytest.raises(PermissionDenied):
            services.council_member_add(
                actor=user,
                council=council,
                data={"person": iskar_member.person, "position": CouncilMember.Position.MEMBER},
            )
    assert not council.members.filter(person=iskar_member.person).exists()


def test_a_secretary_adds_members_and_a_seat_is_held_once(council, secretary, iskar_member, iskar):
    member = services.council_member_add(
        actor=secretary,
        council=council,
        data={
            "person": iskar_member.person,
            "position": CouncilMember.Position.MEMBER,
            "organisation": iskar,
        },
    )
    assert member.represents == iskar
    with pytest.raises(ValidationError) as error:
        services.council_member_add(
            actor=secretary,
            council=council,
            data={"person": iskar_member.person, "position": CouncilMember.Position.CHAIR},
        )
    assert "already holds a seat" in _messages(error)
    assert AuditEntry.objects.filter(action="partnerships.member.added").count() == 3


def test_a_member_represents_only_an_organisation_they_belong_to(
    council, secretary, go2000, outsider
):
    with pytest.raises(ValidationError) as error:
        services.council_member_add(
            actor=secretary,
            council=council,
            data={"person": outsider.person, "organisation": go2000},
        )
    assert "not an active member" in _messages(error)


def test_a_term_cannot_end_before_it_starts(council, secretary, outsider):
    with pytest.raises(ValidationError) as error:
        services.council_member_add(
            actor=secretary,
            council=council,
            data={
                "person": outsider.person,
                "starts_on": datetime.date(2026, 5, 1),
                "ends_on": datetime.date(2026, 4, 1),
            },
        )
    assert "cannot end before it starts" in _messages(error)
    assert not council.members.filter(person=outsider.person).exists()


def test_an_ended_secretary_no_longer_manages(council, secretary, officer):
    seat = council.members.get(person=secretary.person)
    assert user_can(secretary, "manage", council)
    services.council_member_end(
        actor=officer, member=seat, ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    secretary = type(secretary).objects.get(pk=secretary.pk)  # fresh roles
    assert not user_can(secretary, "manage", council)


def test_a_private_council_is_invisible_to_the_public_and_to_non_members(
    client, private_council, iskar_member, iskar_admin, officer
):
    url = private_council.get_absolute_url()
    assert client.get(url).status_code == 404
    _login(client, iskar_admin)
    assert client.get(url).status_code == 404
    assert private_council.name not in client.get("/partnerships/councils/").content.decode()
    client.logout()
    _login(client, iskar_member)
    assert client.get(url).status_code == 200
    assert private_council.name in client.get("/partnerships/councils/").content.decode()
    assert not user_can(iskar_member, "manage", private_council)
    assert (
        client.get(f"/partnerships/councils/{private_council.slug}/report/2026/").status_code == 200
    )
    client.logout()
    assert (
        client.get(f"/partnerships/councils/{private_council.slug}/report/2026.pdf").status_code
        == 404
    )


def test_a_secretary_calls_a_meeting_that_is_an_event_of_the_administration(
    council, secretary, officer, administration
):
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = services.council_meeting_create(
        actor=secretary,
        council=council,
        data={
            "title": "Първо заседание",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
            "venue": "Зала 1",
        },
    )
    event = meeting.event
    assert event.status == Event.Status.PUBLISHED
    assert event.registration == Event.Registration.INVITATION
    assert list(
        EventOrganiser.objects.filter(event=event).values_list("administration", flat=True)
    ) == [administration.pk]
    # Its current members are its participants; the officer manages its minutes.
    assert set(event.registrations.values_list("person_id", flat=True)) == {
        secretary.person_id,
        officer.person_id,
    }
    assert user_can(officer, "manage_minutes", event)


def test_a_meeting_with_bad_times_is_refused_and_nothing_is_written(council, secretary):
    start = timezone.now() + datetime.timedelta(days=10)
    with pytest.raises(ValidationError):
        services.council_meeting_create(
            actor=secretary,
            council=council,
            data={"title": "Х", "starts_at": start, "ends_at": start, "venue": "Зала"},
        )
    assert not CouncilMeeting.objects.exists() and not Event.objects.exists()


def test_a_non_manager_cannot_call_a_meeting(council, iskar_admin):
    start = timezone.now() + datetime.timedelta(days=10)
    with pytest.raises(PermissionDenied):
        services.council_meeting_create(
            actor=iskar_admin,
            council=council,
            data={"title": "Х", "starts_at": start, "ends_at": start + datetime.timedelta(hours=1)},
        )


def test_a_private_councils_meeting_is_a_closed_event_of_its_members(
    client, private_council, officer, iskar_member, outsider
):
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = services.council_meeting_create(
        actor=officer,
        council=private_council,
        data={
            "title": "Работна среща",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
            "venue": "Зала",
        },
    )
    event = meeting.event
    # Published, so attendance and minutes work; closed, so nobody else sees it.
    assert event.status == Event.Status.PUBLISHED and not event.is_listed
    assert list(event.registrations.values_list("person_id", flat=True)) == [iskar_member.person_id]
    assert not user_can(None, "view", event)
    assert not user_can(outsider, "view", event)
    assert user_can(iskar_member, "view", event)
    assert user_can(officer, "manage_minutes", event)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert event.get_absolute_url() not in client.get("/events/").content.decode()
    assert client.get(f"/api/v1/events/{event.slug}/").status_code == 404
    _login(client, iskar_member)
    assert client.get(event.get_absolute_url()).status_code == 200
    page = client.get(private_council.get_absolute_url()).content.decode()
    assert event.get_absolute_url() in page


def test_the_annual_report_of_a_private_council_shows_attendance(
    client, private_council, officer, iskar_member
):
    event, _decision = held_meeting(private_council, officer)
    _login(client, iskar_member)
    response = client.get(
        f"/partnerships/councils/{private_council.slug}/report/{event.starts_at.year}/"
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert [e.pk for e in report.meetings] == [event.pk]
    assert (report.meetings[0].participants, report.meetings[0].present) == (1, 1)
    assert report.attendance_rate == 100


def test_the_council_page_lists_decisions_and_open_actions(client, council, officer):
    held_meeting(council, officer, publish=True)
    with translation.override("en"):
        page = client.get(council.get_absolute_url()).content.decode()
    assert "Приема плана за 2026 г." in page
    assert 'id="open-actions"' in page
    assert "Организира обществено обсъждане" in page
    assert 'id="member-form"' not in page  # the public does not manage


def test_the_public_sees_decisions_of_published_minutes_only(client, council, officer, secretary):
    held_meeting(council, officer, publish=False)
    assert "Приема плана" not in client.get(council.get_absolute_url()).content.decode()
    _login(client, secretary)
    page = client.get(council.get_absolute_url()).content.decode()
    assert "Приема плана" in page
    assert 'id="member-form"' in page and 'id="meeting-form"' in page


def test_the_annual_report_as_a_page_and_a_pdf(client, council, officer):
    event, _decision = held_meeting(council, officer, publish=True)
    year = event.starts_at.year
    response = client.get(f"/partnerships/councils/{council.slug}/report/{year}/")
    assert response.status_code == 200
    report = response.context["report"]
    assert [e.pk for e in report.meetings] == [event.pk]
    assert report.meetings[0].participants == 2 and report.meetings[0].present == 1
    assert (report.actions_done, report.actions_open) == (1, 1)
    assert report.attendance_rate == 50
    assert len(report.members) == 2
    pdf = client.get(f"/partnerships/councils/{council.slug}/report/{year}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert client.get(f"/partnerships/councils/{council.slug}/report/1999/").status_code == 404


def test_the_page_forms_refuse_bad_input_with_a_message(client, council, secretary, outsider):
    _login(client, secretary)
    url = f"/partnerships/councils/{council.slug}/members/"
    response = client.post(url, {"person": secretary.person.pk, "position": "chair"})
    assert response.status_code == 400
    assert council.members.count() == 2
    response = client.post(
        f"/partnerships/councils/{council.slug}/meetings/",
        {"title": "", "starts_at": "bad", "ends_at": "", "venue": ""},
    )
    assert response.status_code == 400
    assert not CouncilMeeting.objects.exists()
    client.logout()
    _login(client, outsider)
    assert client.post(url, {"person": outsider.person.pk, "position": "member"}).status_code == 403
    assert council.members.count() == 2


def test_a_council_page_costs_a_constant_number_of_queries(
    client, council, officer, django_assert_max_num_queries, iskar
):
    held_meeting(council, officer, publish=True)
    for index in range(6):
        from conftest import make_user

        user = add_member(make_user(f"chlen{index}@example.bg"), iskar, "member")
        services.council_member_add(
            actor=officer, council=council, data={"person": user.person, "organisation": iskar}
        )
    held_meeting(council, officer, days_ago=40, publish=True)
    with django_assert_max_num_queries(12):
        assert client.get(council.get_absolute_url()).status_code == 200


def test_councils_are_only_changed_by_their_managers(council, secretary, iskar_admin):
    services.council_update(actor=secretary, council=council, data={"purpose": "Нова цел."})
    with pytest.raises(PermissionDenied):
        services.council_update(actor=iskar_admin, council=council, data={"purpose": "Х"})
    council.refresh_from_db()
    assert council.purpose == "Нова цел."
    assert Council.objects.count() == 1
