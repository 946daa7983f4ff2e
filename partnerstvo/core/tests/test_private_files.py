"""Wagtail documents are private files: kept outside public media, served only by Wagtail's view
after it has checked the collection's restrictions (by nginx when X-Accel-Redirect is set).
Images stay public."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from partnerstvo.core.files import random_name
from partnerstvo.trainings.tests.test_attendance import PDF_BYTES

pytestmark = pytest.mark.django_db


def _document(collection=None, name="Отчет 2026.pdf"):
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)  # as in a real installation
    return Document.objects.create(
        title="Отчет",
        file=ContentFile(PDF_BYTES, name=name),
        collection=collection or Collection.get_first_root_node(),
    )


def test_a_document_is_not_in_public_media(settings, client):
    document = _document()
    assert not (Path(settings.MEDIA_ROOT) / document.file.name).exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / document.file.name).is_file()
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert document.url.startswith(f"/documents/{document.pk}/")
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_document_of_a_restricted_collection_is_refused_to_anonymous(
    settings, client, iskar_editor
):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Вътрешни")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = _document(private)
    assert not (Path(settings.MEDIA_ROOT) / document.file.name).exists()
    response = client.get(document.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    client.force_login(iskar_editor)
    assert client.get(document.url).status_code == 200


def test_with_nginx_a_document_is_sent_by_x_accel_redirect(settings, client):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    document = _document(name="report.pdf")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{document.file.name}"
    assert response.content == b""
    assert response["Content-Disposition"].endswith('filename="report.pdf"')


def test_images_stay_public(settings):
    from io import BytesIO

    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buffer, "PNG")
    image = Image.objects.create(
        title="Лого", file=ContentFile(buffer.getvalue(), name="logo.png"), width=4, height=4
    )
    assert (Path(settings.MEDIA_ROOT) / image.file.name).is_file()
    assert image.file.url.startswith(settings.MEDIA_URL)


def test_random_names_are_unguessable_and_keep_only_the_extension():
    first, second = random_name("x", "Иванов Иван.PDF"), random_name("x", "Иванов Иван.PDF")
    assert first != second
    assert first.startswith("x/") and first.endswith(".pdf")
    assert "Иванов" not in first
    assert len(first) == len("x/") + 43 + len(".pdf")
    assert "/" not in random_name("x", "evil.p/../hp")[2:]


def test_files_left_in_public_media_are_moved_and_renamed(settings, trainer):
    """What an earlier version wrote into media (a signed sheet under its uploader's name, a
    Wagtail document) moves to the private root; the row follows, the download name is kept."""
    from partnerstvo.core.permissions import SYSTEM
    from partnerstvo.trainings import services
    from partnerstvo.trainings.models import Programme, Session
    from partnerstvo.trainings.tests.conftest import build_course

    programme = services.programme_save(
        actor=SYSTEM, programme=Programme(), data={"title": "Програма"}
    )
    course = build_course(programme=programme, trainer=trainer)
    session = Session.objects.filter(course=course).first()
    public = Path(settings.MEDIA_ROOT)
    (public / "trainings/signature-sheets").mkdir(parents=True)
    (public / "trainings/signature-sheets/Иванова.pdf").write_bytes(PDF_BYTES)
    Session.objects.filter(pk=session.pk).update(
        signed_sheet="trainings/signature-sheets/Иванова.pdf"
    )
    document = _document(name="old.pdf")
    legacy = public / document.file.name
    legacy.parent.mkdir(parents=True)
    (Path(settings.PRIVATE_MEDIA_ROOT) / document.file.name).rename(legacy)

    call_command("move_private_files", stdout=open(os.devnull, "w"))  # noqa: SIM115

    session.refresh_from_db()
    assert session.signed_sheet.name.startswith("trainings/signature-sheets/")
    assert "Иванова" not in session.signed_sheet.name
    assert session.signed_sheet_name == "Иванова.pdf"
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / session.signed_sheet.name).read_bytes() == PDF_BYTES
    assert not legacy.exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / document.file.name).is_file()
    assert [p for p in public.rglob("*") if p.is_file()] == []


def test_the_back_office_edits_a_private_document(client, coordinator):
    document = _document(name="edit.pdf")
    client.force_login(coordinator)
    response = client.get(f"/admin/documents/edit/{document.pk}/")
    assert response.status_code == 200
    assert f"/media/{document.file.name}" not in response.content.decode()
    for url in ("/admin/documents/", "/admin/documents/chooser/", "/admin/documents/usage/"):
        url = url if "usage" not in url else f"{url}{document.pk}/"
        assert client.get(url).status_code == 200, url
