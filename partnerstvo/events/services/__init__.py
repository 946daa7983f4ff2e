"""Re-exports of the modules of this package (filled in as they are written)."""

from .actions import action_add, action_deadline_reminders, action_update
from .checkin import attendance_set, checkin_sync
from .minutes import (
    decision_add,
    minutes_approve,
    minutes_circulate,
    minutes_comment,
    minutes_publish,
    minutes_save,
)

__all__ = [
    "action_add",
    "action_deadline_reminders",
    "action_update",
    "attendance_set",
    "checkin_sync",
    "decision_add",
    "minutes_approve",
    "minutes_circulate",
    "minutes_comment",
    "minutes_publish",
    "minutes_save",
]
