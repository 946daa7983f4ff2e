"""Helpers shared by the trainings views: validation errors as messages, workbook responses, and
the querysets records named in an address are loaded from."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse

from ..models import Course, Enrolment, ReportExport, Session

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Records named in an address are loaded with core.permissions.get_for_user_or_404: 404 for what
# the user may not see, 403 for what they see but may not do.
COURSE = Course.objects.all()
ENROLMENT = Enrolment.objects.select_related("course", "person", "organisation", "administration")
SESSION = Session.objects.select_related("course", "municipality", "trainer")
EXPORT = ReportExport.objects.select_related("course", "requested_by")
