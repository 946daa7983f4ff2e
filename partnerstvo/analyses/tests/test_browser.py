"""In Chromium: a published analysis on a phone (360 px) and on a laptop. On the phone nothing
scrolls sideways, the SWOT's four quadrants stack in one column, the tables scroll inside their
own frame, and axe-core finds no WCAG 2.2 A/AA violation; on the laptop the SWOT is a 2 × 2
grid. Then the owner's admin logs in, sends a period that ends before it starts (refused beside
the field, nothing written), and publishes a draft from its page."""

import re

import pytest

from conftest import PASSWORD
from partnerstvo.analyses.models import ProblemAnalysis
from partnerstvo.core.tests.test_public_pages_browser import (
    axe_violations,
    horizontal_overflow,
    output_dir,
    screenshot,
)

from .conftest import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUADRANT_BOXES_JS = """() => [...document.querySelectorAll('.swot__quadrant')].map(e => {
    const r = e.getBoundingClientRect();
    return [Math.round(r.left), Math.round(r.top)];
})"""


def test_a_published_analysis_on_a_phone_and_a_laptop(live_server, page, published):
    page.set_viewport_size({"width": 360, "height": 740})
    response = page.goto(f"{live_server.url}{published.get_absolute_url()}")
    assert response.status == 200
    assert page.locator("h1").inner_text() == published.title
    assert horizontal_overflow(page) is None
    boxes = page.evaluate(QUADRANT_BOXES_JS)
    assert len(boxes) == 4 and len({left for left, _top in boxes}) == 1  # one column
    assert axe_violations(page) == []
    folder = output_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    screenshot(page, folder / "analysis-360.png")

    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, folder / "analysis-1280.png")
    boxes = page.evaluate(QUADRANT_BOXES_JS)
    assert len({left for left, _top in boxes}) == 2 and len({top for _l, top in boxes}) == 2


def test_the_owner_is_told_of_a_bad_period_and_publishes_a_draft(
    live_server, page, iskar, iskar_admin, dolna_mitropolia, area
):
    draft = build(iskar_admin, organisation=iskar, municipalities=[dolna_mitropolia])
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(iskar_admin.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/accounts/profile/$"))

    page.goto(f"{live_server.url}/analyses/{draft.slug}/edit/")
    assert axe_violations(page) == []  # the form with its formsets
    page.locator("#id_title").fill("Променено заглавие")
    page.locator("#id_period_end").fill("2020-01-01")
    page.locator("#analysis-submit").click()
    page.wait_for_load_state()
    assert page.locator(".field--error [role=alert]").count() >= 1
    assert axe_violations(page) == []  # and with its errors
    draft.refresh_from_db()
    assert draft.title != "Променено заглавие"

    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    page.locator("#publish-submit").click()
    page.wait_for_url(re.compile(rf".*{draft.get_absolute_url()}$"))
    assert ProblemAnalysis.objects.get(pk=draft.pk).is_published
    assert page.locator("#unpublish-form").count() == 1
