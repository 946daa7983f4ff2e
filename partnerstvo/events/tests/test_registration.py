"""Registering for an event through the service: every refusal says why and writes nothing;
capacity, the waiting list, cancelling and promotion; invitations."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from conftest import make_user
from partnerstvo.core.audit import AuditEntry
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.events import services
from partnerstvo.events.models import Event, Invitation, Registration

from .conftest import add_questions, build_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The services' messages are read in English here (the catalogue's completeness is the
    translation test's); pages are checked in Bulgarian elsewhere."""
    with translation.override("en"):
        yield


def register(event, user, **kwargs):
    return services.registration_create(event=event, person=user.person, actor=user, **kwargs)


def refused(event, user, match, **kwargs):
    before = Registration.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        register(event, user, **kwargs)
    assert re.search(match, " ".join(error.value.messages)), error.value.messages
    assert (Registration.objects.count(), AuditEntry.objects.count()) == before
    return error.value


def test_a_member_registers_and_gets_the_confirmation_with_ics_and_qr(
    round_table, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(round_table, participant)
    assert registration.status == Registration.Status.CONFIRMED
    assert len(registration.checkin_code) >= 20
    assert AuditEntry.objects.filter(action="events.registration.created").count() == 1
    (message,) = mail.outbox
    assert message.to == [participant.email]
    assert round_table.title in message.subject
    assert registration.checkin_code in message.body
    files = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    ics_content = files[f"{round_table.slug}.ics"][0]
    calendar = icalendar.Calendar.from_ical(ics_content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == round_table.title
    assert vevent.decoded("DTSTART") == round_table.starts_at.replace(microsecond=0)
    assert "Читалище „Надежда“" in str(vevent["LOCATION"])
    png, mimetype = files["checkin-qr.png"]
    assert mimetype == "image/png" and png.startswith(b"\x89PNG")


def test_the_qr_code_holds_the_checkin_code(round_table, participant):
    from PIL import Image

    from partnerstvo.events.emails import qr_png

    registration = register(round_table, participant)
    image = Image.open(__import__("io").BytesIO(qr_png(registration.checkin_code)))
    assert image.format == "PNG" and image.size[0] > 100


def test_double_registration_is_refused(round_table, participant):
    register(round_table, participant)
    refused(round_table, participant, "already registered")


def test_double_registration_is_refused_by_the_database_too(round_table, participant):
    from django.db import IntegrityError, transaction

    register(round_table, participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=round_table, person=participant.person, status=Registration.Status.CONFIRMED
        )


def test_after_a_cancellation_one_may_register_again(round_table, participant):
    first = register(round_table, participant)
    services.registration_cancel(actor=participant, registration=first)
    again = register(round_table, participant)
    assert again.pk != first.pk and again.is_confirmed


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"registration": Event.Registration.CLOSED}, "Registration for this event is closed"),
        ({"status": Event.Status.DRAFT}, "not open for registration"),
    ],
)
def test_closed_or_draft_events_refuse(iskar, dolna_mitropolia, participant, changes, match):
    event = build_event(organisations=[iskar], municipality=dolna_mitropolia, **changes)
    refused(event, participant, match)


def test_a_cancelled_event_refuses(round_table, participant):
    services.event_cancel(actor=SYSTEM, event=round_table, reason="Болест на лектора.")
    round_table.refresh_from_db()
    refused(round_table, participant, "cancelled")


def test_past_the_deadline_or_the_start_refuses(iskar, dolna_mitropolia, participant):
    closes = build_event(
        organisations=[iskar],
        municipality=dolna_mitropolia,
        registration_closes_at=timezone.now() - datetime.timedelta(hours=1),
    )
    refused(closes, participant, "Registration closed on")
    started = build_event(
        title="Започнала среща",
        organisations=[iskar],
        municipality=dolna_mitropolia,
        starts_in=-datetime.timedelta(hours=1),
    )
    refused(started, participant, "already started")


def test_past_capacity_a_place_on_the_waiting_list(iskar, dolna_mitropolia, participant, outsider):
    event = build_event(organisations=[iskar], municipality=dolna_mitropolia, capacity=1)
    first = register(event, outsider)
    second = register(event, participant)
    assert first.is_confirmed and second.is_waiting and second.waiting_since is not None


def test_cancelling_frees_the_seat_for_the_first_waiting(
    iskar, dolna_mitropolia, participant, outsider, django_capture_on_commit_callbacks
):
    event = build_event(organisations=[iskar], municipality=dolna_mitropolia, capacity=1)
    late = make_user("kasen@example.bg", "Късен", "Гост")
    first = register(event, outsider)
    waiting = register(event, participant)
    register(event, late)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=outsider, registration=first)
    waiting.refresh_from_db()
    assert waiting.is_confirmed
    assert Registration.objects.get(person=late.person).is_waiting
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([outsider.email, participant.email])
    promotion = next(m for m in mail.outbox if m.to == [participant.email])
    assert any(name.endswith(".ics") for name, *_ in promotion.attachments)
    assert waiting.checkin_code in promotion.body


