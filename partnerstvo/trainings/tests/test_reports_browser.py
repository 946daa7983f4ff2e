"""The coordinator's report pages in Chromium at a phone's and a laptop's width: nothing scrolls
sideways, every target is at least 24 × 24 px, axe-core finds no violation, and the charts are
drawn without JavaScript. Screenshots go where the test run keeps its output."""

import pytest

from partnerstvo.core.tests.test_public_pages_browser import (
    _session_cookie,
    axe_violations,
    horizontal_overflow,
    output_dir,
    screenshot,
    small_targets,
)
from partnerstvo.trainings.models import ReportExport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1366)


def test_report_pages_at_phone_and_laptop_widths(live_server, chromium, results, coordinator):
    export = ReportExport.objects.create(requested_by=coordinator, status="ready", total=4, done=4)
    pages = {
        "reports": "/trainings/reports/",
        "reports-table": "/trainings/reports/tables/gain-by-course/",
        "report-exports": "/trainings/reports/exports/",
        "report-export": f"/trainings/reports/exports/{export.pk}/",
    }
    folder = output_dir() / "trainings-reports"
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for width in WIDTHS:
        context = chromium.new_context(
            locale="bg-BG", viewport={"width": width, "height": 900}, java_script_enabled=False
        )
        context.add_cookies([_session_cookie(coordinator, live_server.url)])
        page = context.new_page()
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            screenshot(page, folder / f"{name}-{width}.png")
            if overflow := horizontal_overflow(page):
                problems.append(f"{path} at {width} px scrolls sideways: {overflow}")
            if small := small_targets(page):
                problems.append(f"{path} at {width} px, targets under 24 px: {small}")
        context.close()
    # axe-core needs JavaScript to run; the pages themselves do not.
    context = chromium.new_context(locale="bg-BG", viewport={"width": 1366, "height": 900})
    context.add_cookies([_session_cookie(coordinator, live_server.url)])
    page = context.new_page()
    for path in pages.values():
        page.goto(live_server.url + path)
        problems += [f"{path}: {violation}" for violation in axe_violations(page)]
    page.goto(live_server.url + pages["reports"])
    assert page.locator("svg.chart__svg").count() == 3
    context.close()
    assert not problems, "\n".join(problems)
