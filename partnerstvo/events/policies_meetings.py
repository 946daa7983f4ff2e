"""Who may do what with the minutes, decisions and actions of events, and with the photos and
documents of an event. See partnerstvo.core.permissions and ``policies`` (the events' rules).

- Minutes: drafts are their event's organisers' (and coordinators'); circulated and approved
  minutes are also read by the event's confirmed participants, who comment while they are
  circulated; published minutes are read by everyone who may see the event. Auditors read all.
- Decisions are read with their minutes and recorded by the organisers.
- Actions are read with their minutes, and also by their owners (the organisation's admins and
  editors, the administration's officers, the person); their status is changed by the event's
  organisers and by the owners.
- Photos and documents of an event are public with it and managed by its organisers.
"""

from __future__ import annotations

from django.db.models import Q

from partnerstvo.core.permissions import ALL, NONE, Policy, both, either, register, within
from partnerstvo.directory.roles import roles_of

from .models import (
    Action,
    Decision,
    EventDocument,
    EventPhoto,
    Minutes,
    MinutesComment,
    MinutesRevision,
    Registration,
)
from .policies import managed_events, visible_events

SHARED_WITH_PARTICIPANTS = [Minutes.Status.CIRCULATED, Minutes.Status.APPROVED]


def participated_event_ids(user):
    """A subquery of the events ``user`` is a confirmed participant of."""
    person_id = roles_of(user).person_id
    if not person_id:
        return None
    return Registration.objects.filter(
        person_id=person_id, status=Registration.Status.CONFIRMED
    ).values("event_id")


def participant_of(user, field: str):
    ids = participated_event_ids(user)
    return NONE if ids is None else within(field, ids)


def visible_minutes(user, prefix: str = ""):
    """The minutes ``user`` may read (``prefix`` leads from another model to the minutes)."""
    if roles_of(user).reads_everything:
        return ALL
    event_id = f"{prefix}event_id"
    return either(
        both(
            Q(**{f"{prefix}status": Minutes.Status.PUBLISHED}),
            visible_events(user, f"{prefix}event__"),
        ),
        managed_events(user, event_id),
        both(
            Q(**{f"{prefix}status__in": SHARED_WITH_PARTICIPANTS}),
            participant_of(user, event_id),
        ),
    )


@register(Minutes)
class MinutesPolicy(Policy):
    def rule_view(self, user):
        return visible_minutes(user)

    def rule_change(self, user):
        return managed_events(user, "event_id")

    rule_add = rule_change
    rule_circulate = rule_change
    rule_approve = rule_change
    rule_publish = rule_change

    def rule_comment(self, user):
        return both(Q(status=Minutes.Status.CIRCULATED), participant_of(user, "event_id"))


@register(MinutesRevision)
class MinutesRevisionPolicy(Policy):
    def rule_view(self, user):
        if roles_of(user).reads_everything:
            return ALL
        return managed_events(user, "minutes__event_id")


@register(MinutesComment)
class MinutesCommentPolicy(Policy):
    def rule_view(self, user):
        roles = roles_of(user)
        if roles.reads_everything:
            return ALL
        own = within("person_id", [roles.person_id] if roles.person_id else [])
        return either(own, managed_events(user, "minutes__event_id"))

    def rule_add(self, user):
        return both(
            Q(minutes__status=Minutes.Status.CIRCULATED),
            participant_of(user, "minutes__event_id"),
        )


@register(Decision)
class DecisionPolicy(Policy):
    def rule_view(self, user):
        return visible_minutes(user, "minutes__")

    def rule_change(self, user):
        return managed_events(user, "minutes__event_id")

    rule_add = rule_change
    rule_delete = rule_change


def owned_actions(user):
    """The actions ``user`` answers for: of the organisations they administer or edit, the
    administrations they are an officer of, or their own."""
    roles = roles_of(user)
    rules = []
    organisations = roles.orgs_with("admin", "editor")
    if organisations:
        rules.append(Q(owner_organisation_id__in=organisations))
    if roles.administrations:
        rules.append(Q(owner_administration_id__in=list(roles.administrations)))
    if roles.person_id:
        rules.append(Q(owner_person_id=roles.person_id))
    return either(*rules) if rules else NONE


@register(Action)
class ActionPolicy(Policy):
    def rule_view(self, user):
        return either(visible_minutes(user, "decision__minutes__"), owned_actions(user))

    def rule_add(self, user):
        return managed_events(user, "decision__minutes__event_id")

    rule_delete = rule_add

    def rule_change(self, user):
        """Organisers edit the action; owners report its progress."""
        return either(managed_events(user, "decision__minutes__event_id"), owned_actions(user))


class _AfterEventPolicy(Policy):
    def rule_view(self, user):
        return visible_events(user, "event__")

    def rule_change(self, user):
        return managed_events(user, "event_id")

    rule_add = rule_change
    rule_delete = rule_change


@register(EventDocument)
class EventDocumentPolicy(_AfterEventPolicy):
    pass


@register(EventPhoto)
class EventPhotoPolicy(_AfterEventPolicy):
    pass
