"""E-mails of events, sent directly (transactional mail, never in a digest): a registration's
confirmation with the event as .ics and the check-in QR code, the waiting-list notice, a
promotion from the waiting list, a cancellation receipt, an event's cancellation, an invitation.
Called by services through ``transaction.on_commit``.

Reminders are notices: they go through ``notifications.notify`` (``send_reminders``), at once or in
the person's digest as they chose."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partnerstvo.notifications.services import attachment, notify

from . import ics
from .models import Event, Invitation, Registration

ICS_MIMETYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def base_url() -> str:
    return settings.PLATFORM_BASE_URL.rstrip("/")


def qr_png(data: str) -> bytes:
    """A QR code of ``data`` as PNG (what an organiser's phone scans at the door)."""
    import qrcode  # here, not at start-up: only mail that carries a code needs it

    image = qrcode.make(
        data, box_size=8, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _render(template: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "base_url": base_url(), "PLATFORM_NAME": settings.PLATFORM_NAME}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return subject, body


def _send(*, to: str, template: str, context: dict, event=None, online=False, qr=None):
    if not to:
        return
    subject, body = _render(template, context)
    message = EmailMessage(subject=subject, body=body, to=[to])
    if event is not None:
        # The event's link in the .ics as the e-mail has it: in the default language, not in
        # that of the request that sent it (an /en/ page's registration).
        with translation.override(settings.LANGUAGE_CODE):
            content = ics.calendar(
                [event], base_url=base_url(), name=event.title, with_online_url=online
            )
        message.attach(f"{event.slug}.ics", content, ICS_MIMETYPE)
    if qr:
        message.attach("checkin-qr.png", qr_png(qr), "image/png")
    message.send()


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related("event", "event__municipality", "person")
        .filter(pk=registration_id)
        .first()
    )


def send_registration(registration_id: int) -> None:
    """Confirmed: the event as .ics (with the online link) and the check-in QR code. Waiting:
    where they stand, with the .ics so the date is at hand if a place frees up."""
    registration = _registration(registration_id)
    if registration is None or registration.is_cancelled:
        return
    if registration.is_confirmed:
        send_confirmation(registration)
        return
    _send(
        to=registration.person.email,
        template="events/email/waiting",
        context={"registration": registration, "event": registration.event},
        event=registration.event,
    )


def send_confirmation(registration: Registration, *, template="events/email/confirmation"):
    _send(
        to=registration.person.email,
        template=template,
        context={"registration": registration, "event": registration.event},
        event=registration.event,
        online=True,
        qr=registration.checkin_code,
    )


def send_promotion(registration_id: int) -> None:
    registration = _registration(registration_id)
    if registration is None or not registration.is_confirmed:
        return
    send_confirmation(registration, template="events/email/promotion")


def send_registration_cancelled(registration_id: int) -> None:
    registration = _registration(registration_id)
    if registration is None:
        return
    _send(
        to=registration.person.email,
        template="events/email/registration_cancelled",
        context={"registration": registration, "event": registration.event},
    )


def send_event_cancelled(event_id: int, registration_ids: list[int]) -> None:
    event = Event.objects.select_related("municipality").filter(pk=event_id).first()
    if event is None:
        return
    for registration in Registration.objects.filter(pk__in=registration_ids).select_related(
        "person"
    ):
        _send(
            to=registration.person.email,
            template="events/email/event_cancelled",
            context={"registration": registration, "event": event},
            event=event,
        )


def send_invitation(invitation_id: int, token: str) -> None:
    invitation = (
        Invitation.objects.select_related("event", "event__municipality", "organisation")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("events:event-register", kwargs={"slug": invitation.event.slug})
    _send(
        to=invitation.email,
        template="events/email/invitation",
        context={
            "invitation": invitation,
            "event": invitation.event,
            "link": f"{base_url()}{path}?invitation={token}",
        },
        event=invitation.event,
    )


def send_reminders(event_id: int, registration_ids: list[int]) -> None:
    """The reminders of one event, a day before it: notices through ``notifications.notify``,
    so that each person gets it at once or in their digest, as they chose, with the event's
    .ics as the confirmation has it (the online link included: they have a place). Called
    inside the reminders service's transaction; the notice is recorded there and e-mailed once
    it commits."""
    event = Event.objects.select_related("municipality").filter(pk=event_id).first()
    if event is None or not event.is_published:
        return
    with translation.override(settings.LANGUAGE_CODE):
        url = f"{base_url()}{event.get_absolute_url()}"
        content = ics.calendar([event], base_url=base_url(), name=event.title, with_online_url=True)
    calendar_file = attachment(f"{event.slug}.ics", content.decode(), ICS_MIMETYPE)
    for registration in Registration.objects.filter(
        pk__in=registration_ids, status=Registration.Status.CONFIRMED
    ).select_related("person"):
        subject, body = _render(
            "events/email/reminder", {"registration": registration, "event": event}
        )
        notify(
            person=registration.person,
            kind="events.reminder",
            subject=subject,
            text=body,
            url=url,
            attachments=[calendar_file],
        )
