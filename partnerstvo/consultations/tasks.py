"""Background work of consultations (django-tasks), enqueued by the scheduler
(``manage.py run_scheduler``): the announcements to subscribers and the officers' reminders."""

from __future__ import annotations

from django_tasks import task

from . import notices


@task()
def send_consultation_announcements() -> int:
    """Hourly: consultations that opened, and those two days from their end. Returns how many
    announcements."""
    return notices.announce_due() + notices.remind_closing()


@task()
def send_unanswered_reminders() -> int:
    """Daily: remind the officers of proposals still waiting for an answer after the end."""
    return notices.remind_officers()
