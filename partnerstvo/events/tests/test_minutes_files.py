"""Photos and documents of an event after it: uploads are checked for type, content and size;
they are public with their event and managed by its organisers."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import clear_cache
from partnerstvo.core.permissions import user_can
from partnerstvo.events.models import EventDocument, EventPhoto

from .meetings import *  # noqa: F403 - the fixtures


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_document_must_really_be_an_office_file_or_a_pdf(event):
    fake = EventDocument(event=event, title="Доклад", file=SimpleUploadedFile("report.pdf", b"hi"))
    with pytest.raises(ValidationError):
        fake.full_clean()
    script = EventDocument(event=event, title="Доклад", file=SimpleUploadedFile("x.exe", b"MZ"))
    with pytest.raises(ValidationError):
        script.full_clean()
    real = EventDocument(
        event=event, title="Доклад", file=SimpleUploadedFile("report.pdf", b"%PDF-1.7\n...")
    )
    real.full_clean()


def test_a_photo_must_really_be_an_image_and_only_one_source(event, settings):
    text = EventPhoto(event=event, file=SimpleUploadedFile("photo.jpg", b"not an image"))
    with pytest.raises(ValidationError):
        text.full_clean()
    with pytest.raises(ValidationError):
        EventPhoto(event=event).full_clean()  # neither a library image nor a file
    photo = EventPhoto(event=event, file=SimpleUploadedFile("photo.png", png_bytes()))
    photo.full_clean()
    settings.PARTNERSTVO_MAX_IMAGE_BYTES = 10
    big = EventPhoto(event=event, file=SimpleUploadedFile("photo.png", png_bytes()))
    with pytest.raises(ValidationError):
        big.full_clean()


def test_photos_and_documents_are_public_and_managed_by_the_organisers(
    event, iskar_admin, go2000_editor
):
    from django.contrib.auth.models import AnonymousUser

    document = EventDocument.objects.create(event=event, title="Доклад", file="events/x.pdf")
    for user in (AnonymousUser(), go2000_editor, iskar_admin):
        assert user_can(user, "view", document)
    assert user_can(iskar_admin, "change", document)
    assert not user_can(go2000_editor, "change", document)
    assert not user_can(AnonymousUser(), "delete", document)


def test_organisers_add_photos_and_documents_in_the_back_office_and_the_page_shows_them(
    client, event, iskar_admin, go2000_editor
):
    from conftest import PASSWORD

    client.login(email=go2000_editor.email, password=PASSWORD)
    refused = client.post(
        "/admin/events/documents/new/",
        {"event": event.pk, "title": "Чужд", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.7\n")},
    )
    assert refused.status_code in (200, 403)  # not their event: not offered, nothing saved
    assert not EventDocument.objects.exists()
    client.logout()

    client.login(email=iskar_admin.email, password=PASSWORD)
    response = client.post(
        "/admin/events/documents/new/",
        {
            "event": event.pk,
            "title": "Доклад от срещата",
            "file": SimpleUploadedFile("doklad.pdf", b"%PDF-1.7\n..."),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    bad = client.post(
        "/admin/events/photos/new/",
        {"event": event.pk, "file": SimpleUploadedFile("snimka.png", b"not an image")},
    )
    assert bad.status_code == 200 and not EventPhoto.objects.exists()  # a clear form error
    response = client.post(
        "/admin/events/photos/new/",
        {
            "event": event.pk,
            "file": SimpleUploadedFile("snimka.png", png_bytes()),
            "alt_text": "Участниците около масата",
            "caption": "Кръглата маса",
            "order": 0,
        },
    )
    assert response.status_code == 302
    client.logout()

    page = client.get(event.get_absolute_url()).content.decode()
    files = page[page.index('id="photos-and-documents"') :]
    files = files[: files.index("</section>")]
    assert "Доклад от срещата" in files and 'alt="Участниците около масата"' in files
    assert EventDocument.objects.get().file.name.startswith("events/documents/")


def test_library_images_show_on_the_event_page_with_their_rendition_and_alt_text(client, event):
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    def library_image(title, description=""):
        return get_image_model().objects.create(
            title=title,
            description=description,
            file=ImageFile(io.BytesIO(png_bytes()), name="biblioteka.png"),
            collection=Collection.get_first_root_node(),
        )

    described = library_image("IMG_0042", "Кметът открива срещата")
    EventPhoto.objects.create(event=event, image=described, caption="Откриването")
    EventPhoto.objects.create(
        event=event, image=library_image("IMG_0043"), alt_text="Участниците гласуват"
    )
    EventPhoto.objects.create(event=event, file=SimpleUploadedFile("snimka.png", png_bytes()))
    page = client.get(event.get_absolute_url()).content.decode()
    files = page[page.index('id="photos-and-documents"') :]
    files = files[: files.index("</section>")]
    assert files.count("<img ") == 3
    assert 'alt="Кметът открива срещата"' in files  # the image's own description
    assert 'alt="Участниците гласуват"' in files  # the photo's alt text first
    assert "Откриването" in files
    assert "/images/" in files and ".max-640x480" in files  # a rendition, not the original
    # Renditions exist now: more library photos cost no more queries.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        clear_cache()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(event.get_absolute_url()).status_code == 200
        return len(captured)

    before = queries()
    for index in range(3):
        EventPhoto.objects.create(event=event, image=library_image(f"IMG_1{index}", "Снимка"))
    queries()  # makes their renditions
    assert queries() == before
