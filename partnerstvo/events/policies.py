"""Who may do what with events. See partnerstvo.core.permissions.

- Published (and cancelled) events are public; drafts only to their organisers and coordinators.
  A closed (unlisted) event is published but seen only by its organisers, the people registered
  for it and those who read everything; no public list, feed or API shows it.
- Organisers manage their own events (change, delete, registrations, invitations, questions,
  check-in, minutes): the CSO admins and editors of an organising organisation, the officers of
  an organising administration, and coordinators; and whom the domain apps name through
  ``managers`` (a council's secretary its meetings). Auditors read everything.
- A person sees and cancels their own registrations; organisers see all of their events'.

The rules of the minutes, decisions and actions are in ``policies_meetings``.
"""

from __future__ import annotations

from django.db.models import Q

from partnerstvo.core.permissions import (
    ALL,
    NONE,
    Policy,
    both,
    either,
    only_if,
    register,
    within,
)
from partnerstvo.directory.roles import roles_of

from . import managers
from .models import (
    AgendaDocument,
    AgendaItem,
    Event,
    EventOrganiser,
    Invitation,
    Registration,
    RegistrationQuestion,
)

PUBLIC_STATUSES = [Event.Status.PUBLISHED, Event.Status.CANCELLED]


def may_organise(user) -> bool:
    """May ``user`` organise events at all (create one, for a party they act for)?"""
    roles = roles_of(user)
    return bool(roles.is_coordinator or roles.orgs_with("admin", "editor") or roles.administrations)


def organised_event_ids(user):
    """A subquery of the ids of the events ``user`` organises (not for coordinators: ALL)."""
    roles = roles_of(user)
    organisations = roles.orgs_with("admin", "editor")
    administrations = list(roles.administrations)
    parties = Q(pk__in=[])
    if organisations:
        parties |= Q(organisation_id__in=organisations)
    if administrations:
        parties |= Q(administration_id__in=administrations)
    return EventOrganiser.objects.filter(parties).values("event_id")


def managed_events(user, field: str = "pk"):
    """The events ``user`` manages, over ``field`` (``pk`` for events, ``event_id`` for the
    rows of an event): those they organise, and those the domain apps make them manage
    (``managers``: a council's secretary its meetings)."""
    roles = roles_of(user)
    if roles.is_coordinator:
        return ALL
    extra = [within(field, ids) for ids in managers.extra_managed_event_ids(user)]
    if not (roles.orgs_with("admin", "editor") or roles.administrations):
        return either(*extra)
    return either(within(field, organised_event_ids(user)), *extra)


def registered_event_ids(user):
    """A subquery of the events ``user`` is registered for (confirmed or waiting), or None."""
    person_id = roles_of(user).person_id
    if not person_id:
        return None
    return (
        Registration.objects.filter(person_id=person_id)
        .exclude(status=Registration.Status.CANCELLED)
        .values("event_id")
    )


def visible_events(user, prefix: str = ""):
    """The events ``user`` may see: the public (published and listed) ones, the closed ones they
    are registered for, and the drafts and closed ones they organise."""
    if roles_of(user).reads_everything:
        return ALL
    field = f"{prefix[:-2]}_id" if prefix else "pk"
    published = Q(**{f"{prefix}status__in": PUBLIC_STATUSES})
    registered = registered_event_ids(user)
    return either(
        published & Q(**{f"{prefix}is_listed": True}),
        NONE if registered is None else both(published, within(field, registered)),
        managed_events(user, field),
    )


@register(Event)
class EventPolicy(Policy):
    def rule_view(self, user):
        return visible_events(user)

    def rule_add(self, user):
        return only_if(may_organise(user))

    def rule_change(self, user):
        return managed_events(user)

    rule_delete = rule_change
    rule_publish = rule_change
    rule_cancel = rule_change
    rule_manage_registrations = rule_change
    rule_invite = rule_change
    rule_check_in = rule_change
    rule_manage_minutes = rule_change

    def rule_view_participants(self, user):
        return ALL if roles_of(user).reads_everything else managed_events(user)


class _EventPartPolicy(Policy):
    """A part of an event (organiser, agenda item, question): seen with its event, changed by
    its organisers."""

    event_path = "event"

    def rule_view(self, user):
        return visible_events(user, f"{self.event_path}__")

    def rule_change(self, user):
        return managed_events(user, f"{self.event_path}_id")

    rule_add = rule_change
    rule_delete = rule_change


@register(EventOrganiser)
class EventOrganiserPolicy(_EventPartPolicy):
    pass


@register(AgendaItem)
class AgendaItemPolicy(_EventPartPolicy):
    pass


@register(AgendaDocument)
class AgendaDocumentPolicy(_EventPartPolicy):
    event_path = "item__event"

    def rule_change(self, user):
        return managed_events(user, "item__event_id")

    rule_add = rule_change
    rule_delete = rule_change


@register(RegistrationQuestion)
class RegistrationQuestionPolicy(_EventPartPolicy):
    pass


@register(Invitation)
class InvitationPolicy(Policy):
    """Invitations are the organisers' business (the addresses are personal)."""

    def rule_view(self, user):
        return ALL if roles_of(user).reads_everything else managed_events(user, "event_id")

    def rule_change(self, user):
        return managed_events(user, "event_id")

    rule_add = rule_change
    rule_delete = rule_change


def _own(user):
    person_id = roles_of(user).person_id
    return within("person_id", [person_id] if person_id else [])


@register(Registration)
class RegistrationPolicy(Policy):
    def rule_view(self, user):
        if roles_of(user).reads_everything:
            return ALL
        return either(_own(user), managed_events(user, "event_id"))

    def rule_add(self, user):
        """One registers oneself; organisers register anyone for their events."""
        return either(_own(user), managed_events(user, "event_id"))

    def rule_cancel(self, user):
        return either(_own(user), managed_events(user, "event_id"))

    def rule_change(self, user):
        return managed_events(user, "event_id")

    rule_check_in = rule_change
    rule_delete = rule_change
