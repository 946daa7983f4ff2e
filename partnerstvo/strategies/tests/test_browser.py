"""In Chromium, on a phone (360 px): the demo-like strategy page and a measure's page scroll
only down, their touch targets are large enough and axe-core finds no WCAG 2.2 A/AA violation;
a responsible partner reports a progress of 150 (refused beside the field), then 70."""

import re

import pytest

from conftest import PASSWORD
from partnerstvo.core.tests.test_public_pages_browser import (
    axe_violations,
    horizontal_overflow,
    small_targets,
)
from partnerstvo.strategies.models import Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_strategy_page_on_a_phone_and_a_partner_reports(
    live_server, request, strategy, measure, indicator, milestone, iskar_admin
):
    browser = request.getfixturevalue("_playwright_browser")
    context = browser.new_context(locale="bg-BG", viewport={"width": 360, "height": 800})
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        for url in (strategy.get_absolute_url(), measure.get_absolute_url()):
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200
            assert horizontal_overflow(page) is None, url
            assert small_targets(page) == [], url
            assert axe_violations(page) == [], url
        assert "40%" in page.locator("#measure-progress").inner_text()

        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("input[name=username]").fill(iskar_admin.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/accounts/profile/$"))
        page.goto(f"{live_server.url}{measure.get_absolute_url()}")
        page.locator("#progress-form #id_progress").fill("150")
        page.locator("#progress-submit").click()
        page.wait_for_load_state()
        assert page.locator("#progress-form .field--error [role=alert]").count() == 1
        assert Measure.objects.get(pk=measure.pk).progress == 40
        assert axe_violations(page) == []
        page.locator("#progress-form #id_progress").fill("70")
        page.locator("#progress-submit").click()
        page.wait_for_url(re.compile(r".*/measures/\d+/$"))
        assert "70%" in page.locator("#measure-progress").inner_text()
    finally:
        context.close()
