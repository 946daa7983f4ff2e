"""In a real browser: a CSO editor describes a practice in the back office and submits it from
its page; the coordinator publishes it; it shows in the public list filtered by its municipality.
A decision without the required note on the way gets a message and changes nothing."""

import re

import pytest

from conftest import PASSWORD
from partnerstvo.practices.models import Practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Читалня на открито в парка"


def _browser_as(browser, live_server, email):
    context = browser.new_context(locale="bg-BG", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/accounts/profile/$"))
    return context, page


@pytest.fixture
def chromium(_playwright_browser):
    return _playwright_browser


def test_an_editor_submits_the_coordinator_publishes_and_it_is_listed(
    live_server, chromium, iskar_editor, iskar, coordinator, dolna_mitropolia, gorna_oryahovitsa
):
    editor_context, editor = _browser_as(chromium, live_server, iskar_editor.email)
    editor.goto(f"{live_server.url}/admin/good_practices/new/")
    editor.locator("#id_organisation").select_option(str(iskar.pk))
    editor.locator("#id_title").fill(TITLE)
    editor.locator("#id_problem").fill("През лятото децата нямат къде да четат.")
    editor.locator("#id_approach").fill("Пейки, сянка и библиотека на колела в парка.")
    editor.locator("#id_results").fill("Над двеста заети книги за едно лято.")
    editor.locator("#id_contact_name").fill("Петя Николова")
    editor.locator("#id_contact_email").fill("petya@iskar.example.bg")
    editor.locator("#id_municipalities").select_option(str(dolna_mitropolia.pk))
    editor.locator("form button[type=submit].button-longrunning").first.click()
    editor.wait_for_url(re.compile(r".*/admin/good_practices/$"))
    practice = Practice.objects.get(title=TITLE)
    assert practice.status == Practice.Status.DRAFT

    editor.goto(f"{live_server.url}{practice.get_absolute_url()}")
    editor.locator("#submit-practice").click()
    editor.wait_for_load_state()
    assert re.search("review|преглед", editor.locator("#practice-status h2").inner_text())
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED
    editor_context.close()

    reviewer_context, reviewer = _browser_as(chromium, live_server, coordinator.email)
    reviewer.goto(f"{live_server.url}/admin/practice_review/")
    reviewer.get_by_role("link", name=re.compile("Към страницата|Open the page")).first.click()
    reviewer.wait_for_url(re.compile(rf".*{practice.get_absolute_url()}$"))
    # Rejecting without a reason is refused with a message beside the note.
    reviewer.locator("input[name=decision][value=reject]").check()
    reviewer.locator("#review-submit").click()
    reviewer.wait_for_load_state()
    assert reviewer.locator("#review-form [role=alert]").count() >= 1
    assert Practice.objects.get(pk=practice.pk).status == Practice.Status.SUBMITTED
    reviewer.locator("input[name=decision][value=publish]").check()
    reviewer.locator("#review-submit").click()
    reviewer.wait_for_load_state()
    assert reviewer.locator("#practice-status").count() == 0
    assert Practice.objects.get(pk=practice.pk).status == Practice.Status.PUBLISHED
    reviewer_context.close()

    visitor_context = chromium.new_context(locale="bg-BG")
    visitor = visitor_context.new_page()
    visitor.goto(f"{live_server.url}/practices/")
    visitor.locator("#id_municipality").select_option(dolna_mitropolia.slug)
    visitor.locator("#filter-practices").click()
    visitor.wait_for_url(re.compile(rf".*municipality={dolna_mitropolia.slug}.*"))
    assert visitor.get_by_role("link", name=TITLE).count() == 1
    visitor.goto(f"{live_server.url}/practices/?municipality={gorna_oryahovitsa.slug}")
    assert visitor.get_by_role("link", name=TITLE).count() == 0
    visitor_context.close()
