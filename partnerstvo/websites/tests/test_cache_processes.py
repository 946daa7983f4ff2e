"""The embedded default cache (no REDIS_URL) is shared by every process of the machine.

Gunicorn workers, the task worker and manage.py are separate processes: a purge done in one must
be what the others see. These run the real default settings (not the test suite's in-process
cache) in separate processes against one cache location.
"""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]


def _in_another_process(code: str, var_dir: Path) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="partnerstvo.settings.dev", PARTNERSTVO_VAR_DIR=str(var_dir))
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_default_cache_is_shared_between_processes(tmp_path):
    backend = _in_another_process(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])", tmp_path
    )
    assert backend != "django.core.cache.backends.locmem.LocMemCache"


def test_a_purge_in_one_process_is_seen_by_another(tmp_path):
    read = "from partnerstvo.websites.caching import site_generation; print(site_generation(7))"
    first = _in_another_process(read, tmp_path)
    assert _in_another_process(read, tmp_path) == first  # the same cached pages, not a new set
    _in_another_process(
        "from partnerstvo.websites.caching import invalidate_site; invalidate_site(7); print('ok')",
        tmp_path,
    )
    after = _in_another_process(read, tmp_path)
    assert after != first
    assert _in_another_process(read, tmp_path) == after
    assert (tmp_path / "cache").is_dir()
