"""Serve the platform as `make demo` does: web server, task worker and scheduler in one command.

Three processes, as in production (see README, "Background work and scheduling"):
  web        gunicorn, several workers (SQLite in WAL mode lets them read concurrently)
  worker     ``manage.py db_worker``: runs the background tasks (exports, archives, e-mails)
  scheduler  ``manage.py run_scheduler``: enqueues the daily and hourly jobs

Ctrl-C (SIGINT) or SIGTERM is passed on to each of them once; if one of them stops by itself, the
others are stopped too and the command fails, so that a half-running demo never looks healthy.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

STOP_GRACE_SECONDS = 35  # gunicorn's graceful timeout is 30 s


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    """Linux: the child gets SIGTERM if the supervisor itself is killed (SIGKILL, a crash)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Command(BaseCommand):
    help = "Run the web server, the task worker and the scheduler together (`make demo`)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("PORT", "8000")), help="HTTP port."
        )
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind (127.0.0.1).")
        parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers (2).")

    def handle(self, *args, port, host, web_workers, **options):
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            raise CommandError(
                "serve_demo needs the database task queue (TASKS backend "
                "django_tasks_db.DatabaseBackend, as in settings.demo and settings.production)."
            )
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        commands = {
            "web": [
                sys.executable,
                "-m",
                "gunicorn",
                "--config=python:partnerstvo.gunicorn_conf",
                "partnerstvo.wsgi:application",
                f"--bind={host}:{port}",
                f"--workers={web_workers}",
            ],
            "worker": [*manage, "db_worker", "--queue-name=*", "--no-reload", "--verbosity=0"],
            "scheduler": [*manage, "run_scheduler"],
        }
        self.stop_signal = None
        self.children: dict[str, subprocess.Popen] = {}
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)

        children = self.children
        for name, command in commands.items():
            # Each child in its own process group: a terminal's Ctrl-C reaches only this
            # supervisor, which passes it on exactly once (a second SIGINT makes db_worker
            # abandon the task it is running).
            children[name] = subprocess.Popen(  # noqa: S603 - our own fixed commands
                command,
                cwd=settings.BASE_DIR,
                process_group=0,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        self.stdout.write(
            f"Serving http://localhost:{port}/ with {web_workers} web workers, a task worker "
            f"and a scheduler (pids {', '.join(str(c.pid) for c in children.values())}). "
            "Ctrl-C stops all three."
        )
        self.stdout.flush()

        failed = None
        while self.stop_signal is None and failed is None:
            for name, child in children.items():
                if child.poll() is not None:
                    failed = name
                    break
            else:
                time.sleep(0.2)

        stop_with = self.stop_signal or signal.SIGTERM
        if failed:
            self.stderr.write(
                f"The {failed} process stopped (exit code {children[failed].returncode}); "
                "stopping the others."
            )
        for child in children.values():
            if child.poll() is None:
                child.send_signal(stop_with)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if failed:
            raise CommandError(f"The {failed} process stopped unexpectedly.")
        self.stdout.write("Stopped.")

    def _on_signal(self, signum, frame):
        if self.stop_signal is None:
            self.stop_signal = signum
            return
        # A second Ctrl-C: do not wait for a running task or request to finish.
        for child in self.children.values():
            if child.poll() is None:
                child.kill()
