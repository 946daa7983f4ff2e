"""`make demo` as a visitor meets it: settings.demo, served by `manage.py serve_demo` (gunicorn,
the task worker and the scheduler) on a free port, against a file-based SQLite database in a
temporary directory. Every wait is bounded; every process started here is stopped here."""

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]
MANAGE = [sys.executable, str(BASE_DIR / "manage.py")]
# Wagtail's admin and the browsable API's files: these tests never load them, and they take
# most of collectstatic's time.
IGNORED_STATIC = ["-i", "wagtail*", "-i", "rest_framework", "-i", "typed_table_block"]
WAIT_SECONDS = 120  # a loaded machine; the tests only ever wait for something to happen

pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    # One worker runs the module: its demo directory (migrated, static files collected) is built
    # once, not once per parallel worker (make test runs pytest-xdist with --dist loadgroup).
    pytest.mark.xdist_group("demo-server"),
]


def _env(var_dir: Path) -> dict[str, str]:
    # Nothing from the calling environment (CI sets DATABASE_URL, REDIS_URL): the demo's defaults.
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),  # noqa: S108
        "DJANGO_SETTINGS_MODULE": "partnerstvo.settings.demo",
        "PARTNERSTVO_VAR_DIR": str(var_dir),
        "PYTHONUNBUFFERED": "1",
    }


