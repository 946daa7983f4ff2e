"""Where no web server sits in front (dev, demo) the app serves public media, and only that."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings):
    root = settings.MEDIA_ROOT
    for name in (
        "original_images/photo.png",
        "images/photo.fill-100x100.png",
        "organisations/logos/logo.png",
        "trainings/certificate-archives/certificates-course-1.zip",
        "trainings/signature-sheets/sheet.pdf",
        "documents/private.pdf",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"content of " + name.encode())
    return root


@pytest.mark.parametrize(
    "path",
    ["original_images/photo.png", "images/photo.fill-100x100.png", "organisations/logos/logo.png"],
)
def test_images_renditions_and_logos_are_served_when_enabled(client, settings, media, path):
    settings.PARTNERSTVO_SERVE_PUBLIC_MEDIA = True
    response = client.get(f"/media/{path}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"content of " + path.encode()


@pytest.mark.parametrize(
    "path",
    [
        "trainings/certificate-archives/certificates-course-1.zip",
        "trainings/signature-sheets/sheet.pdf",
        # Wagtail's documents go through its own view, which checks collection privacy.
        "documents/private.pdf",
        # No way out of the public prefixes by climbing.
        "images/../trainings/signature-sheets/sheet.pdf",
        "images/%2e%2e/trainings/signature-sheets/sheet.pdf",
        "original_images/../../secret_key",
    ],
)
def test_nothing_else_under_media_is_served(client, settings, media, path):
    settings.PARTNERSTVO_SERVE_PUBLIC_MEDIA = True
    assert client.get(f"/media/{path}").status_code == 404


def test_no_media_is_served_unless_enabled(client, settings, media):
    settings.PARTNERSTVO_SERVE_PUBLIC_MEDIA = False
    assert client.get("/media/original_images/photo.png").status_code == 404
