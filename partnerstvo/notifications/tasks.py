"""The digests, enqueued by the scheduler every morning at 07:00 (``apps.py``)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from .models import Frequency
from .services import digests_send, weekly_digests_send


@task()
def send_daily_digests() -> int:
    return digests_send(frequency=Frequency.DAILY)


@task()
def send_weekly_digests() -> int:
    """Sends on Mondays (local time) only: the scheduler runs it every morning."""
    return weekly_digests_send(today=timezone.localdate())