def _run(args, var_dir, **kwargs):
    return subprocess.Popen(
        [*MANAGE, *args],
        cwd=BASE_DIR,
        env=_env(var_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


@pytest.fixture(scope="module")
def demo_var(django_db_setup, tmp_path_factory):
    """A var/ directory as `make demo` prepares it: migrated database, collected static files.

    On SQLite the database starts as a copy of the test database as migrations left it (the same
    migrations, before any test wrote to it), and `migrate` must find nothing left to apply;
    migrating a second database from nothing took a minute of a loaded machine and proved nothing
    the test database's own migration had not. On PostgreSQL it is migrated from nothing.
    """
    from conftest import migrated_sqlite_file

    var_dir = tmp_path_factory.mktemp("demo-var")
    migrated = migrated_sqlite_file(tmp_path_factory)
    if migrated:
        shutil.copy(migrated, var_dir / "db.sqlite3")
    migrate = ["migrate", "--check"] if migrated else ["migrate"]  # --check: fails if any is left
    steps = [
        _run([*migrate, "--noinput", "-v0"], var_dir),
        _run(
            ["collectstatic", "--noinput", "-v0", *IGNORED_STATIC],
            var_dir,
        ),
    ]
    for step in steps:
        output, _ = step.communicate(timeout=600)
        assert step.returncode == 0, output
    return var_dir


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _descendants(pid: int) -> set[int]:
    found = set()
    for children_file in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children = children_file.read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found |= {child, *_descendants(child)}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _wait_until(predicate, what: str, log: Path | None = None):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    detail = log.read_text() if log and log.exists() else ""
    pytest.fail(f"gave up waiting for {what}\n{detail}")


class DemoServer:
    def __init__(self, var_dir: Path):
        self.var_dir = var_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = var_dir / f"serve_demo-{self.port}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [*MANAGE, "serve_demo", f"--port={self.port}", "--web-workers=2"],
                cwd=BASE_DIR,
                env=_env(var_dir),
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def healthy(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail(f"serve_demo exited with {self.process.returncode}\n{self.log.read_text()}")
        try:
            return _get(f"{self.url}/healthz")[0] == 200
        except OSError:
            return False

    def stop(self):
        processes = _descendants(self.process.pid)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=WAIT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
        for pid in processes:  # never leave anything running, whatever the test found
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


@contextmanager
def _serving(var_dir):
    server = DemoServer(var_dir)
    try:
        _wait_until(server.healthy, "/healthz to answer", server.log)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def demo(demo_var):
    with _serving(demo_var) as server:
        yield server


def _task_statuses(var_dir: Path, task_path: str) -> list[str]:
    from django_tasks_db.models import DBTaskResult

    table = DBTaskResult._meta.db_table
    with sqlite3.connect(var_dir / "db.sqlite3", timeout=20) as connection:
        rows = connection.execute(
            f"SELECT status FROM {table} WHERE task_path = ?",  # noqa: S608 - a model's table
            (task_path,),
        ).fetchall()
    return [status for (status,) in rows]


# --- The task worker on its own -------------------------------------------------------------


def test_the_worker_process_runs_an_enqueued_task(demo_var, tmp_path):
    # Its own copy of the database, so that no other worker (the demo server's) can take the task.
    with (
        sqlite3.connect(demo_var / "db.sqlite3") as source,
        sqlite3.connect(tmp_path / "db.sqlite3") as copy,
    ):
        source.backup(copy)
    shutil.copy(demo_var / "secret_key", tmp_path / "secret_key")
    task_path = "partnerstvo.websites.tasks.send_stale_site_reminders"

    enqueue = _run(["send_stale_site_reminders"], tmp_path)
    output, _ = enqueue.communicate(timeout=300)
    assert enqueue.returncode == 0, output
    assert _task_statuses(tmp_path, task_path) == ["READY"]  # nothing ran it inside the command

    worker = _run(["db_worker", "--no-startup-delay", "--interval=0.2", "--no-reload"], tmp_path)
    try:
        _wait_until(
            lambda: _task_statuses(tmp_path, task_path) == ["SUCCESSFUL"], "the task to complete"
        )
    finally:
        worker.kill()
        worker.communicate(timeout=60)


# --- The demo as served by `make demo` ------------------------------------------------------


def test_an_unknown_certificate_code_gets_our_bulgarian_404_not_the_debug_page(demo):
    for path in ("/certificates/verify/NO-SUCH-CODE/", "/no-such-page/"):
        status, _headers, body = _get(demo.url + path)
        html = body.decode()
        assert status == 404
        assert '<html lang="bg">' in html
        assert "<h1>Страницата не е намерена</h1>" in html
        assert 'class="site-header"' in html
        for leak in ("Traceback", "URLconf", "DEBUG", "Django"):
            assert leak not in html


def test_static_files_are_hashed_and_served_by_whitenoise(demo):
    _status, _headers, body = _get(demo.url + "/no-such-page/")
    stylesheet = re.search(r'href="(/static/core/css/site\.[0-9a-f]{12}\.css)"', body.decode())
    assert stylesheet, "the page links no hashed stylesheet"
    status, headers, css = _get(demo.url + stylesheet.group(1))
    assert status == 200
    assert css
    assert "immutable" in headers.get("Cache-Control", "")


def test_public_media_is_served_and_private_files_are_not(demo):
    media = demo.var_dir / "media"
    for name in ("original_images/photo.png", "trainings/certificate-archives/certificates.zip"):
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(b"x")
    assert _get(demo.url + "/media/original_images/photo.png")[0] == 200
    assert _get(demo.url + "/media/trainings/certificate-archives/certificates.zip")[0] == 404


def test_the_scheduler_enqueues_the_hourly_job_and_the_worker_runs_it(demo):
    task_path = "partnerstvo.trainings.tasks.send_session_reminders"
    _wait_until(
        lambda: _task_statuses(demo.var_dir, task_path) == ["SUCCESSFUL"],
        "the scheduled session reminders to run",
        demo.log,
    )


def test_the_database_is_in_wal_mode_for_concurrent_readers(demo):
    with sqlite3.connect(demo.var_dir / "db.sqlite3") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_sigterm_stops_the_supervisor_and_every_process_it_started(demo):
    # Last in the module: it stops the shared server.
    processes = _descendants(demo.process.pid)
    commands = " | ".join(_cmdline(pid) for pid in processes)
    assert "gunicorn" in commands
    assert "db_worker" in commands
    assert "run_scheduler" in commands
    demo.process.send_signal(signal.SIGTERM)
    assert demo.process.wait(timeout=WAIT_SECONDS) == 0
    _wait_until(lambda: not any(_alive(pid) for pid in processes), "every child to stop")


def test_when_one_process_dies_the_supervisor_stops_the_others(demo_var):
    with _serving(demo_var) as server:
        processes = _descendants(server.process.pid)
        worker = next(pid for pid in processes if "db_worker" in _cmdline(pid))
        os.kill(worker, signal.SIGKILL)
        assert server.process.wait(timeout=WAIT_SECONDS) != 0
        _wait_until(lambda: not any(_alive(pid) for pid in processes), "every child to stop")
        assert "worker process stopped" in server.log.read_text()
