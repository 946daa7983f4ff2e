"""The scheduled job of the minutes' follow-up: reminders of action deadlines (django-tasks,
registered with the scheduler when the app is ready)."""

from __future__ import annotations

import datetime

from django_tasks import task

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.scheduling.registry import register


@task()
def send_action_deadline_reminders() -> None:
    from .services.actions import action_deadline_reminders

    action_deadline_reminders(actor=SYSTEM)


register(
    name="events.action-deadline-reminders",
    task=send_action_deadline_reminders,
    at=datetime.time(8),
)
