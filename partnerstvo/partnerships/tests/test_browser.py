"""In Chromium: a CSO admin proposes an agreement with the municipality (a bad end date first,
refused with a message and nothing written), the municipality's officer confirms it, and it
shows in the public register and on the CSO's website."""

import datetime
import re

import pytest
from django.utils import timezone

from conftest import PASSWORD
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.partnerships.models import Agreement
from partnerstvo.websites.services import website_enable

from .conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/accounts/profile/$"))


def _log_out(page, live_server):
    page.context.clear_cookies()


def test_a_cso_proposes_the_municipality_confirms_and_it_is_public(
    live_server, page, iskar, iskar_admin, iskar_editor, officer, administration, tmp_path
):
    website = website_enable(actor=SYSTEM, organisation=iskar)
    today = timezone.localdate()
    _log_in(page, live_server, iskar_admin.email)
    page.goto(f"{live_server.url}/partnerships/agreements/")
    page.locator("#propose-agreement").click()
    page.wait_for_url(re.compile(r".*/partnerships/agreements/new/$"))
    page.locator("#id_kind").select_option("partnership")
    page.locator("#id_title").fill("Споразумение за младежка заетост")
    page.locator("#id_subject").fill("Общи информационни дни и обучения за младежи.")
    page.locator("#id_starts_on").fill(today.isoformat())
    page.locator("#id_ends_on").fill((today - datetime.timedelta(days=1)).isoformat())
    page.locator("#id_own_party").select_option(f"o{iskar.pk}")
    page.locator("#id_own_obligations").fill("Организира обученията.")
    page.locator("#id_party_1").select_option(f"a{administration.pk}")
    page.locator("#id_obligations_1").fill("Осигурява зала.")
    signed = tmp_path / "sporazumenie.pdf"
    signed.write_bytes(PDF)
    page.locator("#id_document").set_input_files(str(signed))
    page.locator("#propose-submit").click()
    page.wait_for_load_state()
    # The end before the start: refused beside the field, nothing written.
    assert page.locator(".field--error [role=alert]").count() >= 1
    assert not Agreement.objects.exists()

    page.locator("#id_ends_on").fill((today + datetime.timedelta(days=365)).isoformat())
    page.locator("#id_document").set_input_files(str(signed))
    page.locator("#propose-submit").click()
    page.wait_for_url(re.compile(r".*/partnerships/agreements/\d+/$"))
    agreement = Agreement.objects.get()
    assert agreement.status == "draft"
    assert page.locator("#documents li").count() == 1
    assert page.locator("#confirm-form").count() == 0  # its own party is confirmed already

    # Not public yet.
    _log_out(page, live_server)
    response = page.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    assert response.status == 404

    _log_in(page, live_server, officer.email)
    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    page.locator("#confirm-submit").click()
    page.wait_for_url(re.compile(rf".*{agreement.get_absolute_url()}$"))
    agreement.refresh_from_db()
    assert agreement.status == "active"
    assert page.locator("#confirm-form").count() == 0

    _log_out(page, live_server)
    page.goto(f"{live_server.url}/partnerships/agreements/?municipality=dolna-mitropoliya")
    row = page.locator(f'tr[data-agreement="{agreement.pk}"]')
    assert row.count() == 1
    assert "Искър БГ" in row.inner_text()

    port = live_server.url.rsplit(":", 1)[1]
    page.goto(f"http://{website.site.hostname}:{port}/partnyorstva/")
    assert page.locator(f'a[href$="partnerships/agreements/{agreement.pk}/"]').count() == 1
    assert "Споразумение за младежка заетост" in page.content()
