"""The minutes workflow: drafted by the organisers, circulated to the participants for comments,
approved, published. Every change keeps a revision with the text and the attendance as they were.
Decisions are recorded in the minutes; their actions are in ``actions``."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require, user_can
from partnerstvo.directory.roles import roles_of
from partnerstvo.notifications.services import notify

from ..models import (
    AgendaItem,
    Decision,
    Event,
    Minutes,
    MinutesComment,
    MinutesRevision,
    Registration,
)
from ..selectors.minutes import attendance_snapshot

Status = Minutes.Status
FIELDS = ["status", "body", "circulated_at", "comments_until", "approved_at", "published_at"]


def notify_people(*, people, kind: str, subject: str, text: str, url: str = "") -> None:
    """Tell each person through the notifications app: recorded in the caller's transaction,
    e-mailed once it commits or kept for the person's digest, as they chose."""
    for person in people:
        notify(person=person, kind=kind, subject=subject, text=text, url=url)


def absolute(path: str) -> str:
    return f"{settings.PLATFORM_BASE_URL.rstrip('/')}{path}"


def _revision(*, minutes: Minutes, actor) -> MinutesRevision:
    number = (minutes.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    return MinutesRevision.objects.create(
        minutes=minutes,
        number=number,
        status=minutes.status,
        body=minutes.body,
        attendance=attendance_snapshot(event=minutes.event),
        author=actor if getattr(actor, "pk", None) else None,
    )


def _save(*, minutes: Minutes, actor, action: str, before: dict | None) -> Minutes:
    minutes.full_clean()
    minutes.save()
    _revision(minutes=minutes, actor=actor)
    audit_log(
        actor=actor, action=action, instance=minutes, before=before, after=snapshot(minutes, FIELDS)
    )
    return minutes


def _locked(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().select_related("event").get(pk=minutes.pk)


def _participants(event: Event):
    return [
        registration.person
        for registration in Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        ).select_related("person")
    ]


@transaction.atomic
def minutes_save(*, actor, event: Event, body: str) -> Minutes:
    """Write the minutes' text: creates the draft the first time. The event's organisers, while
    the minutes are a draft or circulated (an approved text is not changed). Keeps a revision
    with the attendance as it is now."""
    require(actor, "manage_minutes", event)
    body = (body or "").strip()
    minutes = Minutes.objects.select_for_update().filter(event=event).first()
    if minutes is None:
        if not body:
            raise ValidationError(_("Write the minutes first."), code="empty")
        minutes = Minutes(event=event, body=body)
        return _save(minutes=minutes, actor=actor, action="events.minutes.drafted", before=None)
    if minutes.status not in (Status.DRAFT, Status.CIRCULATED):
        raise ValidationError(
            _("Approved minutes can no longer be changed."), code="minutes_approved"
        )
    before = snapshot(minutes, FIELDS)
    minutes.body = body
    minutes.event = event
    return _save(minutes=minutes, actor=actor, action="events.minutes.changed", before=before)


@transaction.atomic
def minutes_circulate(
    *, actor, minutes: Minutes, comments_until: datetime.datetime | None = None
) -> Minutes:
    """Send the draft to the event's confirmed participants for comments (until
    ``comments_until`` if given). The event's organisers. Each participant is notified."""
    minutes = _locked(minutes)
    require(actor, "circulate", minutes)
    if minutes.status != Status.DRAFT:
        raise ValidationError(_("Only draft minutes can be circulated."), code="not_draft")
    if not minutes.body.strip():
        raise ValidationError(_("Write the minutes first."), code="empty")
    now = timezone.now()
    if comments_until is not None and comments_until <= now:
        raise ValidationError(_("Comments must be open until a later time."), code="past")
    before = snapshot(minutes, FIELDS)
    minutes.status = Status.CIRCULATED
    minutes.circulated_at = now
    minutes.comments_until = comments_until
    _save(minutes=minutes, actor=actor, action="events.minutes.circulated", before=before)
    event = minutes.event
    people = _participants(event)
    url = absolute(reverse("events:minutes", kwargs={"slug": event.slug}))
    with translation.override(settings.LANGUAGE_CODE):  # the platform's language
        notify_people(
            people=people,
            kind="events.minutes_circulated",
            subject=_("Minutes for comments: %(event)s") % {"event": event.title},
            text=_(
                "The draft minutes of “%(event)s” are circulated to the participants. "
                "Read them and comment."
            )
            % {"event": event.title},
            url=url,
        )
    return minutes


@transaction.atomic
def minutes_comment(*, actor, minutes: Minutes, text: str) -> MinutesComment:
    """A confirmed participant's comment on circulated minutes, while comments are open."""
    minutes = _locked(minutes)
    if not user_can(actor, "comment", minutes):
        if minutes.status != Status.CIRCULATED and user_can(actor, "view", minutes):
            raise ValidationError(
                _("The minutes are not open for comments."), code="not_circulated"
            )
        raise PermissionDenied
    if minutes.comments_until and timezone.now() > minutes.comments_until:
        raise ValidationError(_("The time for comments is over."), code="comments_closed")
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write your comment."), code="empty")
    if len(text) > 5000:
        raise ValidationError(_("A comment may have at most 5000 characters."), code="too_long")
    comment = MinutesComment.objects.create(
        minutes=minutes,
        revision=minutes.revisions.order_by("-number").first(),
        person_id=roles_of(actor).person_id,
        text=text,
    )
    audit_log(actor=actor, action="events.minutes.commented", instance=comment)
    return comment


@transaction.atomic
def minutes_approve(*, actor, minutes: Minutes | None) -> Minutes:
    """Approve circulated minutes: the participants must have had them for comments first
    (draft → circulated → approved → published). The event's organisers. The attendance is
    fixed in the approved revision; participants are notified."""
    if minutes is None:
        raise ValidationError(_("There are no minutes to approve yet."), code="no_minutes")
    minutes = _locked(minutes)
    require(actor, "approve", minutes)
    if minutes.status == Status.DRAFT:
        raise ValidationError(
            _("Circulate the minutes to the participants for comments before approving them."),
            code="not_circulated",
        )
    if minutes.status != Status.CIRCULATED:
        raise ValidationError(_("These minutes are already approved."), code="approved")
    if not minutes.body.strip():
        raise ValidationError(_("There is nothing drafted to approve."), code="empty")
    before = snapshot(minutes, FIELDS)
    minutes.status = Status.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_by = actor if getattr(actor, "pk", None) else None
    _save(minutes=minutes, actor=actor, action="events.minutes.approved", before=before)
    event = minutes.event
    people = _participants(event)
    url = absolute(reverse("events:minutes", kwargs={"slug": event.slug}))
    with translation.override(settings.LANGUAGE_CODE):  # the platform's language
        notify_people(
            people=people,
            kind="events.minutes_approved",
            subject=_("Minutes approved: %(event)s") % {"event": event.title},
            text=_("The minutes of “%(event)s” are approved.") % {"event": event.title},
            url=url,
        )
    return minutes


@transaction.atomic
def minutes_publish(*, actor, minutes: Minutes) -> Minutes:
    """Publish approved minutes on the event's page, for everyone. The event's organisers."""
    minutes = _locked(minutes)
    require(actor, "publish", minutes)
    if minutes.status != Status.APPROVED:
        raise ValidationError(_("Only approved minutes can be published."), code="not_approved")
    before = snapshot(minutes, FIELDS)
    minutes.status = Status.PUBLISHED
    minutes.published_at = timezone.now()
    return _save(minutes=minutes, actor=actor, action="events.minutes.published", before=before)


@transaction.atomic
def decision_add(
    *, actor, minutes: Minutes, text: str, agenda_item: AgendaItem | None = None
) -> Decision:
    """Record a decision in the minutes, numbered after the last. The event's organisers, while
    the minutes are a draft or circulated."""
    minutes = _locked(minutes)
    require(actor, "change", minutes)
    if minutes.status not in (Status.DRAFT, Status.CIRCULATED):
        raise ValidationError(
            _("Approved minutes can no longer be changed."), code="minutes_approved"
        )
    if agenda_item is not None and agenda_item.event_id != minutes.event_id:
        raise ValidationError(_("The agenda item is of another event."), code="agenda_item")
    number = (minutes.decisions.aggregate(last=Max("number"))["last"] or 0) + 1
    decision = Decision(
        minutes=minutes,
        event_id=minutes.event_id,
        number=number,
        text=(text or "").strip(),
        agenda_item=agenda_item,
    )
    decision.full_clean()
    decision.save()
    audit_log(
        actor=actor, action="events.decision.added", instance=decision, after=snapshot(decision)
    )
    return decision
