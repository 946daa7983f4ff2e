"""The jobs that run on a schedule: each app registers its own in ``AppConfig.ready()``.

    from partnerstvo.scheduling.registry import register
    register(name="websites.stale-site-reminders", task=send_stale_site_reminders, at=time(7))

A job is a django-tasks task called without arguments, due every ``every`` (a timedelta) or
daily ``at`` a local time (``TIME_ZONE``). ``manage.py run_scheduler`` enqueues the due ones; the
task worker (``manage.py db_worker``) runs them.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django_tasks.base import Task


@dataclass(frozen=True)
class Job:
    name: str
    task: Task
    every: datetime.timedelta | None = None
    at: datetime.time | None = None

    def __post_init__(self):
        if (self.every is None) == (self.at is None):
            raise ValueError(f"Job {self.name!r}: give exactly one of every= or at=.")
        if self.every is not None and self.every <= datetime.timedelta(0):
            raise ValueError(f"Job {self.name!r}: every= must be positive.")

    def first_run(self, now: datetime.datetime) -> datetime.datetime:
        """When a job never seen before is first due: an interval job at once, a daily job at
        its next time of day."""
        if self.every is not None:
            return now
        return self._next_time_of_day(now)

    def next_run(self, *, due: datetime.datetime, now: datetime.datetime) -> datetime.datetime:
        """The due time after the run that was due at ``due`` and happens at ``now``. Runs
        missed while nothing was running are not made up: one run, then the next due time
        after ``now`` on the job's own rhythm."""
        if self.every is not None:
            missed = math.floor((now - due) / self.every)
            return due + self.every * (missed + 1)
        return self._next_time_of_day(now)

    def _next_time_of_day(self, moment: datetime.datetime) -> datetime.datetime:
        zone = ZoneInfo(settings.TIME_ZONE)
        local = moment.astimezone(zone)
        candidate = datetime.datetime.combine(local.date(), self.at, tzinfo=zone)
        if candidate <= local:
            candidate = datetime.datetime.combine(
                local.date() + datetime.timedelta(days=1), self.at, tzinfo=zone
            )
        return candidate.astimezone(datetime.UTC)


_jobs: dict[str, Job] = {}


def register(
    *,
    name: str,
    task: Task,
    every: datetime.timedelta | None = None,
    at: datetime.time | None = None,
) -> Job:
    job = Job(name=name, task=task, every=every, at=at)
    if name in _jobs and _jobs[name] != job:
        raise ValueError(f"A different job is already registered as {name!r}.")
    _jobs[name] = job
    return job


def registered_jobs() -> list[Job]:
    return [_jobs[name] for name in sorted(_jobs)]
