"""Attendance per session (marked by the course's trainers), the signature sheet PDF, and the
upload of its signed scan (a PDF, nothing else)."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from conftest import PASSWORD, make_user
from partnerstvo.core.models import AuditEntry
from partnerstvo.trainings import services
from partnerstvo.trainings.models import AttendanceRecord, Enrolment, Session

Status = Enrolment.Status


@pytest.fixture
def enrolments(course, participant, staff_member, administration, officer):
    return [
        services.enrolment_create(actor=participant, course=course, person=participant.person),
        services.enrolment_create(
            actor=officer, course=course, person=staff_member.person, administration=administration
        ),
    ]


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_trainer_marks_attendance_and_statuses_follow(course, enrolments, trainer):
    first, second = course.sessions.order_by("starts_at")
    radka, galya = enrolments
    changed = services.attendance_mark(
        actor=trainer, session=first, present={radka.pk: True, galya.pk: False}
    )
    assert changed == 2
    radka.refresh_from_db()
    galya.refresh_from_db()
    assert radka.status == Status.ATTENDED
    assert galya.status == Status.NO_SHOW
    # A correction: Галя came to the second session.
    services.attendance_mark(actor=trainer, session=second, present={galya.pk: True})
    galya.refresh_from_db()
    assert galya.status == Status.ATTENDED
    # Marking the same again changes nothing and writes no audit entry.
    entries = AuditEntry.objects.filter(action="trainings.attendance.marked").count()
    assert services.attendance_mark(actor=trainer, session=second, present={galya.pk: True}) == 0
    assert AuditEntry.objects.filter(action="trainings.attendance.marked").count() == entries == 3


def test_only_the_courses_trainers_and_coordinators_mark_attendance(
    course, enrolments, other_trainer, iskar_admin, participant, coordinator
):
    session = course.sessions.first()
    for outsider in (other_trainer, iskar_admin, participant):
        with pytest.raises(PermissionDenied):
            services.attendance_mark(
                actor=outsider, session=session, present={enrolments[0].pk: True}
            )
    assert not AttendanceRecord.objects.exists()
    services.attendance_mark(actor=coordinator, session=session, present={enrolments[0].pk: True})


def test_people_of_another_course_or_without_a_seat_cannot_be_marked(
    course, other_course, enrolments, trainer
):
    stranger = make_user("stranger@example.bg")
    elsewhere = services.enrolment_create(
        actor=stranger, course=other_course, person=stranger.person
    )
    session = course.sessions.first()
    with pytest.raises(ValidationError) as error:
        services.attendance_mark(
            actor=trainer, session=session, present={enrolments[0].pk: True, elsewhere.pk: True}
        )
    assert error.value.code == "not_enrolled"
    services.enrolment_cancel(actor=trainer, enrolment=enrolments[1])
    with pytest.raises(ValidationError) as error:
        services.attendance_mark(actor=trainer, session=session, present={enrolments[1].pk: True})
    assert error.value.code == "no_seat"
    assert not AttendanceRecord.objects.exists()


def test_signature_sheet_lists_participants_organisations_and_the_eu_block(
    client, course, enrolments, trainer
):
    session = course.sessions.first()
    client.force_login(trainer)
    response = client.get(f"/trainings/sessions/{session.pk}/signature-sheet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Радка Иванова" in text
    assert "Галя Маринова" in text
    assert "Искър БГ" in text  # the organisation column
    assert "Общинска администрация Долна Митрополия" in text
    assert course.title in text
    # The EU visibility block (in whichever language the catalogue gives).
    assert "European Social Fund" in text or "Европейски социален фонд" in text


def test_signature_sheet_is_not_for_outsiders(client, course, enrolments, iskar_admin):
    session = course.sessions.first()
    client.force_login(iskar_admin)
    assert client.get(f"/trainings/sessions/{session.pk}/signature-sheet.pdf").status_code == 403
    client.logout()
    response = client.get(f"/trainings/sessions/{session.pk}/signature-sheet.pdf")
    assert response.status_code == 302  # to the login page


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_signed_scan_upload_accepts_a_pdf(client, course, enrolments, trainer):
    session = course.sessions.first()
    client.force_login(trainer)
    response = client.post(
        f"/trainings/sessions/{session.pk}/signed-sheet/",
        {"file": SimpleUploadedFile("sheet.pdf", PDF_BYTES, "application/pdf")},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.signed_sheet.name.endswith(".pdf")
    assert session.signed_sheet_uploaded_at is not None
    assert AuditEntry.objects.filter(action="trainings.session.sheet_uploaded").exists()
    download = client.get(f"/trainings/sessions/{session.pk}/signed-sheet/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("sheet.jpg", b"\xff\xd8\xff\xe0 not a pdf"),
        ("sheet.pdf", b"GIF89a pretending to be a PDF"),
        ("sheet.pdf", b""),
    ],
)
def test_a_non_pdf_scan_is_refused_with_a_message_and_changes_nothing(
    client, course, enrolments, trainer, name, content
):
    session = course.sessions.first()
    client.force_login(trainer)
    response = client.post(
        f"/trainings/sessions/{session.pk}/signed-sheet/",
        {"file": SimpleUploadedFile(name, content, "application/pdf")},
    )
    assert response.status_code == 400
    assert list(response.context["messages"])  # a clear message
    session.refresh_from_db()
    assert not session.signed_sheet
    assert not AuditEntry.objects.filter(action="trainings.session.sheet_uploaded").exists()


def test_scan_too_large_is_refused(course, trainer, settings):
    settings.PARTNERSTVO_MAX_SCAN_BYTES = 10
    session = course.sessions.first()
    with pytest.raises(ValidationError):
        services.signature_sheet_upload(
            actor=trainer, session=session, file=SimpleUploadedFile("s.pdf", PDF_BYTES)
        )
    assert not Session.objects.get(pk=session.pk).signed_sheet


def test_attendance_screen_saves_marks_from_a_phone_form(client, course, enrolments, trainer):
    session = course.sessions.first()
    client.force_login(trainer)
    page = client.get(f"/trainings/sessions/{session.pk}/attendance/")
    assert page.status_code == 200
    assert b'name="viewport"' in page.content
    response = client.post(
        f"/trainings/sessions/{session.pk}/attendance/",
        {"enrolment": [e.pk for e in enrolments], "present": [enrolments[0].pk]},
    )
    assert response.status_code == 302
    marks = dict(AttendanceRecord.objects.values_list("enrolment_id", "present"))
    assert marks == {enrolments[0].pk: True, enrolments[1].pk: False}
    bad = client.post(f"/trainings/sessions/{session.pk}/attendance/", {"enrolment": ["x"]})
    assert bad.status_code == 400


def test_attendance_screen_login_with_password(client, course, enrolments, trainer):
    assert client.login(username=trainer.email, password=PASSWORD)
    session = course.sessions.first()
    assert client.get(f"/trainings/sessions/{session.pk}/attendance/").status_code == 200
