"""Enqueue the scheduled jobs that are due."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from .models import ScheduledJob
from .registry import Job, registered_jobs

logger = logging.getLogger(__name__)


def scheduled_jobs_enqueue_due(
    *, now: datetime.datetime | None = None, jobs: list[Job] | None = None
) -> list[str]:
    """Enqueue every registered job whose due time has come; return the names enqueued.

    Changes: one ``ScheduledJob`` row per job (created the first time it is seen) and one task
    per due job in the task queue (see ``scheduled_job_run_claim``). Called by
    ``manage.py run_scheduler``; several schedulers, or one that restarts, enqueue each run once.
    """
    now = now or timezone.now()
    enqueued = []
    for job in registered_jobs() if jobs is None else jobs:
        row, _created = ScheduledJob.objects.get_or_create(
            name=job.name, defaults={"next_run_at": job.first_run(now)}
        )
        due = row.next_run_at
        if due <= now and scheduled_job_run_claim(job=job, due=due, now=now):
            enqueued.append(job.name)
    return enqueued


def scheduled_job_run_claim(*, job: Job, due: datetime.datetime, now: datetime.datetime) -> bool:
    """Claim the run of ``job`` that was due at ``due`` (as read from its row) and enqueue its
    task; False when another scheduler claimed it first.

    The claim is a compare-and-set: the row moves to the next due time only if it still says
    ``due``, and the claim and the enqueue are one transaction (the database task queue writes
    to the same database), so a run is enqueued exactly once or, if enqueueing fails, not
    claimed at all."""
    with transaction.atomic():
        claimed = ScheduledJob.objects.filter(name=job.name, next_run_at=due).update(
            next_run_at=job.next_run(due=due, now=now), last_run_at=now
        )
        if not claimed:
            return False
        result = job.task.enqueue()
        ScheduledJob.objects.filter(name=job.name).update(last_task_id=str(result.id))
    logger.info("Scheduled job %s enqueued (task %s)", job.name, result.id)
    return True


def scheduled_jobs_next_due(*, jobs: list[Job] | None = None) -> datetime.datetime | None:
    """The earliest due time of the registered jobs that have a row; None before the first run."""
    names = [job.name for job in (registered_jobs() if jobs is None else jobs)]
    return (
        ScheduledJob.objects.filter(name__in=names)
        .order_by("next_run_at")
        .values_list("next_run_at", flat=True)
        .first()
    )
