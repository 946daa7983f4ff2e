"""What a CSO editor sees, in a real browser: log in, edit the own CSO, fail to open another."""

import re

import pytest

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cso_editor_edits_own_profile_and_cannot_open_another(
    live_server, page, iskar, go2000, iskar_editor
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имейл").fill("redaktor@iskar.example.bg")
    page.get_by_label("Парола").fill(PASSWORD)
    page.get_by_role("button", name="Вход").click()
    page.wait_for_url(re.compile(r".*/accounts/profile/$"))

    # From the CSO's public page to its editing screen in the back office.
    page.goto(f"{live_server.url}/organisations/iskar-bg/")
    page.get_by_role("link", name="Редактиране на профила").click()
    page.wait_for_url(re.compile(rf".*/admin/organisations/edit/{iskar.pk}/$"))
    page.locator("#id_description").fill("Обединяваме организациите по поречието на Искър.")
    page.locator("#id_phone").fill("+359 88 123 4567")
    page.locator("form button[type=submit].button-longrunning").first.click()
    page.wait_for_url(re.compile(r".*/admin/organisations/$"))
    assert page.locator(".messages").inner_text().strip()

    iskar.refresh_from_db()
    assert iskar.description == "Обединяваме организациите по поречието на Искър."
    assert iskar.phone == "+359 88 123 4567"
    page.goto(f"{live_server.url}/organisations/iskar-bg/")
    assert "Обединяваме организациите" in page.content()

    # Another CSO's editing screen does not open, and the list does not offer it.
    response = page.goto(f"{live_server.url}/admin/organisations/edit/{go2000.pk}/")
    assert response.status == 404
    assert page.locator("#id_description").count() == 0
    page.goto(f"{live_server.url}/admin/organisations/")
    assert "Горна Оряховица 2000" not in page.content()
    go2000.refresh_from_db()
    assert go2000.description == "Организация за тестове."
