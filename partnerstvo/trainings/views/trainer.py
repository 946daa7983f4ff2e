"""A trainer's screens: the course dashboard and its workbooks, the attendance screen, signature
sheets and their scans."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnerstvo.core.files import private_file_response
from partnerstvo.core.permissions import get_for_user_or_404, scope, user_can

from .. import documents, exports, selectors, services
from ..forms import ScanUploadForm
from ..models import CertificateArchive
from ._common import COURSE, SESSION, _show_errors, _xlsx

PARTICIPANTS_PER_PAGE = 50


@login_required
def course_manage(request, slug: str):
    course = get_for_user_or_404(request.user, "view_participants", COURSE, slug=slug)
    # After the course, reading its results releases the evaluation answers still waiting.
    services.evaluation_pools_release(actor=request.user, course=course)
    participants = selectors.course_participants(course=course)
    page = Paginator(participants, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "trainings/course_manage.html",
        {
            "course": course,
            "sessions": course.sessions.select_related("municipality", "trainer"),
            "page_obj": page,
            "seats": selectors.course_seats(course=course),
            "can_manage": user_can(request.user, "manage", course),
            "can_issue": user_can(request.user, "issue_certificates", course),
            "archives": scope(
                request.user, "view", CertificateArchive.objects.filter(course=course)
            )[:5],
            "evaluation": selectors.evaluation_results(course=course),
            "non_respondents": selectors.evaluation_non_respondents(course=course)[:200],
            "tests": {test.kind: test for test in course.tests.all()},
        },
    )


@login_required
@require_GET
def course_participants_xlsx(request, slug: str):
    course = get_for_user_or_404(request.user, "view_participants", COURSE, slug=slug)
    return _xlsx(exports.participants_xlsx(course=course), f"participants-{course.slug}.xlsx")


@login_required
@require_GET
def course_attendance_xlsx(request, slug: str):
    course = get_for_user_or_404(request.user, "view_participants", COURSE, slug=slug)
    return _xlsx(exports.attendance_xlsx(course=course), f"attendance-{course.slug}.xlsx")


@login_required
def session_attendance(request, pk: int):
    session = get_for_user_or_404(request.user, "mark_attendance", SESSION, pk=pk)
    status = 200
    if request.method == "POST":
        try:
            listed = [int(value) for value in request.POST.getlist("enrolment")]
            present = {int(value) for value in request.POST.getlist("present")}
        except ValueError:
            messages.error(request, _("The attendance list could not be read."))
            status = 400
        else:
            try:
                changed = services.attendance_mark(
                    actor=request.user,
                    session=session,
                    present={pk: pk in present for pk in listed},
                )
            except ValidationError as error:
                _show_errors(request, error)
                status = 400
            else:
                messages.success(
                    request, _("Attendance saved (%(count)s changes).") % {"count": changed}
                )
                return redirect(reverse("trainings:session-attendance", kwargs={"pk": pk}))
    rows = selectors.session_attendance_rows(session=session)
    return render(
        request,
        "trainings/session_attendance.html",
        {"session": session, "rows": rows, "scan_form": ScanUploadForm()},
        status=status,
    )


@login_required
@require_GET
def session_signature_sheet(request, pk: int):
    session = get_for_user_or_404(request.user, "view_sheet", SESSION, pk=pk)
    rows = selectors.session_attendance_rows(session=session)
    content = documents.signature_sheet_pdf(session, rows)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="signature-sheet-{session.pk}.pdf"'
    return response


@login_required
def session_scan(request, pk: int):
    """GET: the uploaded signed sheet. POST: upload it (a PDF)."""
    if request.method == "POST":
        session = get_for_user_or_404(request.user, "mark_attendance", SESSION, pk=pk)
        form = ScanUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.signature_sheet_upload(
                    actor=request.user, session=session, file=form.cleaned_data["file"]
                )
            except ValidationError as error:
                _show_errors(request, error)
            else:
                messages.success(request, _("The signed sheet is uploaded."))
                return redirect(reverse("trainings:session-attendance", kwargs={"pk": pk}))
        else:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
        rows = selectors.session_attendance_rows(session=session)
        return render(
            request,
            "trainings/session_attendance.html",
            {"session": session, "rows": rows, "scan_form": form},
            status=400,
        )
    session = get_for_user_or_404(request.user, "view_sheet", SESSION, pk=pk)
    return private_file_response(
        session.signed_sheet,
        filename=session.signed_sheet_name or f"signed-sheet-{session.pk}.pdf",
        content_type="application/pdf",
    )
