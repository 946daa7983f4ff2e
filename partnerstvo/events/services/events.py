"""Writes to events: creating, changing, publishing and cancelling an event, and the parts its
organisers edit (organisers, agenda items, documents, registration questions)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.core.services import assign_fields, save_audited, stored_version
from partnerstvo.core.transliteration import unique_slug
from partnerstvo.directory.roles import roles_of
from partnerstvo.notifications.selectors import subscribers
from partnerstvo.notifications.services import notify_many

from .. import emails
from ..models import AgendaDocument, AgendaItem, Event, EventOrganiser, RegistrationQuestion
from ..models.events import RESERVED_SLUGS
from ._common import promote_waiting

Status = Event.Status
EVENTS_TOPIC = "events"  # registered in ``apps.py``


def _may_act_for(actor, *, organisation=None, administration=None) -> bool:
    roles = roles_of(actor)
    if roles.is_coordinator:
        return True
    if organisation is not None:
        return organisation.pk in roles.orgs_with("admin", "editor")
    return administration is not None and administration.pk in roles.administrations


@transaction.atomic
def event_create(
    *, actor, data: dict, organisations=(), administrations=(), announce: bool = True
) -> Event:
    """Create an event (a draft unless ``data`` says otherwise) organised by ``organisations``
    and ``administrations``: the CSOs the actor is an admin or editor of, the administrations
    they are an officer of (coordinators: any, or none). Audited. One created published is
    announced to its subscribers as ``event_publish`` does (unless ``announce`` is false: the
    demo, imports)."""
    require(actor, "add", Event)
    organisations, administrations = list(organisations), list(administrations)
    if not roles_of(actor).is_coordinator and not (organisations or administrations):
        raise ValidationError(_("Say which organisation or administration organises the event."))
    for party in organisations:
        if not _may_act_for(actor, organisation=party):
            raise PermissionDenied
    for party in administrations:
        if not _may_act_for(actor, administration=party):
            raise PermissionDenied
    data = dict(data)
    if not data.get("slug"):
        title = data.get("title", "")
        data["slug"] = unique_slug(title, queryset=Event.objects.all())
        if data["slug"] in RESERVED_SLUGS:
            data["slug"] = unique_slug(f"{title} 2", queryset=Event.objects.all())
    if getattr(actor, "pk", None):
        data.setdefault("created_by", actor)
    if data.get("status") == Status.PUBLISHED:
        data.setdefault("published_at", timezone.now())
    event = save_audited(instance=Event(), data=data, actor=actor, action="events.event.created")
    for order, party in enumerate(organisations):
        EventOrganiser.objects.create(event=event, organisation=party, order=order)
    for order, party in enumerate(administrations, start=len(organisations)):
        EventOrganiser.objects.create(event=event, administration=party, order=order)
    if event.is_published and announce:
        _announce_on_commit(event)
    return event


@transaction.atomic
def event_update(*, actor, event: Event, data: dict) -> Event:
    """Change an event (its organisers only). More capacity gives seats to the waiting list.
    Status changes go through ``event_publish`` and ``event_cancel``."""
    require(actor, "change", stored_version(event))
    Event.objects.select_for_update().filter(pk=event.pk).first()
    data = {key: value for key, value in data.items() if key not in ("status", "cancelled_at")}
    event = save_audited(instance=event, data=data, actor=actor, action="events.event.changed")
    if not event.is_cancelled:
        promote_waiting(event=event, actor=actor)
    return event


@transaction.atomic
def event_publish(*, actor, event: Event) -> Event:
    """Make a draft public (in the calendar, the feeds and the sitemap)."""
    require(actor, "publish", event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."), code="not_draft")
    event.full_clean()
    before = snapshot(event, ["status"])
    event.status = Status.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(
        actor=actor,
        action="events.event.published",
        instance=event,
        before=before,
        after=snapshot(event, ["status"]),
    )
    _announce_on_commit(event)
    return event


def _announce_on_commit(event: Event) -> None:
    from ..tasks import announce_new_event

    transaction.on_commit(lambda pk=event.pk: announce_new_event.enqueue(pk))


def _event_municipalities(event: Event) -> set[int]:
    """Where the event is and where its organisers are: the venue's municipality, the seats of
    the organising CSOs and the municipalities of the organising administrations (one query)."""
    ids = {event.municipality_id} if event.municipality_id else set()
    for seat, municipality in EventOrganiser.objects.filter(event=event).values_list(
        "organisation__seat_id", "administration__municipality_id"
    ):
        ids.update(pk for pk in (seat, municipality) if pk)
    return ids


def event_announce(*, event_id: int, now=None) -> int:
    """Notify everyone subscribed to the topic "events" for the event's municipality, one of its
    organisers' municipalities, or all of them: each person once, however many of their
    subscriptions match, and never twice for the same event. A published event that has not
    ended only. Returns how many people were told."""
    event = Event.objects.public().filter(pk=event_id, status=Status.PUBLISHED).first()
    if event is None or event.ends_at < (now or timezone.now()):
        return 0
    people = subscribers(topic=EVENTS_TOPIC, municipality=_event_municipalities(event))
    with translation.override(settings.LANGUAGE_CODE):  # the platform's language
        when = date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
        return notify_many(
            people=people,
            kind="events.new_event",
            subject=_("New event: %(event)s") % {"event": event.title},
            text=_("%(kind)s on %(when)s. %(summary)s")
            % {"kind": event.get_kind_display(), "when": when, "summary": event.summary},
            url=f"{settings.PLATFORM_BASE_URL.rstrip('/')}{event.get_absolute_url()}",
        )


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str) -> Event:
    """Cancel an event with a reason; everyone registered (confirmed or waiting) is e-mailed it
    after commit. The event stays on its page, marked cancelled."""
    require(actor, "cancel", event)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"cancellation_reason": _("Say why the event is cancelled: participants are told.")}
        )
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError(_("The event is already cancelled."), code="cancelled")
    before = snapshot(event, ["status", "cancellation_reason"])
    was_public = event.is_published
    event.status = Status.CANCELLED
    event.cancellation_reason = reason
    event.cancelled_at = timezone.now()
    event.save(update_fields=["status", "cancellation_reason", "cancelled_at", "updated_at"])
    recipients = list(event.registrations.active().values_list("pk", flat=True))
    audit_log(
        actor=actor,
        action="events.event.cancelled",
        instance=event,
        before=before,
        after=snapshot(event, ["status", "cancellation_reason"]),
        data={"registrations": len(recipients)},
    )
    if was_public and recipients:
        transaction.on_commit(lambda: emails.send_event_cancelled(event.pk, recipients))
    return event


@transaction.atomic
def event_delete(*, actor, event: Event) -> None:
    """Delete an event nobody registered for (otherwise cancel it)."""
    require(actor, "delete", event)
    if event.registrations.exists():
        raise ValidationError(
            _("People have registered for this event; cancel it instead of deleting it.")
        )
    audit_log(actor=actor, action="events.event.deleted", instance=event, before=snapshot(event))
    try:
        event.delete()
    except ProtectedError as error:
        raise ValidationError(_("The event has records that must be kept.")) from error


# --- the parts of an event ----------------------------------------------------------------------


def _part_save(*, actor, instance, data: dict, name: str):
    """Create or change a part of an event; its organisers only (of the event it was in and of
    the one it is in after the change)."""
    if instance.pk:
        require(actor, "change", stored_version(instance))
    action = f"events.{name}.changed" if instance.pk else f"events.{name}.created"
    assign_fields(instance, data)
    require(actor, "change" if instance.pk else "add", instance)
    return save_audited(instance=instance, data=data, actor=actor, action=action)


def _part_delete(*, actor, instance, name: str) -> None:
    require(actor, "delete", instance)
    audit_log(
        actor=actor, action=f"events.{name}.deleted", instance=instance, before=snapshot(instance)
    )
    instance.delete()


@transaction.atomic
def organiser_save(*, actor, organiser: EventOrganiser, data: dict) -> EventOrganiser:
    organiser = _part_save(actor=actor, instance=organiser, data=data, name="organiser")
    if not _may_act_for(
        actor, organisation=organiser.organisation, administration=organiser.administration
    ):
        raise PermissionDenied
    return organiser


@transaction.atomic
def organiser_delete(*, actor, organiser: EventOrganiser) -> None:
    if EventOrganiser.objects.filter(event_id=organiser.event_id).count() <= 1:
        raise ValidationError(_("An event keeps at least one organiser."))
    _part_delete(actor=actor, instance=organiser, name="organiser")


@transaction.atomic
def agenda_item_save(*, actor, item: AgendaItem, data: dict) -> AgendaItem:
    return _part_save(actor=actor, instance=item, data=data, name="agenda_item")


@transaction.atomic
def agenda_item_delete(*, actor, item: AgendaItem) -> None:
    _part_delete(actor=actor, instance=item, name="agenda_item")


@transaction.atomic
def agenda_document_save(*, actor, document: AgendaDocument, data: dict) -> AgendaDocument:
    return _part_save(actor=actor, instance=document, data=data, name="agenda_document")


@transaction.atomic
def agenda_document_delete(*, actor, document: AgendaDocument) -> None:
    _part_delete(actor=actor, instance=document, name="agenda_document")


@transaction.atomic
def event_document_save(*, actor, document, data: dict):
    """A public document of the event after it took place (``EventDocument``); its organisers."""
    return _part_save(actor=actor, instance=document, data=data, name="document")


@transaction.atomic
def event_document_delete(*, actor, document) -> None:
    _part_delete(actor=actor, instance=document, name="document")


@transaction.atomic
def event_photo_save(*, actor, photo, data: dict):
    """A public photo of the event (``EventPhoto``, an uploaded image file); its organisers."""
    return _part_save(actor=actor, instance=photo, data=data, name="photo")


@transaction.atomic
def event_photo_delete(*, actor, photo) -> None:
    _part_delete(actor=actor, instance=photo, name="photo")


@transaction.atomic
def question_save(*, actor, question: RegistrationQuestion, data: dict) -> RegistrationQuestion:
    question = _part_save(actor=actor, instance=question, data=data, name="question")
    if question.kind == RegistrationQuestion.Kind.CHOICE and len(question.choice_list) < 2:
        raise ValidationError({"choices": _("Give at least two choices, one per line.")})
    return question


@transaction.atomic
def question_delete(*, actor, question: RegistrationQuestion) -> None:
    _part_delete(actor=actor, instance=question, name="question")
