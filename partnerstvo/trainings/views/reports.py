"""Reports: knowledge gain and ESF totals on screen, the gain workbook, and report exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnerstvo.core.jobs import job_file_response, job_progress_json
from partnerstvo.core.permissions import get_for_user_or_404, scope, user_can
from partnerstvo.directory.roles import roles_of

from .. import exports, selectors, services
from ..forms import ReportFilterForm
from ..models import Course, ParticipantData, ReportExport
from ._common import EXPORT, _xlsx

PEOPLE_PER_PAGE = 50
REPORT_EXPORTS_LISTED = 20


def _report_context(request):
    if not user_can(request.user, "view_reports", Course):
        raise PermissionDenied
    courses = selectors.report_courses(user=request.user).order_by("title")
    form = ReportFilterForm(request.GET or None, courses=courses)
    course = form.cleaned_data.get("course") if form.is_valid() else None
    return form, course


@login_required
def reports(request):
    form, course = _report_context(request)
    services.evaluation_pools_release(actor=request.user, course=course)
    people = selectors.gain_people(user=request.user, course=course)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    roles = roles_of(request.user)
    return render(
        request,
        "trainings/reports.html",
        {
            "form": form,
            "course": course,
            "summaries": [
                (
                    _("By course"),
                    selectors.gain_summary(user=request.user, by="course", course=course),
                ),
                (
                    _("By target group"),
                    selectors.gain_summary(user=request.user, by="target_group", course=course),
                ),
                (
                    _("By participant group"),
                    selectors.gain_summary(
                        user=request.user, by="participant_group", course=course
                    ),
                ),
                (
                    _("By municipality"),
                    selectors.gain_summary(user=request.user, by="municipality", course=course),
                ),
            ],
            "page_obj": page,
            "esf": selectors.esf_totals(
                user=request.user, course=course, mask_small=not roles.is_coordinator
            ),
            "genders": ParticipantData.Gender.choices,
            "by_trainer": selectors.evaluation_by_trainer(user=request.user),
            "by_course": selectors.evaluation_by_course(user=request.user),
        },
    )


@login_required
@require_GET
def reports_gain_xlsx(request):
    """One course's knowledge-gain report at once (it is small). The whole programme is built in
    the background: this address then leads to the exports page, where it is started."""
    _form, course = _report_context(request)
    if course is None:
        return redirect(reverse("trainings:report-exports"))
    return _xlsx(
        exports.gain_xlsx(user=request.user, course=course), f"knowledge-gain-{course.slug}.xlsx"
    )


@login_required
def report_exports(request):
    """GET: the requester's recent exports of the knowledge-gain report. POST: start one (every
    course, or the ``course`` given, among those the requester may report on)."""
    if not user_can(request.user, "add", ReportExport):
        raise PermissionDenied
    if request.method == "POST":
        course = None
        if request.POST.get("course"):
            courses = selectors.report_courses(user=request.user)
            form = ReportFilterForm(request.POST, courses=courses)
            if not form.is_valid():
                raise Http404
            course = form.cleaned_data["course"]
        export = services.report_export_request(actor=request.user, course=course)
        return redirect(reverse("trainings:report-export", kwargs={"pk": export.pk}))
    own = scope(request.user, "view", ReportExport.objects.filter(requested_by=request.user))
    recent = own.select_related("course").order_by("-created_at", "-pk")[:REPORT_EXPORTS_LISTED]
    return render(request, "trainings/report_exports.html", {"exports": recent})


@login_required
@require_GET
def report_export(request, pk: int):
    """An export's progress (the page refreshes itself while it is built), and its link."""
    export = get_for_user_or_404(request.user, "view", EXPORT, pk=pk)
    if request.GET.get("format") == "json":
        return job_progress_json(
            export, download_url=reverse("trainings:report-export-download", kwargs={"pk": pk})
        )
    return render(request, "trainings/report_export.html", {"export": export})


@login_required
@require_GET
def report_export_download(request, pk: int):
    return job_file_response(get_for_user_or_404(request.user, "view", EXPORT, pk=pk))
