"""XLSX exports of events (openpyxl write-only, rows read in chunks, as trainings' exports)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core import xlsx

from .models import Event, RegistrationQuestion


def _answer(question: RegistrationQuestion, value) -> str:
    if value in (None, ""):
        return ""
    if question.kind == RegistrationQuestion.Kind.YES_NO:
        return _("Yes") if value in (True, "yes", "true", "1") else _("No")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def participants_xlsx(*, event: Event) -> bytes:
    """Everyone registered for ``event`` (cancelled ones last): name, e-mail, organisation,
    status, one column per registration question, check-in and attendance."""
    questions = list(event.questions.order_by("order", "pk"))
    workbook = xlsx.workbook()
    sheet = workbook.create_sheet(_("Participants")[:31])
    titles = [
        _("Full name"), _("E-mail"), _("Organisation"), _("Status"), _("Registered"),
        *[question.label for question in questions],
        _("Checked in"), _("Attendance"),
    ]  # fmt: skip
    xlsx.header(sheet, titles)
    registrations = (
        event.registrations.select_related("person", "on_behalf_of")
        .order_by("status", "person__last_name", "person__first_name", "pk")
        .iterator(chunk_size=500)
    )
    for registration in registrations:
        answers = registration.answers or {}
        sheet.append(
            [
                registration.person.full_name,
                registration.person.email,
                registration.on_behalf_of.name if registration.on_behalf_of else "",
                registration.get_status_display(),
                _local(registration.created_at),
                *[_answer(q, answers.get(str(q.pk))) for q in questions],
                _local(registration.checked_in_at),
                registration.get_attendance_display() if registration.attendance else "",
            ]
        )
    return xlsx.to_bytes(workbook)
