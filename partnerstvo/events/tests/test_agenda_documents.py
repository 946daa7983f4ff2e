"""The documents of agenda items, added and removed by the event's organisers in the back office
and shown under their item on the event's page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PASSWORD
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.events import services
from partnerstvo.events.models import AgendaDocument, AgendaItem

from .meetings import *  # noqa: F403 - the fixtures

pytestmark = pytest.mark.django_db

NEW = "/admin/events/agenda-documents/new/"


@pytest.fixture
def item(event):
    return services.agenda_item_save(
        actor=SYSTEM,
        item=AgendaItem(),
        data={
            "event": event,
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
            "title": "Проект на стратегията",
        },
    )


def _pdf(name="strategia.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7\n...\n%%EOF\n", content_type="application/pdf")


def test_organisers_add_and_remove_agenda_documents_and_the_page_shows_them(
    client, event, item, iskar_admin, go2000_editor, settings
):
    client.login(email=go2000_editor.email, password=PASSWORD)
    refused = client.post(NEW, {"item": item.pk, "title": "Чужд", "file": _pdf()})
    assert refused.status_code in (200, 403)  # not their event: not offered, nothing saved
    assert not AgendaDocument.objects.exists()
    client.logout()

    client.login(email=iskar_admin.email, password=PASSWORD)
    form = client.get(NEW).content.decode()
    assert "Проект на стратегията" in form and event.title in form
    # Not a real PDF, a program, too large: a clear form error each, nothing saved.
    for upload in (
        SimpleUploadedFile("strategia.pdf", b"just text"),
        SimpleUploadedFile("run.exe", b"MZ..."),
    ):
        response = client.post(NEW, {"item": item.pk, "title": "Проект", "file": upload})
        assert response.status_code == 200 and "error" in response.content.decode()
    limit, settings.PARTNERSTVO_MAX_SCAN_BYTES = settings.PARTNERSTVO_MAX_SCAN_BYTES, 5
    assert client.post(NEW, {"item": item.pk, "title": "Проект", "file": _pdf()}).status_code == 200
    settings.PARTNERSTVO_MAX_SCAN_BYTES = limit
    assert not AgendaDocument.objects.exists()
    response = client.post(NEW, {"item": item.pk, "title": "Проект на стратегия", "file": _pdf()})
    assert response.status_code == 302, response.content.decode()[:2000]
    document = AgendaDocument.objects.get()
    assert document.file.name.startswith("events/agenda/")
    listing = client.get("/admin/events/agenda-documents/", {"event": event.pk})
    assert listing.status_code == 200 and "Проект на стратегия" in listing.content.decode()
    page = client.get(event.get_absolute_url()).content.decode()
    agenda = page[page.index('id="agenda-heading"') :]
    agenda = agenda[: agenda.index("</section>")]
    assert document.file.url in agenda and "Проект на стратегия" in agenda

    client.logout()
    client.login(email=go2000_editor.email, password=PASSWORD)
    delete = f"/admin/events/agenda-documents/delete/{document.pk}/"
    assert client.post(delete).status_code in (302, 403, 404)
    assert AgendaDocument.objects.filter(pk=document.pk).exists()
    client.logout()
    client.login(email=iskar_admin.email, password=PASSWORD)
    assert client.post(delete).status_code == 302
    assert not AgendaDocument.objects.exists()
