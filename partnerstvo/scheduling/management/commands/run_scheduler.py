"""Enqueue the scheduled jobs (``scheduling.registry``) when they are due; the task worker runs
them. Safe to run several (or to restart): each run of a job is claimed once in the database."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import OperationalError, close_old_connections, connection

from partnerstvo.scheduling.registry import registered_jobs
from partnerstvo.scheduling.services import scheduled_jobs_enqueue_due


class Command(BaseCommand):
    help = (
        "Enqueue the daily and hourly jobs when they are due (beside `manage.py db_worker`). "
        "With --once, enqueue what is due now and exit (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue what is due now, then exit."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=30.0,
            help="Seconds between two looks at the schedule (default 30).",
        )

    def handle(self, *args, once=False, interval=30.0, **options):
        self.running = True
        if not once:
            signal.signal(signal.SIGINT, self._stop)
            signal.signal(signal.SIGTERM, self._stop)
            names = ", ".join(job.name for job in registered_jobs())
            self.stdout.write(f"Scheduler started: {names}.")
        while self.running:
            self._fresh_connections()
            try:
                for name in scheduled_jobs_enqueue_due():
                    self.stdout.write(f"Enqueued {name}.")
            except OperationalError as error:
                if once:
                    raise
                # SQLite busy beyond its timeout: the next look will find the job still due.
                self.stderr.write(f"Scheduler: database unavailable ({error}); trying again.")
            if once:
                return
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(min(0.5, interval))
        self._fresh_connections()

    @staticmethod
    def _fresh_connections() -> None:
        """Drop connections that died or aged between two looks (a long-running process, like a
        request cycle). Not inside a transaction someone else opened (``call_command`` in a test
        or a script), where closing would end that transaction's connection."""
        if not connection.in_atomic_block:
            close_old_connections()

    def _stop(self, signum, frame):
        self.running = False
