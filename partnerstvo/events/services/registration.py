"""Registering for an event (oneself, or for an organisation one is a member of), cancelling a
registration, and sending invitations to invitation-only events."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require, user_can
from partnerstvo.directory.models import Organisation, OrganisationMembership, Person

from .. import emails
from ..models import Event, Invitation, Registration, RegistrationQuestion
from ..models.registration import hash_token
from ._common import has_free_seat, promote_waiting

Status = Registration.Status
MAX_ANSWER_LENGTH = 2000
YES_NO = ("yes", "no")


def _check_event_open(event: Event, *, now) -> None:
    if event.status == Event.Status.DRAFT:
        raise ValidationError(_("This event is not open for registration."), code="draft")
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(
            _("This event is cancelled: registration is closed."), code="cancelled"
        )
    if event.registration == Event.Registration.CLOSED:
        raise ValidationError(_("Registration for this event is closed."), code="closed")
    if now >= event.starts_at:
        raise ValidationError(
            _("This event has already started: registration is closed."), code="started"
        )
    if now >= event.registration_deadline:
        raise ValidationError(
            _("Registration closed on %(date)s.")
            % {
                "date": formats.date_format(
                    timezone.localtime(event.registration_deadline), "DATETIME_FORMAT"
                )
            },
            code="deadline",
        )


def invitation_for_token(*, event: Event, token: str | None) -> Invitation:
    """The unused invitation to ``event`` that ``token`` opens; ``ValidationError`` otherwise
    (no token, a forged one, one already used, or one for another event)."""
    if not token:
        raise ValidationError(
            _("This event is by invitation only: use the link in your invitation."),
            code="invitation_required",
        )
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
        if len(token) <= 200
        else None
    )
    if invitation is None or invitation.event_id != event.pk:
        raise ValidationError(
            _("This invitation link is not valid for this event."), code="invitation_invalid"
        )
    if invitation.accepted_at is not None:
        raise ValidationError(
            _("This invitation has already been used to register."), code="invitation_used"
        )
    return invitation


def clean_answers(*, event: Event, answers: dict | None) -> dict:
    """The answers to the event's questions, keyed by the question's id (as text); unknown keys
    are dropped. ``ValidationError`` per question (``question_<id>``) for a required one left
    empty, a choice not offered, or an answer too long."""
    answers = answers or {}
    cleaned, errors = {}, {}
    for question in RegistrationQuestion.objects.filter(event_id=event.pk).order_by("order", "pk"):
        raw = answers.get(str(question.pk), answers.get(question.pk, ""))
        value = raw.strip() if isinstance(raw, str) else ("" if raw is None else str(raw))
        field = question.field_name
        if not value:
            if question.required:
                errors[field] = _("Answer this question: “%(question)s”.") % {
                    "question": question.label
                }
            continue
        if len(value) > MAX_ANSWER_LENGTH:
            errors[field] = _("Keep the answer under %(limit)s characters.") % {
                "limit": MAX_ANSWER_LENGTH
            }
        elif question.kind == RegistrationQuestion.Kind.CHOICE and value not in (
            question.choice_list
        ):
            errors[field] = _("Choose one of the answers offered to “%(question)s”.") % {
                "question": question.label
            }
        elif question.kind == RegistrationQuestion.Kind.YES_NO and value not in YES_NO:
            errors[field] = _("Answer “%(question)s” with yes or no.") % {
                "question": question.label
            }
        else:
            cleaned[str(question.pk)] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _is_active_member(person: Person, organisation: Organisation) -> bool:
    return (
        OrganisationMembership.objects.active()
        .filter(person_id=person.pk, organisation_id=organisation.pk)
        .exists()
    )


@transaction.atomic
def registration_create(
    *,
    event: Event,
    person: Person,
    actor,
    answers: dict | None = None,
    on_behalf_of: Organisation | None = None,
    invitation_token: str | None = None,
    notify: bool = True,
    gender: str = "",
) -> Registration:
    """Register ``person`` for ``event``: a seat if one is free, otherwise a place on the waiting
    list (``status`` says which).

    Who: the person themselves, or the event's organisers. Refused with a ``ValidationError``:
    a draft or cancelled event, registration closed or past its deadline (or the start), an
    invitation-only event without a valid unused invitation token (organisers may register
    anyone), a registration already held, ``on_behalf_of`` an organisation the person is not an
    active member of, a required question unanswered or a choice not offered, a ``gender``
    other than the self-declared answers offered (blank: not stated). The seats are
    counted with the event's row locked, so two people cannot both take the last one.
    E-mails the confirmation (with the event as .ics and the check-in QR code) or the
    waiting-list notice after commit (unless ``notify`` is false: imports, the demo)."""
    now = timezone.now()
    # One registration at a time per event: the seat count below must not race.
    event = Event.objects.select_for_update().get(pk=event.pk)
    candidate = Registration(event=event, person=person, on_behalf_of=on_behalf_of)
    require(actor, "add", candidate)
    organiser = user_can(actor, "manage_registrations", event)
    _check_event_open(event, now=now)
    invitation = None
    if event.registration == Event.Registration.INVITATION and not (
        organiser and not invitation_token
    ):
        invitation = invitation_for_token(event=event, token=invitation_token)
    if on_behalf_of is not None and not _is_active_member(person, on_behalf_of):
        raise ValidationError(
            {
                "on_behalf_of": _("%(person)s is not an active member of %(organisation)s.")
                % {"person": person, "organisation": on_behalf_of}
            }
        )
    existing = Registration.objects.active().filter(event_id=event.pk, person_id=person.pk).first()
    if existing is not None:
        raise ValidationError(
            _("%(person)s is already registered for this event (%(status)s).")
            % {"person": person, "status": existing.get_status_display()},
            code="duplicate",
        )
    cleaned = clean_answers(event=event, answers=answers)
    gender = gender or ""
    if gender and gender not in Registration.Gender.values:
        raise ValidationError({"gender": _("Choose one of the answers offered, or none.")})
    confirmed = has_free_seat(event)
    registration = Registration(
        event=event,
        person=person,
        on_behalf_of=on_behalf_of,
        status=Status.CONFIRMED if confirmed else Status.WAITING,
        answers=cleaned,
        gender=gender,
        invitation=invitation,
        registered_by=actor if getattr(actor, "pk", None) else None,
        confirmed_at=now if confirmed else None,
        waiting_since=None if confirmed else now,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        raise ValidationError(
            _("%(person)s is already registered for this event.") % {"person": person},
            code="duplicate",
        ) from error
    if invitation is not None:
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
    audit_log(
        actor=actor,
        action="events.registration.created",
        instance=registration,
        after=snapshot(registration, ["status", "on_behalf_of", "invitation"]),
    )
    if notify:
        transaction.on_commit(lambda: emails.send_registration(registration.pk))
    return registration


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration:
    """Cancel a confirmed or waiting registration; a freed seat goes to the first person on the
    waiting list, who is e-mailed their confirmation. Who: the person, the event's organisers.
    E-mails the person a receipt after commit."""
    require(actor, "cancel", registration)
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.is_cancelled:
        raise ValidationError(
            _("This registration is already cancelled."), code="already_cancelled"
        )
    if event.ends_at <= timezone.now():
        raise ValidationError(
            _("The event is over; its registrations can no longer be cancelled."), code="over"
        )
    before = snapshot(registration, ["status"])
    freed_seat = registration.is_confirmed
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    audit_log(
        actor=actor,
        action="events.registration.cancelled",
        instance=registration,
        before=before,
        after=snapshot(registration, ["status"]),
    )
    transaction.on_commit(lambda: emails.send_registration_cancelled(registration.pk))
    if freed_seat and not event.is_cancelled:
        promote_waiting(event=event, actor=actor)
    return registration


@transaction.atomic
def invitation_send(*, event: Event, actor, email: str, organisation=None) -> Invitation:
    """Invite ``email`` (for ``organisation``, or not) to ``event``: a link with a token is
    e-mailed after commit; only the token's hash is kept. The event's organisers only."""
    require(actor, "invite", event)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if event.is_cancelled:
        raise ValidationError(_("The event is cancelled."), code="cancelled")
    if event.registration != Event.Registration.INVITATION:
        raise ValidationError(
            _("Invitations are for invitation-only events; anyone may register for this one."),
            code="not_invitation_only",
        )
    if event.starts_at <= timezone.now():
        raise ValidationError(_("The event has already started."), code="started")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        event=event,
        organisation=organisation,
        email=email,
        token_hash=hash_token(token),
        sent_at=timezone.now(),
        invited_by=actor if getattr(actor, "pk", None) else None,
    )
    invitation.full_clean(exclude=["token_hash"])
    if not user_can(actor, "add", invitation):
        raise PermissionDenied
    invitation.save()
    audit_log(
        actor=actor,
        action="events.invitation.sent",
        instance=invitation,
        after=snapshot(invitation, ["email", "organisation"]),
    )
    transaction.on_commit(lambda: emails.send_invitation(invitation.pk, token))
    return invitation
