"""Reports: knowledge gain and ESF totals on screen, the gain workbook, and report exports."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from partnerstvo.core.charts import bar_chart
from partnerstvo.core.jobs import job_file_response, job_progress_json
from partnerstvo.core.navigation import platform_breadcrumbs
from partnerstvo.core.permissions import get_for_user_or_404, scope, user_can
from partnerstvo.directory.roles import roles_of

from .. import exports, selectors, services
from ..forms import ReportFilterForm
from ..models import Course, ParticipantData, ReportExport
from ._common import EXPORT, _xlsx

PEOPLE_PER_PAGE = 50
REPORT_EXPORTS_LISTED = 20
# The long tables (one row per course, municipality or trainer: thousands at programme scale)
# show their largest rows on the reports page and every row, a page at a time, on their own.
TOP_ROWS = 10
TABLE_ROWS_PER_PAGE = 50
# With more courses than the filter lists, a search by title: the matches it lists at most.
COURSE_MATCHES_LISTED = 20


def _report_context(request):
    """The filter form, the course it chose (or None), and the courses a search found."""
    if not user_can(request.user, "view_reports", Course):
        raise PermissionDenied
    courses = selectors.report_courses(user=request.user).order_by("title", "pk")
    form = ReportFilterForm(request.GET or None, courses=courses)
    if not form.is_valid():
        return form, None, None
    course = form.cleaned_data.get("course")
    query = form.cleaned_data.get("q", "").strip()
    if course is not None or not query:
        return form, course, None
    matches = list(courses.filter(title__icontains=query)[: COURSE_MATCHES_LISTED + 1])
    if len(matches) == 1:
        return form, matches[0], None
    return form, None, matches


# The tables with a page of their own: kind of table, title, its first column, and what
# "largest" means for the top rows on the reports page.
LONG_TABLES = {
    "gain-by-course": (
        "gain", _lazy("Knowledge gain by course"), _lazy("Course"), "participants",
    ),
    "gain-by-municipality": (
        "gain", _lazy("Knowledge gain by municipality"), _lazy("Municipality"), "participants",
    ),
    "evaluations-by-course": (
        "evaluations", _lazy("Evaluations by course"), _lazy("Course"), "responses",
    ),
    "evaluations-by-trainer": (
        "evaluations", _lazy("Evaluations by trainer"), _lazy("Trainer"), "responses",
    ),
}  # fmt: skip


def _long_table_rows(request, name: str, course, gain=None) -> list[dict]:
    """Every row of the long table ``name``, each with a ``label``; ``gain`` is what
    ``selectors.gain_summaries`` already read for this request, if anything."""
    user = request.user
    if gain is not None and name.startswith("gain-by-"):
        return gain[name.removeprefix("gain-by-")]
    if name == "gain-by-course":
        return selectors.gain_summary(user=user, by="course", course=course)
    if name == "gain-by-municipality":
        return selectors.gain_summary(user=user, by="municipality", course=course)
    if name == "evaluations-by-course":
        rows = selectors.evaluation_by_course(user=user)
        for row in rows:
            row["label"] = row["response__course__title"]
        return rows
    rows = selectors.evaluation_by_trainer(user=user)
    for row in rows:
        row["label"] = " ".join(
            filter(
                None,
                [
                    row["response__course__trainers__first_name"],
                    row["response__course__trainers__last_name"],
                ],
            )
        )
    return rows


def _long_table(request, name: str, course, gain=None) -> dict:
    """A long table for the reports page: its largest rows and how many there are in all."""
    kind, title, column, size = LONG_TABLES[name]
    rows = _long_table_rows(request, name, course, gain)
    query = f"?course={course.pk}" if course and kind == "gain" else ""
    return {
        "name": name,
        "kind": kind,
        "title": title,
        "column": column,
        "rows": sorted(rows, key=lambda row: -row[size])[:TOP_ROWS],
        "count": len(rows),
        "url": reverse("trainings:report-table", kwargs={"table": name}) + query,
    }


def _gain_chart(title, rows):
    return bar_chart(
        title,
        [(row["label"], (row["pre"], row["post"])) for row in rows],
        unit="%",
        max_value=100,
        series=[_("Pre-test"), _("Post-test")],
        caption=_("Mean score of the people with both tests."),
    )


@login_required
def reports(request):
    """Knowledge gain, the ESF participant totals and the evaluations, on one page of bounded
    size: the long tables show their largest rows and link to their own pages."""
    form, course, matches = _report_context(request)
    services.evaluation_pools_release(actor=request.user, course=course)
    people = selectors.gain_people(user=request.user, course=course)
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    roles = roles_of(request.user)
    gain = selectors.gain_summaries(user=request.user, course=course)
    by_target, by_group = gain["target_group"], gain["participant_group"]
    esf = selectors.esf_totals(
        user=request.user, course=course, mask_small=not roles.is_coordinator
    )
    by_gender = next(b for b in esf.breakdowns if b["name"] == "gender")
    return render(
        request,
        "trainings/reports.html",
        {
            "form": form,
            "course": course,
            "matches": matches,
            "matches_listed": COURSE_MATCHES_LISTED,
            "gain_by_course": _long_table(request, "gain-by-course", course, gain),
            "gain_by_municipality": _long_table(request, "gain-by-municipality", course, gain),
            "summaries": [
                (
                    _("By target group"),
                    _("Target group"),
                    by_target,
                    _gain_chart(_("Before and after, by target group"), by_target),
                ),
                (
                    _("By participant group"),
                    _("Takes part as"),
                    by_group,
                    _gain_chart(_("Before and after, by participant group"), by_group),
                ),
            ],
            "page_obj": page,
            "esf": esf,
            "esf_gender_chart": bar_chart(
                _("Records that count, by gender"),
                [(row["label"], row["total"]) for row in by_gender["rows"]],
                caption=_("People who took part and whose ESF record is complete."),
            ),
            "genders": ParticipantData.Gender.choices,
            "evaluations_by_course": _long_table(request, "evaluations-by-course", course),
            "evaluations_by_trainer": _long_table(request, "evaluations-by-trainer", course),
        },
    )


@login_required
@require_GET
def report_table(request, table: str):
    """Every row of one of the reports page's long tables, a page at a time, in order."""
    if table not in LONG_TABLES:
        raise Http404
    form, course, matches = _report_context(request)
    kind, title, column, _size = LONG_TABLES[table]
    if kind == "evaluations":
        services.evaluation_pools_release(actor=request.user, course=course)
    rows = _long_table_rows(request, table, course)
    page = Paginator(rows, TABLE_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "trainings/report_table.html",
        {
            "form": form,
            "course": course,
            "matches": matches,
            "matches_listed": COURSE_MATCHES_LISTED,
            "kind": kind,
            "title": title,
            "column": column,
            "page_obj": page,
            "breadcrumbs": platform_breadcrumbs(
                (_("Training reports"), reverse("trainings:reports")),
                (title, request.path),
            ),
        },
    )


