"""A visitor follows the platform's absolute links in a real browser on a non-default port
(issue 7: the portal's links to CSO sites lost the port and ended in "connection refused")."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reaches_a_cso_site_from_the_portal_and_writes_to_it(
    live_server, page, iskar_site
):
    port = live_server.url.rsplit(":", 1)[1]
    origin = f"http://{iskar_site.site.hostname}:{port}"
    page.goto(f"{live_server.url}/websites/")
    page.get_by_role("link", name=iskar_site.organisation.name).click()
    page.wait_for_url(f"{origin}/")
    assert page.locator("link[rel=canonical]").get_attribute("href") == f"{origin}/"

    page.get_by_role("link", name="Контакти").first.click()
    page.wait_for_url(f"{origin}/kontakti/")
    page.locator("#id_name").fill("Мария Петрова")
    page.locator("#id_email").fill("maria@example.bg")
    page.locator("#id_subject").fill("Въпрос")
    page.locator("#id_message").fill("Кога е следващата среща?")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{origin}/kontakti/")
    assert page.locator(".message--success").count() == 1
