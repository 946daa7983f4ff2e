"""Writes to events. Each service is atomic, checks its caller with the platform's policies
(``require``), validates before it writes, audits what it changes, and sends e-mail only once the
transaction has committed. Views, admin screens, commands and tasks only call these.

One module per subdomain; every public name is importable from here (``services.event_create``):
``events`` (events and their parts), ``registration`` (registrations and invitations) and
``reminders``; after the event ``checkin``, ``minutes`` and ``actions``; ``_common`` holds
the seat counting and waiting-list promotion they share."""

from ._common import has_free_seat, promote_waiting, seats_taken
from .actions import action_add, action_deadline_reminders, action_update
from .checkin import attendance_set, checkin_sync
from .events import (
    agenda_document_delete,
    agenda_document_save,
    agenda_item_delete,
    agenda_item_save,
    event_announce,
    event_cancel,
    event_create,
    event_delete,
    event_document_delete,
    event_document_save,
    event_photo_delete,
    event_photo_save,
    event_publish,
    event_update,
    organiser_delete,
    organiser_save,
    question_delete,
    question_save,
)
from .minutes import (
    decision_add,
    minutes_approve,
    minutes_circulate,
    minutes_comment,
    minutes_publish,
    minutes_save,
)
from .registration import (
    clean_answers,
    invitation_for_token,
    invitation_send,
    registration_cancel,
    registration_create,
)
from .reminders import registration_reminders_send

__all__ = [
    "action_add",
    "action_deadline_reminders",
    "action_update",
    "agenda_document_delete",
    "agenda_document_save",
    "agenda_item_delete",
    "agenda_item_save",
    "attendance_set",
    "checkin_sync",
    "clean_answers",
    "decision_add",
    "event_announce",
    "event_cancel",
    "event_create",
    "event_delete",
    "event_document_delete",
    "event_document_save",
    "event_photo_delete",
    "event_photo_save",
    "event_publish",
    "event_update",
    "has_free_seat",
    "invitation_for_token",
    "invitation_send",
    "minutes_approve",
    "minutes_circulate",
    "minutes_comment",
    "minutes_publish",
    "minutes_save",
    "organiser_delete",
    "organiser_save",
    "promote_waiting",
    "question_delete",
    "question_save",
    "registration_cancel",
    "registration_create",
    "registration_reminders_send",
    "seats_taken",
]
