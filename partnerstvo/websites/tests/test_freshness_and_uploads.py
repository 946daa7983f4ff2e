import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page

from partnerstvo.websites.tasks import send_stale_site_reminders

from .conftest import add_news


def _age(website, days):
    Page.objects.descendant_of(website.site.root_page, inclusive=True).update(
        last_published_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_editors_see_their_stale_pages_and_coordinators_every_site(
    client, iskar_site, go_site, iskar_editor, coordinator
):
    _age(iskar_site, 400)
    add_news(iskar_site, "Свежа новина")
    client.force_login(iskar_editor)
    body = client.get("/admin/websites/freshness/").content.decode()
    assert "Новини" in body  # the news section is stale
    assert "Свежа новина" not in body
    assert 'id="freshness-overview"' not in body  # editors do not see other sites
    client.force_login(coordinator)
    overview = client.get("/admin/websites/freshness/").content.decode()
    assert 'id="freshness-overview"' in overview
    assert "gorna-oryahovitsa-2000.localhost" in overview
    assert "iskar-bg.localhost" in overview


def test_freshness_overview_query_count_does_not_grow(
    client, coordinator, iskar_site, go_site, dolna_mitropolia
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnerstvo.core.permissions import SYSTEM
    from partnerstvo.directory import services as directory
    from partnerstvo.directory.tests.factories import organisation_data, valid_eik
    from partnerstvo.websites.services import website_enable

    client.force_login(coordinator)

    def queries() -> int:
        client.get("/admin/websites/freshness/")  # warm the per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/websites/freshness/").status_code == 200
        return len(captured)

    two_sites = queries()
    for number in range(4):
        organisation = directory.organisation_create(
            actor=SYSTEM,
            data=organisation_data(
                name=f"Сдружение „Проба {number}“",
                seat=dolna_mitropolia,
                eik=valid_eik(50 + number),
            ),
        )
        website_enable(actor=SYSTEM, organisation=organisation)
    assert queries() == two_sites


def test_stale_site_editors_get_a_reminder(iskar_site, go_site):
    _age(iskar_site, 200)
    _age(go_site, 10)
    sent = send_stale_site_reminders.call()
    assert sent == 1
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["admin@iskar.example.bg", "redaktor@iskar.example.bg"]
    assert "/admin/pages/" in mail.outbox[0].body


def test_reminder_command_enqueues_the_task(iskar_site):
    from django.core.management import call_command

    _age(iskar_site, 365)
    call_command("send_stale_site_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # the immediate backend runs it at once


def test_offline_sites_get_no_reminders(iskar_site, coordinator):
    from partnerstvo.websites.services import website_disable

    _age(iskar_site, 365)
    website_disable(actor=coordinator, website=iskar_site)
    assert send_stale_site_reminders.call() == 0


@pytest.fixture
def editor_client(client, iskar_editor, iskar_site):
    client.force_login(iskar_editor)
    return client


def _upload(client, website, name, content):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": website.image_collection_id,
        },
    )


def test_text_named_jpg_is_refused_with_a_message(editor_client, iskar_site):
    response = _upload(editor_client, iskar_site, "snimka.jpg", b"<script>alert(1)</script>")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.exists()


def test_huge_images_are_refused(editor_client, iskar_site):
    buffer = io.BytesIO()
    PILImage.new("1", (8000, 6000)).save(buffer, format="PNG")  # 48 Mpx, small file
    response = _upload(editor_client, iskar_site, "ogromna.png", buffer.getvalue())
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.exists()


def test_real_images_are_accepted_into_the_sites_collection(editor_client, iskar_site):
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 80), "green").save(buffer, format="JPEG")
    response = _upload(editor_client, iskar_site, "snimka.jpg", buffer.getvalue())
    assert response.status_code == 302
    assert get_image_model().objects.get().collection == iskar_site.image_collection
