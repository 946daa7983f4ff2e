"""Events: conferences, round tables and working meetings with their organisers, agenda,
registrations (with a waiting list, invitations and questions), check-in, and, after the event,
minutes with decisions and follow-up actions.

One module per subdomain: ``events`` (events, organisers, agenda), ``registration`` (questions,
invitations, registrations) and ``minutes`` (minutes, decisions, actions).
Every model is importable from here, as the rest of the app and Django expect."""

from .events import AgendaDocument, AgendaItem, Event, EventOrganiser
from .registration import Invitation, Registration, RegistrationQuestion

__all__ = [
    "AgendaDocument",
    "AgendaItem",
    "Event",
    "EventOrganiser",
    "Invitation",
    "Registration",
    "RegistrationQuestion",
]