def test_someone_else_may_not_register_or_cancel_for_a_person(round_table, participant, outsider):
    with pytest.raises(PermissionDenied):
        services.registration_create(event=round_table, person=participant.person, actor=outsider)
    registration = register(round_table, participant)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=outsider, registration=registration)


def test_organisers_may_register_others(round_table, iskar_editor, outsider):
    registration = services.registration_create(
        event=round_table, person=outsider.person, actor=iskar_editor
    )
    assert registration.is_confirmed and registration.registered_by == iskar_editor


def test_on_behalf_of_an_organisation_needs_an_active_membership(
    round_table, participant, outsider, go2000, iskar
):
    refused(round_table, participant, "not an active member", on_behalf_of=go2000)
    registration = register(round_table, participant, on_behalf_of=iskar)
    assert registration.on_behalf_of == iskar


def test_required_questions_and_offered_choices(round_table, participant):
    access, meal, _note = add_questions(round_table)
    error = refused(round_table, participant, "Answer this question", answers={})
    assert access.field_name in error.error_dict
    refused(
        round_table,
        participant,
        "Choose one of the answers offered",
        answers={str(access.pk): "yes", str(meal.pk): "Пица"},
    )
    refused(round_table, participant, "with yes or no", answers={str(access.pk): "може би"})
    registration = register(
        round_table,
        participant,
        answers={str(access.pk): "no", str(meal.pk): "Вегетарианско", "999": "x"},
    )
    assert registration.answers == {str(access.pk): "no", str(meal.pk): "Вегетарианско"}


