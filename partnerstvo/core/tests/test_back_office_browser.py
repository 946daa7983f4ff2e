"""The back office in a real browser: Partnerstvo's name and mark, and no script errors."""

import re

import pytest

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def test_the_dashboard_runs_without_console_errors_and_is_partnerstvos(
    live_server, page, coordinator
):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    _log_in(page, live_server, coordinator.email)
    page.wait_for_load_state("networkidle")
    assert errors == []
    # The account screen labels every time zone through the browser's Intl API.
    page.goto(f"{live_server.url}/admin/account/")
    page.wait_for_load_state("networkidle")
    assert errors == []
    page.goto(f"{live_server.url}/admin/")
    assert page.title().endswith("Партньорство")
    assert "Wagtail" not in page.title()
    assert page.locator("img[alt=Партньорство]").count() >= 1
