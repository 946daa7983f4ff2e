"""Enrolment: who may enrol whom, capacity, the waiting list with automatic promotion,
cancellation, enforced status transitions, and the confirmation e-mails with their .ics."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import add_member, make_user
from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import services
from partnerstvo.trainings.models import Enrolment

Status = Enrolment.Status


def _person(email, first="Тест", last="Участник"):
    return make_user(email, first, last)


def test_person_enrols_themselves_and_gets_a_confirmation_with_the_sessions(
    course, participant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = services.enrolment_create(
            actor=participant, course=course, person=participant.person
        )
    assert enrolment.status == Status.REGISTERED
    # Self-enrolment of a CSO member counts for the CSO, in its municipality.
    assert enrolment.organisation.short_name == "Искър БГ"
    assert enrolment.participant_group == Enrolment.Group.CSO
    assert enrolment.municipality.code == "PVN10"
    assert AuditEntry.objects.filter(action="trainings.enrolment.created").count() == 1
    (message,) = mailoutbox
    assert message.to == ["uchastnik@example.bg"]
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    assert content.count("BEGIN:VEVENT") == 2
    assert "\r\n" in content


def test_full_course_puts_people_on_the_waiting_list_and_a_cancellation_promotes_the_first(
    course, mailoutbox, django_capture_on_commit_callbacks
):
    users = [_person(f"p{i}@example.bg") for i in range(5)]
    enrolments = [
        services.enrolment_create(actor=user, course=course, person=user.person) for user in users
    ]
    assert [e.status for e in enrolments] == [Status.REGISTERED] * 3 + [Status.WAITING] * 2
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(actor=users[1], enrolment=enrolments[1])
    for enrolment in enrolments:
        enrolment.refresh_from_db()
    assert enrolments[1].status == Status.CANCELLED
    assert enrolments[3].status == Status.REGISTERED  # first on the list
    assert enrolments[4].status == Status.WAITING
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == ["p1@example.bg", "p3@example.bg"]
    promotion = next(m for m in mailoutbox if m.to == ["p3@example.bg"])
    assert promotion.attachments and "BEGIN:VCALENDAR" in promotion.attachments[0][1]
    assert AuditEntry.objects.filter(action="trainings.enrolment.promoted").count() == 1


def test_more_capacity_promotes_from_the_waiting_list(course, coordinator):
    users = [_person(f"p{i}@example.bg") for i in range(4)]
    for user in users:
        services.enrolment_create(actor=user, course=course, person=user.person)
    services.course_update(actor=coordinator, course=course, data={"capacity": 4})
    assert not course.enrolments.filter(status=Status.WAITING).exists()


def test_enrolling_twice_is_refused_and_changes_nothing(course, participant):
    services.enrolment_create(actor=participant, course=course, person=participant.person)
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(actor=participant, course=course, person=participant.person)
    assert error.value.code == "duplicate"
    assert course.enrolments.count() == 1


def test_a_cancelled_enrolment_can_be_reopened(course, participant):
    enrolment = services.enrolment_create(
        actor=participant, course=course, person=participant.person
    )
    services.enrolment_cancel(actor=participant, enrolment=enrolment)
    again = services.enrolment_create(actor=participant, course=course, person=participant.person)
    assert again.pk == enrolment.pk
    assert again.status == Status.REGISTERED


def test_status_transitions_are_enforced(course, participant, trainer):
    enrolment = services.enrolment_create(
        actor=participant, course=course, person=participant.person
    )
    with pytest.raises(ValidationError) as error:
        services.enrolment_set_status(actor=trainer, enrolment=enrolment, status=Status.COMPLETED)
    assert error.value.code == "manual_status"
    services.enrolment_set_status(actor=trainer, enrolment=enrolment, status=Status.NO_SHOW)
    enrolment.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.enrolment_cancel(actor=participant, enrolment=enrolment)
    assert error.value.code == "not_cancellable"
    services.enrolment_set_status(actor=trainer, enrolment=enrolment, status=Status.ATTENDED)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.ATTENDED
    # Attended cannot go back to the waiting list or be cancelled.
    for target in (Status.WAITING, Status.CANCELLED, Status.REGISTERED):
        assert target not in Enrolment.TRANSITIONS[Status.ATTENDED]


def test_cso_admin_enrols_a_member_but_not_someone_outside_the_cso(
    course, iskar, go2000, iskar_admin, participant, go2000_member
):
    enrolment = services.enrolment_create(
        actor=iskar_admin, course=course, person=participant.person, organisation=iskar
    )
    assert enrolment.enrolled_by == iskar_admin
    assert enrolment.organisation == iskar
    with pytest.raises(PermissionDenied):
        services.enrolment_create(
            actor=iskar_admin, course=course, person=go2000_member.person, organisation=go2000
        )
    with pytest.raises(PermissionDenied):
        services.enrolment_create(
            actor=iskar_admin, course=course, person=go2000_member.person, organisation=iskar
        )
    assert not Enrolment.objects.filter(person=go2000_member.person).exists()


def test_an_editor_or_member_cannot_enrol_others(course, iskar, iskar_editor, participant):
    with pytest.raises(PermissionDenied):
        services.enrolment_create(
            actor=iskar_editor, course=course, person=participant.person, organisation=iskar
        )


def test_municipal_officer_enrols_their_staff_only(
    course, administration, other_administration, officer, staff_member, participant
):
    enrolment = services.enrolment_create(
        actor=officer, course=course, person=staff_member.person, administration=administration
    )
    assert enrolment.participant_group == Enrolment.Group.MUNICIPAL
    assert enrolment.municipality_id == administration.municipality_id
    with pytest.raises(PermissionDenied):
        services.enrolment_create(
            actor=officer, course=course, person=participant.person, administration=administration
        )
    with pytest.raises(PermissionDenied):
        services.enrolment_create(
            actor=officer,
            course=course,
            person=staff_member.person,
            administration=other_administration,
        )


def test_closed_or_unpublished_course_refuses_enrolment(course, coordinator, participant):
    services.course_update(actor=coordinator, course=course, data={"enrolment_open": False})
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(actor=participant, course=course, person=participant.person)
    assert error.value.code == "closed"
    # Coordinators may still enrol someone by hand.
    services.enrolment_create(actor=coordinator, course=course, person=participant.person)


def test_pre_test_forms_alternate_so_half_the_group_starts_with_each(course):
    users = [_person(f"p{i}@example.bg") for i in range(3)]
    services.course_update(actor=SYSTEM, course=course, data={"capacity": 10})
    forms = [
        services.enrolment_create(actor=u, course=course, person=u.person).pre_test_form
        for u in users
    ]
    assert forms == ["A", "B", "A"]
    enrolment = Enrolment.objects.get(person=users[1].person)
    assert enrolment.post_test_form == "A"


def test_only_the_person_or_those_responsible_may_cancel(
    course, participant, go2000_member, iskar_admin, trainer, other_trainer
):
    enrolment = services.enrolment_create(
        actor=participant, course=course, person=participant.person
    )
    for outsider in (go2000_member, other_trainer):
        with pytest.raises(PermissionDenied):
            services.enrolment_cancel(actor=outsider, enrolment=enrolment)
    services.enrolment_cancel(actor=iskar_admin, enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.CANCELLED


def test_staff_member_enrolling_themselves_counts_for_their_administration(
    programme, trainer, dolna_mitropolia, staff_member
):
    from .conftest import build_course

    municipal = build_course(
        programme=programme,
        trainer=trainer,
        municipality=dolna_mitropolia,
        title="Стратегическо планиране на местно ниво",
        target_group="municipal",
    )
    enrolment = services.enrolment_create(
        actor=staff_member, course=municipal, person=staff_member.person
    )
    assert enrolment.participant_group == Enrolment.Group.MUNICIPAL


def test_member_of_two_csos_is_enrolled_by_each_admin_only_for_their_own(
    course, iskar, go2000, go2000_member
):
    both = add_member(go2000_member, iskar, "member")
    iskar_admin = add_member(make_user("a2@iskar.example.bg"), iskar, "admin")
    enrolment = services.enrolment_create(
        actor=iskar_admin, course=course, person=both.person, organisation=iskar
    )
    assert enrolment.organisation == iskar