def test_invitation_only_needs_a_valid_unused_token(
    iskar, dolna_mitropolia, participant, outsider, iskar_admin, django_capture_on_commit_callbacks
):
    event = build_event(
        organisations=[iskar],
        municipality=dolna_mitropolia,
        registration=Event.Registration.INVITATION,
    )
    other = build_event(
        title="Друга среща",
        organisations=[iskar],
        municipality=dolna_mitropolia,
        registration=Event.Registration.INVITATION,
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_send(
            event=event, actor=iskar_admin, email=participant.email, organisation=iskar
        )
        services.invitation_send(event=other, actor=iskar_admin, email=outsider.email)
    message = next(m for m in mail.outbox if m.to == [participant.email])
    token = re.search(r"invitation=([\w-]+)", message.body).group(1)
    other_token = re.search(
        r"invitation=([\w-]+)", next(m for m in mail.outbox if m.to == [outsider.email]).body
    ).group(1)
    # Only the hash is stored.
    assert token not in Invitation.objects.get(pk=invitation.pk).token_hash
    refused(event, participant, "by invitation only")
    refused(event, participant, "not valid", invitation_token="forged-token")
    refused(event, participant, "not valid", invitation_token=other_token)
    registration = register(event, participant, invitation_token=token)
    assert registration.invitation == invitation
    refused(event, outsider, "already been used", invitation_token=token)


def test_invitations_are_for_organisers_only(round_table, participant):
    with pytest.raises(PermissionDenied):
        services.invitation_send(event=round_table, actor=participant, email="x@example.bg")


def test_invitation_refuses_a_bad_address(iskar, dolna_mitropolia, iskar_admin):
    event = build_event(
        organisations=[iskar],
        municipality=dolna_mitropolia,
        registration=Event.Registration.INVITATION,
    )
    with pytest.raises(ValidationError, match="valid e-mail"):
        services.invitation_send(event=event, actor=iskar_admin, email="not an address")
    assert not Invitation.objects.exists()


def test_cancelling_the_event_emails_everyone_with_the_reason(
    iskar, dolna_mitropolia, participant, outsider, iskar_admin, django_capture_on_commit_callbacks
):
    event = build_event(organisations=[iskar], municipality=dolna_mitropolia, capacity=1)
    register(event, participant)
    register(event, outsider)  # waiting
    mail.outbox.clear()
    with pytest.raises(ValidationError, match="Say why"):
        services.event_cancel(actor=iskar_admin, event=event, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=iskar_admin, event=event, reason="Наводнение в залата.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([participant.email, outsider.email])
    assert all("Наводнение в залата." in m.body for m in mail.outbox)
    cal = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(cal.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_only_organisers_change_publish_or_cancel(round_table, participant, go2000_editor):
    for user in (participant, go2000_editor):
        with pytest.raises(PermissionDenied):
            services.event_cancel(actor=user, event=round_table, reason="Не.")
        with pytest.raises(PermissionDenied):
            services.event_update(actor=user, event=round_table, data={"title": "Друго"})


def test_organisers_create_events_only_for_their_own_organisation(iskar_editor, go2000, iskar):
    start = timezone.now() + datetime.timedelta(days=3)
    data = {
        "title": "Работна среща",
        "format": "online",
        "online_url": "https://meet.example.bg/x",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
    }
    with pytest.raises(PermissionDenied):
        services.event_create(actor=iskar_editor, data=data, organisations=[go2000])
    event = services.event_create(actor=iskar_editor, data=data, organisations=[iskar])
    assert event.status == Event.Status.DRAFT and event.slug == "rabotna-sreshta"
    services.event_publish(actor=iskar_editor, event=event)
    assert Event.objects.get(pk=event.pk).status == Event.Status.PUBLISHED


def test_more_capacity_promotes_the_waiting(iskar, dolna_mitropolia, participant, outsider):
    event = build_event(organisations=[iskar], municipality=dolna_mitropolia, capacity=1)
    register(event, outsider)
    waiting = register(event, participant)
    services.event_update(actor=SYSTEM, event=event, data={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.is_confirmed


def test_reminders_a_day_before_once(
    iskar, dolna_mitropolia, participant, outsider, django_capture_on_commit_callbacks
):
    soon = build_event(
        organisations=[iskar],
        municipality=dolna_mitropolia,
        capacity=1,
        starts_in=datetime.timedelta(hours=20),
    )
    register(soon, participant)
    register(soon, outsider)  # waiting: no reminder
    build_event(title="По-късно", organisations=[iskar], municipality=dolna_mitropolia)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.registration_reminders_send(actor=SYSTEM) == 1
    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert "meet.example.bg" not in mail.outbox[0].body  # in person: no link
    # The reminder carries the event's .ics, as the confirmation does.
    files = {name: (content, mimetype) for name, content, mimetype in mail.outbox[0].attachments}
    content, mimetype = files[f"{soon.slug}.ics"]
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == soon.title
    assert vevent.decoded("dtstart") == soon.starts_at.replace(microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.registration_reminders_send(actor=SYSTEM) == 0
    assert len(mail.outbox) == 1


def test_a_reminder_waits_for_the_digest_of_who_chose_one(
    iskar, participant, outsider, django_capture_on_commit_callbacks
):
    from partnerstvo.notifications.models import Notification, NotificationPreference

    NotificationPreference.objects.create(person=participant.person, frequency="daily")
    soon = build_event(organisations=[iskar], starts_in=datetime.timedelta(hours=20))
    register(soon, participant)
    register(soon, outsider)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_reminders_send(actor=SYSTEM)
    assert [m.to for m in mail.outbox] == [[outsider.email]]  # at once
    queued = Notification.objects.get(person=participant.person)
    assert queued.kind == "events.reminder" and queued.sent_at is None
    with translation.override("bg"):  # the notice links in the default language
        assert soon.title in queued.subject and queued.url.endswith(soon.get_absolute_url())
    # The digest carries the reminder's .ics too, and the online link (they have a place).
    from partnerstvo.notifications.services import digests_send

    mail.outbox.clear()
    assert digests_send(frequency="daily") == 1
    ((name, content, _mimetype),) = mail.outbox[0].attachments
    assert name == f"{soon.slug}.ics"
    (vevent,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["summary"]) == soon.title


def test_e_mails_and_notices_caused_in_english_link_in_the_default_language(
    iskar, dolna_mitropolia, participant, django_capture_on_commit_callbacks
):
    """The autouse fixture has English active, as a request to an /en/ page has: the .ics of the
    confirmation and the reminder's notice still link to the event without /en/."""
    from partnerstvo.notifications.models import Notification

    soon = build_event(
        organisations=[iskar], municipality=dolna_mitropolia, starts_in=datetime.timedelta(hours=20)
    )
    assert soon.get_absolute_url().startswith("/en/")  # what the request's language gives
    with translation.override("bg"):
        path = soon.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        register(soon, participant)
    files = {name: content for name, content, _mimetype in mail.outbox[0].attachments}
    (vevent,) = icalendar.Calendar.from_ical(files[f"{soon.slug}.ics"]).walk("VEVENT")
    assert str(vevent["URL"]) == f"http://testserver{path}"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.registration_reminders_send(actor=SYSTEM) == 1
    notice = Notification.objects.get(kind="events.reminder")
    assert notice.url == f"http://testserver{path}"
    files = {name: content for name, content, _mimetype in mail.outbox[-1].attachments}
    (vevent,) = icalendar.Calendar.from_ical(files[f"{soon.slug}.ics"]).walk("VEVENT")
    assert "/en/" not in str(vevent["URL"]) and "/en/" not in mail.outbox[-1].body
