"""The scheduled job of agreements: reminders before an agreement ends (django-tasks, registered
with the scheduler when the app is ready)."""

from __future__ import annotations

import datetime

from django_tasks import task

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.scheduling.registry import register


@task()
def send_agreement_expiry_reminders() -> None:
    from .services import agreement_expiry_reminders

    agreement_expiry_reminders(actor=SYSTEM)


register(
    name="partnerships.agreement-expiry-reminders",
    task=send_agreement_expiry_reminders,
    at=datetime.time(8, 15),
)
