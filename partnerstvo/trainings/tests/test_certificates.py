"""Certificates: the completion rule, issuing one or in bulk, the PDF (Bulgarian, EU block, code,
QR of the verification address), the public verification page, revocation and the ZIP."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from conftest import make_user
from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.trainings import documents, services
from partnerstvo.trainings.models import Certificate, CertificateArchive, Enrolment

from .conftest import correct_answers


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def group(course):
    """Four participants: one completes, one missed a session, one skipped the post-test, one
    never came."""
    services.course_update(actor=SYSTEM, course=course, data={"capacity": 10})
    users = [make_user(f"p{i}@example.bg", "Участник", f"Номер{i}") for i in range(4)]
    enrolments = [services.enrolment_create(actor=u, course=course, person=u.person) for u in users]
    return users, enrolments


def _complete(course, trainer, users, enrolments):
    first, second = course.sessions.order_by("starts_at")
    completes, missed, no_post, absent = enrolments
    services.attendance_mark(
        actor=trainer,
        session=first,
        present={completes.pk: True, missed.pk: True, no_post.pk: True, absent.pk: False},
    )
    services.attendance_mark(
        actor=trainer,
        session=second,
        present={completes.pk: True, missed.pk: False, no_post.pk: True, absent.pk: False},
    )
    for user, enrolment in zip(users[:2], enrolments[:2], strict=True):
        services.attempt_submit(
            actor=user, enrolment=enrolment, kind="post", answers=correct_answers(enrolment, "post")
        )


def test_bulk_issue_follows_the_completion_rule(course, trainer, coordinator, group):
    users, enrolments = group
    _complete(course, trainer, users, enrolments)
    issued = services.certificates_issue_for_course(actor=coordinator, course=course)
    assert [c.enrolment_id for c in issued] == [enrolments[0].pk]
    certificate = issued[0]
    assert certificate.holder_name == "Участник Номер0"
    assert certificate.hours == 16
    assert certificate.first_date <= certificate.last_date
    enrolments[0].refresh_from_db()
    assert enrolments[0].status == Enrolment.Status.COMPLETED
    # Issuing again adds nothing.
    assert services.certificates_issue_for_course(actor=coordinator, course=course) == []
    assert AuditEntry.objects.filter(action="trainings.certificate.issued").count() == 1


def test_one_certificate_with_the_reasons_when_the_rule_fails(course, trainer, coordinator, group):
    users, enrolments = group
    _complete(course, trainer, users, enrolments)
    with pytest.raises(ValidationError) as error:
        services.certificate_issue(actor=coordinator, enrolment=enrolments[1])
    assert error.value.code == "incomplete"
    assert "50" in error.value.messages[0]  # 1 of 2 sessions, 50 %
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=coordinator, enrolment=enrolments[2])
    services.course_update(actor=coordinator, course=course, data={"min_attendance_percent": 50})
    assert services.certificate_issue(actor=coordinator, enrolment=enrolments[1]).code
    assert not Certificate.objects.filter(enrolment=enrolments[2]).exists()


def test_only_coordinators_issue_and_revoke(course, trainer, group):
    users, enrolments = group
    _complete(course, trainer, users, enrolments)
    with pytest.raises(PermissionDenied):
        services.certificates_issue_for_course(actor=trainer, course=course)
    with pytest.raises(PermissionDenied):
        services.certificate_issue(actor=users[0], enrolment=enrolments[0])
    assert not Certificate.objects.exists()


def test_certificate_pdf_carries_name_course_hours_code_eu_block_and_verification_address(
    client, course, trainer, coordinator, group
):
    users, enrolments = group
    _complete(course, trainer, users, enrolments)
    (certificate,) = services.certificates_issue_for_course(actor=coordinator, course=course)
    client.force_login(users[0])
    response = client.get(f"/trainings/certificates/{certificate.code}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for expected in ("Участник Номер0", course.title, "16", certificate.code):
        assert expected in text
    assert f"http://testserver/certificates/verify/{certificate.code}/" in text
    assert "European Social Fund" in text or "Европейски социален фонд" in text
    # Another participant cannot download it.
    client.force_login(users[1])
    assert client.get(f"/trainings/certificates/{certificate.code}/download/").status_code == 404


def test_qr_code_encodes_the_verification_address(course, trainer, coordinator, group):
    users, enrolments = group
    _complete(course, trainer, users, enrolments)
    (certificate,) = services.certificates_issue_for_course(actor=coordinator, course=course)
    url = documents.verification_url(certificate, base_url="https://partnerstvo.bg/")
    assert url == f"https://partnerstvo.bg/certificates/verify/{certificate.code}/"
    svg = documents.qr_svg(url)
    assert svg.startswith("<svg") and "<path" in svg
    assert svg == documents.qr_svg(url)  # deterministic: the PDF embeds exactly this


def test_verification_page_is_public_and_says_when_revoked(
    client, course, trainer, coordinator, group
):
    users, enrolments = group
    _complete(course, trainer, users, enrolments)
    (certificate,) = services.certificates_issue_for_course(actor=coordinator, course=course)
    response = client.get(f"/certificates/verify/{certificate.code}/")
    assert response.status_code == 200
    assert b'data-state="valid"' in response.content
    assert "Участник Номер0" in response.content.decode()
    assert client.get(f"/en/certificates/verify/{certificate.code}/").status_code == 200
    # Lower case and spaces are forgiven.
    assert client.get(f"/certificates/verify/{certificate.code.lower()}/").status_code == 200

    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=coordinator, certificate=certificate, reason="  ")
    services.certificate_revoke(
        actor=coordinator, certificate=certificate, reason="Грешно издаден."
    )
    response = client.get(f"/certificates/verify/{certificate.code}/")
    assert response.status_code == 200
    assert b'data-state="revoked"' in response.content
    enrolments[0].refresh_from_db()
    assert enrolments[0].status == Enrolment.Status.ATTENDED


@pytest.mark.parametrize("code", ["NOPE-NOPE-NOPE", "x" * 300, "<script>", "ABCD-EFGH-JKLM"])
def test_unknown_code_answers_404(client, db, code):
    assert client.get(f"/certificates/verify/{code}/").status_code == 404


def test_a_nul_byte_in_the_code_is_a_bad_request_not_a_server_error(client, db):
    # PostgreSQL refuses NUL in text; the platform answers 400 before any lookup.
    assert client.get("/certificates/verify/%00/").status_code == 400


def test_all_certificates_of_a_course_as_one_zip(
    client, course, trainer, coordinator, group, django_capture_on_commit_callbacks
):
    users, enrolments = group
    _complete(course, trainer, users, enrolments)
    services.course_update(actor=coordinator, course=course, data={"min_attendance_percent": 50})
    issued = services.certificates_issue_for_course(actor=coordinator, course=course)
    assert len(issued) == 2
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/trainings/courses/{course.slug}/certificates/archive/")
    assert response.status_code == 302
    archive = CertificateArchive.objects.get()
    assert archive.status == "ready"
    assert archive.done == archive.total == 2
    page = client.get(response["Location"])
    assert b'data-status="ready"' in page.content
    download = client.get(response["Location"] + "?download=1")
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as bundle:
        names = bundle.namelist()
        assert len(names) == 2
        assert all(name.endswith(".pdf") for name in names)
        assert bundle.read(names[0]).startswith(b"%PDF-")
    # A trainer may not ask for it.
    client.force_login(trainer)
    assert client.post(f"/trainings/courses/{course.slug}/certificates/archive/").status_code == 403
    assert client.get(response["Location"]).status_code == 404


def test_verification_has_a_page_to_type_a_code_into(client, course, trainer, coordinator, group):
    users, enrolments = group
    _complete(course, trainer, users, enrolments)
    (certificate,) = services.certificates_issue_for_course(actor=coordinator, course=course)
    page = client.get("/certificates/verify/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'method="get"' in body and 'name="code"' in body
    assert "Код за проверка" in body  # Bulgarian label
    # Typed as a person would: lower case, with spaces; leads to the verification page.
    typed = f"  {certificate.code.lower().replace('-', ' - ')} "
    response = client.get("/certificates/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/certificates/verify/{certificate.code}/"


@pytest.mark.parametrize("code", ["NOPE-NOPE-NOPE", "x" * 300, "<script>", "../../admin/", "%"])
def test_an_unknown_or_malformed_typed_code_is_the_projects_own_not_found(client, db, code):
    response = client.get("/certificates/verify/", {"code": code})
    assert response.status_code == 404
    body = response.content.decode()
    assert "Няма удостоверение с този код" in body
    assert 'name="code"' in body  # the form again, to correct the code
    assert "<script>" not in body