@login_required
@require_GET
def reports_gain_xlsx(request):
    """One course's knowledge-gain report at once (it is small). The whole programme is built in
    the background: this address then leads to the exports page, where it is started."""
    _form, course, _matches = _report_context(request)
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
    breadcrumbs = platform_breadcrumbs(
        (_("Training reports"), reverse("trainings:reports")),
        (_("Your exports"), request.path),
    )
    return render(
        request,
        "trainings/report_exports.html",
        {"exports": recent, "breadcrumbs": breadcrumbs},
    )


@login_required
@require_GET
def report_export(request, pk: int):
    """An export's progress (the page refreshes itself while it is built), and its link."""
    export = get_for_user_or_404(request.user, "view", EXPORT, pk=pk)
    if request.GET.get("format") == "json":
        return job_progress_json(
            export, download_url=reverse("trainings:report-export-download", kwargs={"pk": pk})
        )
    breadcrumbs = platform_breadcrumbs(
        (_("Training reports"), reverse("trainings:reports")),
        (_("Your exports"), reverse("trainings:report-exports")),
        (
            _("Export of %(date)s")
            % {"date": date_format(localtime(export.created_at), "j.m.Y H:i")},
            request.path,
        ),
    )
    return render(
        request,
        "trainings/report_export.html",
        {
            "export": export,
            "breadcrumbs": breadcrumbs,
            "retention_days": settings.JOB_FILE_RETENTION_DAYS,
        },
    )


@login_required
@require_GET
def report_export_download(request, pk: int):
    return job_file_response(get_for_user_or_404(request.user, "view", EXPORT, pk=pk))
