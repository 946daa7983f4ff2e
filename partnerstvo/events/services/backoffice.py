"""What the events back office (Wagtail admin, ``events/admin.py``) writes: events and their
parts (organisers, agenda items, questions), publishing and cancelling, and invitations.

Keyword-only, atomic, audited, permission-checked like every service. (Written by ev3 for the
back office while ev1's ``services.events`` was not there yet; where ev1 has the same operation,
the lead keeps one.)"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log
from partnerstvo.core.permissions import require
from partnerstvo.core.services import assign_fields, save_audited
from partnerstvo.core.transliteration import unique_slug
from partnerstvo.directory.roles import roles_of

from ..models import Event, EventOrganiser, Invitation

INVITATIONS_AT_ONCE = 200


def _organiser_of(actor) -> dict | None:
    """The party a non-coordinator creates an event for: their first organisation where they are
    an admin or editor, else their first administration."""
    roles = roles_of(actor)
    organisations = sorted(roles.orgs_with("admin", "editor"))
    if organisations:
        return {"organisation_id": organisations[0]}
    administrations = sorted(roles.administrations)
    if administrations:
        return {"administration_id": administrations[0]}
    return None


def event_create(*, actor, data: dict) -> Event:
    """A draft event, organised by the actor's organisation (or administration); coordinators
    add organisers on the organisers screen."""
    event = Event(created_by=actor if getattr(actor, "pk", None) else None)
    require(actor, "add", event)
    with transaction.atomic():
        event.slug = unique_slug(data.get("title") or "", queryset=Event.objects.all())
        event.status = Event.Status.DRAFT
        save_audited(instance=event, data=data, actor=actor, action="create")
        party = _organiser_of(actor)
        if party and not roles_of(actor).is_coordinator:
            organiser = EventOrganiser(event=event, **party)
            save_audited(instance=organiser, data={}, actor=actor, action="create")
    return event


def event_update(*, actor, event: Event, data: dict) -> Event:
    require(actor, "change", event)
    data = {k: v for k, v in data.items() if k not in ("status", "slug", "created_by")}
    with transaction.atomic():
        return save_audited(instance=event, data=data, actor=actor, action="update")


def event_delete(*, actor, event: Event) -> None:
    """Only an event nobody registered for can be deleted; cancel the others."""
    require(actor, "delete", event)
    if event.registrations.exists():
        raise ValidationError(_("People have registered for this event: cancel it instead."))
    with transaction.atomic():
        audit_log(actor=actor, action="delete", instance=event)
        event.delete()


def event_publish(*, actor, event: Event) -> Event:
    require(actor, "publish", event)
    if event.status != Event.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    if not event.organisers.exists():
        raise ValidationError(_("Add an organiser before publishing."))
    with transaction.atomic():
        return save_audited(
            instance=event,
            data={"status": Event.Status.PUBLISHED, "published_at": timezone.now()},
            actor=actor,
            action="publish",
        )


def event_cancel(*, actor, event: Event, reason: str) -> Event:
    """Cancel a published event, saying why; everyone registered is told at once by e-mail."""
    require(actor, "cancel", event)
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("Only a published event can be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"cancellation_reason": _("Say why the event is cancelled.")})
    with transaction.atomic():
        save_audited(
            instance=event,
            data={
                "status": Event.Status.CANCELLED,
                "cancellation_reason": reason,
                "cancelled_at": timezone.now(),
            },
            actor=actor,
            action="cancel",
        )
        transaction.on_commit(lambda pk=event.pk: _send_cancellation_notices(pk))
    return event


def _send_cancellation_notices(event_id: int) -> None:
    event = Event.objects.get(pk=event_id)
    registrations = event.registrations.active().select_related("person")
    for registration in registrations.iterator():
        _mail(
            to=registration.person.email,
            template="events/email/event_cancelled",
            context={"event": event, "person": registration.person},
        )


def event_part_save(*, actor, instance, data: dict):
    """An organiser, agenda item or registration question of an event the actor organises (both
    before and after the change: a part cannot be moved to someone else's event)."""
    action = "update" if instance.pk else "create"
    if instance.pk:
        require(actor, "change", instance)
    with transaction.atomic():
        assign_fields(instance, data)
        require(actor, "add" if action == "create" else "change", instance)
        return save_audited(instance=instance, data={}, actor=actor, action=action)


def event_part_delete(*, actor, instance) -> None:
    require(actor, "delete", instance)
    if isinstance(instance, EventOrganiser) and instance.event.organisers.count() <= 1:
        raise ValidationError(_("An event keeps at least one organiser."))
    with transaction.atomic():
        audit_log(actor=actor, action="delete", instance=instance)
        instance.delete()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _register_url(event: Event, token: str) -> str:
    try:
        path = reverse("events:event-register", kwargs={"slug": event.slug})
    except NoReverseMatch:
        path = f"/events/{event.slug}/register/"
    return f"{settings.PLATFORM_BASE_URL.rstrip('/')}{path}?invitation={token}"


def invitations_send(*, actor, event: Event, organisations=(), emails=()) -> list[Invitation]:
    """Invite ``organisations`` (at their contact e-mail) and ``emails`` to a published event:
    one invitation each, its token sent by e-mail and only its hash stored. An address already
    invited to this event is skipped. Raises ``ValidationError`` for an invalid address, an
    organisation without an e-mail, too many at once, or an event not published."""
    require(actor, "invite", event)
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("Publish the event before inviting anyone."))
    targets: dict[str, object] = {}
    errors = []
    for organisation in organisations:
        if not organisation.email:
            errors.append(_("%(name)s has no contact e-mail.") % {"name": organisation.name})
        else:
            targets.setdefault(organisation.email.strip().lower(), organisation)
    for email in emails:
        email = email.strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("“%(email)s” is not an e-mail address.") % {"email": email})
            continue
        targets.setdefault(email, None)
    if errors:
        raise ValidationError(errors)
    if not targets:
        raise ValidationError(_("Choose organisations or give e-mail addresses."))
    if len(targets) > INVITATIONS_AT_ONCE:
        raise ValidationError(
            _("At most %(count)s invitations at once.") % {"count": INVITATIONS_AT_ONCE}
        )
    already = set(
        Invitation.objects.filter(event=event, email__in=list(targets)).values_list(
            "email", flat=True
        )
    )
    created = []
    with transaction.atomic():
        now = timezone.now()
        for email, organisation in targets.items():
            if email in already:
                continue
            token = secrets.token_urlsafe(24)
            invitation = Invitation.objects.create(
                event=event,
                organisation=organisation,
                email=email,
                token_hash=_token_hash(token),
                sent_at=now,
                invited_by=actor if getattr(actor, "pk", None) else None,
            )
            audit_log(actor=actor, action="invite", instance=invitation, data={"email": email})
            created.append(invitation)
            url = _register_url(event, token)
            transaction.on_commit(
                lambda email=email, organisation=organisation, url=url: _mail(
                    to=email,
                    template="events/email/invitation",
                    context={"event": event, "organisation": organisation, "url": url},
                )
            )
    return created


def _mail(*, to: str, template: str, context: dict) -> None:
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **context,
            "base_url": settings.PLATFORM_BASE_URL.rstrip("/"),
            "PLATFORM_NAME": settings.PLATFORM_NAME,
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    EmailMessage(subject=subject, body=body, to=[to]).send()
