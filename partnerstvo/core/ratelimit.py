"""Counting requests per client across every process, for rate limits."""

from __future__ import annotations

import datetime
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .http import client_address
from .models import RateCounter


def rate_key(request, purpose: str) -> str:
    """A counter key for this client (``core.http.client_address``) and ``purpose``; the address
    is hashed, so counters keep no personal data."""
    digest = hashlib.sha256(f"{client_address(request)}|{purpose}".encode()).hexdigest()[:40]
    return f"{purpose.split('|')[0][:40]}:{digest}"


def rate_count(*, key: str, window: datetime.timedelta) -> int:
    """Count one more event for ``key`` and return the count in the current window (1 when a
    window starts). Atomic across processes: one ``UPDATE ... SET count = count + 1`` on a row
    that every process shares; a new window is one INSERT, and a concurrent one that loses the
    race adds its count to the winner's row."""
    now = timezone.now()
    with transaction.atomic():
        live = RateCounter.objects.filter(key=key, expires_at__gt=now)
        if not live.update(count=F("count") + 1):
            # A window starts: drop every ended one (this key's and others'), so the table holds
            # only live counters without a housekeeping job.
            RateCounter.objects.filter(expires_at__lte=now).delete()
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, count=1, expires_at=now + window)
            except IntegrityError:
                RateCounter.objects.filter(key=key).update(count=F("count") + 1)
        return RateCounter.objects.filter(key=key).values_list("count", flat=True).get()
