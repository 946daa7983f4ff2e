"""The scheduler enqueues each due run of a job once: not twice, not again after a restart, and
not once per missed period."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from partnerstvo.scheduling.models import ScheduledJob
from partnerstvo.scheduling.registry import registered_jobs
from partnerstvo.scheduling.services import scheduled_job_run_claim, scheduled_jobs_enqueue_due
from partnerstvo.trainings.tasks import send_session_reminders
from partnerstvo.websites.tasks import send_stale_site_reminders

pytestmark = pytest.mark.django_db

SOFIA = ZoneInfo("Europe/Sofia")
HOURLY = "trainings.session-reminders"
DAILY = "websites.stale-site-reminders"


@pytest.fixture(autouse=True)
def database_queue(settings):
    # As in settings.demo and production: enqueued tasks are rows a worker takes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _job(name):
    return next(job for job in registered_jobs() if job.name == name)


def _enqueued(task) -> int:
    return DBTaskResult.objects.filter(task_path=task.module_path).count()


def _at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SOFIA)


def test_the_daily_and_hourly_reminders_are_registered():
    assert _job(HOURLY).task is send_session_reminders
    assert _job(HOURLY).every == datetime.timedelta(hours=1)
    assert _job(DAILY).task is send_stale_site_reminders
    assert _job(DAILY).at == datetime.time(7, 0)


def test_an_hourly_job_is_enqueued_once_per_hour_not_twice():
    jobs = [_job(HOURLY)]
    start = _at(2026, 12, 2, 10, 0)
    assert scheduled_jobs_enqueue_due(now=start, jobs=jobs) == [HOURLY]
    assert scheduled_jobs_enqueue_due(now=start, jobs=jobs) == []
    assert scheduled_jobs_enqueue_due(now=start + datetime.timedelta(minutes=59), jobs=jobs) == []
    assert _enqueued(send_session_reminders) == 1
    assert scheduled_jobs_enqueue_due(now=start + datetime.timedelta(hours=1), jobs=jobs) == [
        HOURLY
    ]
    assert _enqueued(send_session_reminders) == 2


def test_a_daily_job_waits_for_its_time_of_day_and_runs_once_that_day():
    jobs = [_job(DAILY)]
    assert scheduled_jobs_enqueue_due(now=_at(2026, 12, 2, 6, 0), jobs=jobs) == []
    assert scheduled_jobs_enqueue_due(now=_at(2026, 12, 2, 7, 0, 5), jobs=jobs) == [DAILY]
    assert scheduled_jobs_enqueue_due(now=_at(2026, 12, 2, 7, 0, 35), jobs=jobs) == []
    assert scheduled_jobs_enqueue_due(now=_at(2026, 12, 2, 23, 59), jobs=jobs) == []
    assert _enqueued(send_stale_site_reminders) == 1
    assert scheduled_jobs_enqueue_due(now=_at(2026, 12, 3, 7, 0, 10), jobs=jobs) == [DAILY]
    assert _enqueued(send_stale_site_reminders) == 2
    row = ScheduledJob.objects.get(name=DAILY)
    assert row.next_run_at == _at(2026, 12, 4, 7, 0)


def test_runs_missed_while_no_scheduler_ran_are_not_made_up():
    jobs = [_job(HOURLY)]
    start = _at(2026, 12, 2, 10, 0)
    scheduled_jobs_enqueue_due(now=start, jobs=jobs)
    later = start + datetime.timedelta(hours=5, minutes=30)
    assert scheduled_jobs_enqueue_due(now=later, jobs=jobs) == [HOURLY]
    assert _enqueued(send_session_reminders) == 2
    # The job keeps its rhythm: next on the hour after the late run.
    assert ScheduledJob.objects.get(name=HOURLY).next_run_at == start + datetime.timedelta(hours=6)


def test_two_schedulers_that_read_the_same_due_time_enqueue_it_once():
    job = _job(HOURLY)
    now = _at(2026, 12, 2, 10, 0)
    ScheduledJob.objects.create(name=job.name, next_run_at=now)
    # Both read next_run_at == now; only the first compare-and-set wins.
    assert scheduled_job_run_claim(job=job, due=now, now=now) is True
    assert scheduled_job_run_claim(job=job, due=now, now=now) is False
    assert _enqueued(send_session_reminders) == 1
    row = ScheduledJob.objects.get(name=job.name)
    assert row.last_task_id == str(DBTaskResult.objects.get().id)


def test_a_restarted_scheduler_does_not_enqueue_again():
    call_command("run_scheduler", "--once", stdout=io.StringIO())
    assert _enqueued(send_session_reminders) == 1
    # A new process has nothing but the database: it finds the run already taken.
    out = io.StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert _enqueued(send_session_reminders) == 1
    assert HOURLY not in out.getvalue()


def test_the_registered_tasks_do_their_work_when_the_worker_runs_them():
    assert send_session_reminders.call() == 0
    assert send_stale_site_reminders.call() == 0
