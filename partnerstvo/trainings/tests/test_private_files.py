"""Certificate archives, signed sheets and report exports are private files: never in public
media, under names nobody can guess, served only by views that check the policy first (streamed
by Django, or by nginx through X-Accel-Redirect)."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_user
from partnerstvo.accounts.services import platform_role_revoke
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import services
from partnerstvo.trainings.models import CertificateArchive, ReportExport

from .test_attendance import PDF_BYTES
from .test_certificates import _complete

# A stored name is a directory and a token of 43 URL-safe characters (32 random bytes).
RANDOM_NAME = re.compile(r"^[a-z/-]+/[A-Za-z0-9_-]{43}\.[a-z]+$")


def _media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _assert_private(settings, field_file) -> None:
    assert RANDOM_NAME.match(field_file.name), field_file.name
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / field_file.name).is_file()
    assert not (Path(settings.MEDIA_ROOT) / field_file.name).exists()
    assert _media_files(settings) == []  # nothing at all in public media


@pytest.fixture
def enrolments(course, participant):
    return [services.enrolment_create(actor=participant, course=course, person=participant.person)]


@pytest.fixture
def certified(course, trainer, coordinator):
    services.course_update(actor=SYSTEM, course=course, data={"capacity": 10})
    users = [make_user(f"p{i}@example.bg", "Участник", f"Номер{i}") for i in range(4)]
    seats = [services.enrolment_create(actor=u, course=course, person=u.person) for u in users]
    _complete(course, trainer, users, seats)
    services.course_update(actor=coordinator, course=course, data={"min_attendance_percent": 50})
    services.certificates_issue_for_course(actor=coordinator, course=course)
    return course


def test_a_certificate_archive_is_private_and_unguessable(
    client, settings, certified, coordinator, trainer, django_capture_on_commit_callbacks
):
    course = certified
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/trainings/courses/{course.slug}/certificates/archive/")
    archive = CertificateArchive.objects.get()
    assert archive.status == "ready"
    _assert_private(settings, archive.file)
    # The old pattern certificates-<course>-<pk>.zip names nothing, public or private.
    assert course.slug not in archive.file.name and f"-{archive.pk}." not in archive.file.name
    assert client.get(f"/media/{archive.file.name}").status_code == 404
    download = client.get(response["Location"] + "?download=1")
    assert download.status_code == 200
    assert (
        download["Content-Disposition"] == f'attachment; filename="certificates-{course.slug}.zip"'
    )
    assert download["Cache-Control"] == "private, no-store"
    for outsider in (trainer, make_user("someone@example.bg")):
        client.force_login(outsider)
        assert client.get(response["Location"] + "?download=1").status_code == 404
    client.logout()
    assert client.get(response["Location"] + "?download=1").status_code == 302  # to log in


def test_the_archive_progress_is_json_for_its_page(
    client, certified, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/trainings/courses/{certified.slug}/certificates/archive/")
    waiting = client.get(response["Location"] + "?format=json").json()
    assert (waiting["status"], waiting["total"], waiting["download_url"]) == ("pending", 2, None)
    for callback in callbacks:
        callback()
    ready = client.get(response["Location"] + "?format=json").json()
    assert (ready["status"], ready["done"], ready["percent"]) == ("ready", 2, 100)
    assert ready["download_url"] == response["Location"] + "?download=1"


def test_an_archive_is_not_built_for_a_requester_who_lost_the_right(
    client, certified, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(f"/trainings/courses/{certified.slug}/certificates/archive/")
    platform_role_revoke(actor=SYSTEM, user=coordinator, role="coordinator")
    for callback in callbacks:  # the worker takes it after the role is gone
        callback()
    archive = CertificateArchive.objects.get()
    assert (archive.status, archive.file.name) == ("failed", "")
    assert archive.error


def test_an_archive_is_claimed_once(
    client, certified, coordinator, django_capture_on_commit_callbacks
):
    from partnerstvo.trainings.tasks import build_certificate_archive

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/trainings/courses/{certified.slug}/certificates/archive/")
    archive = CertificateArchive.objects.get()
    name = archive.file.name
    build_certificate_archive.call(archive.pk)  # a second delivery of the same task
    archive.refresh_from_db()
    assert (archive.status, archive.file.name) == ("ready", name)


def test_a_signed_sheet_is_private_under_a_random_name(
    client, settings, course, enrolments, trainer, iskar_admin
):
    session = course.sessions.first()
    client.force_login(trainer)
    response = client.post(
        f"/trainings/sessions/{session.pk}/signed-sheet/",
        {"file": SimpleUploadedFile("Подписи Иванова.pdf", PDF_BYTES, "application/pdf")},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    _assert_private(settings, session.signed_sheet)
    assert "Иванова" not in session.signed_sheet.name
    assert session.signed_sheet_name == "Подписи Иванова.pdf"
    download = client.get(f"/trainings/sessions/{session.pk}/signed-sheet/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "filename*=utf-8''%D0%9F%D0%BE%D0%B4" in download["Content-Disposition"]
    client.force_login(iskar_admin)
    assert client.get(f"/trainings/sessions/{session.pk}/signed-sheet/").status_code in (403, 404)


def test_a_replaced_signed_sheet_is_deleted(
    client, settings, course, enrolments, trainer, django_capture_on_commit_callbacks
):
    session = course.sessions.first()
    client.force_login(trainer)
    url = f"/trainings/sessions/{session.pk}/signed-sheet/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF_BYTES, "application/pdf")})
    session.refresh_from_db()
    first = Path(settings.PRIVATE_MEDIA_ROOT) / session.signed_sheet.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"file": SimpleUploadedFile("b.pdf", PDF_BYTES, "application/pdf")})
    session.refresh_from_db()
    assert not first.exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / session.signed_sheet.name).is_file()


def test_a_report_export_is_private_and_unguessable(
    client, settings, results, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/trainings/reports/exports/")
    export = ReportExport.objects.get()
    _assert_private(settings, export.file)
    assert f"-{export.pk}-" not in export.file.name
    download = client.get(response["Location"] + "download/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="knowledge-gain.xlsx"'


def test_with_nginx_the_views_answer_with_x_accel_redirect_and_no_body(
    client, settings, results, coordinator, course, trainer, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/trainings/reports/exports/")
    export = ReportExport.objects.get()
    download = client.get(response["Location"] + "download/")
    assert download.status_code == 200
    assert download["X-Accel-Redirect"] == f"/_private/{export.file.name}"
    assert download.content == b""
    assert download["Content-Disposition"] == 'attachment; filename="knowledge-gain.xlsx"'
    session = course.sessions.first()
    client.force_login(trainer)
    client.post(
        f"/trainings/sessions/{session.pk}/signed-sheet/",
        {"file": SimpleUploadedFile("sheet.pdf", PDF_BYTES, "application/pdf")},
    )
    session.refresh_from_db()
    scan = client.get(f"/trainings/sessions/{session.pk}/signed-sheet/")
    assert scan["X-Accel-Redirect"] == f"/_private/{session.signed_sheet.name}"
    assert scan.content == b""
