"""Pages of trainings: the public calendar, courses and certificate verification; a participant's
own trainings, tests and evaluations; a trainer's attendance screen and course dashboard; the
reports. Thin: selectors read, services write, policies decide."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerstvo.core.files import private_file_response
from partnerstvo.core.forms import form_add_service_errors
from partnerstvo.core.jobs import job_file_response, job_progress_json
from partnerstvo.core.jsonld import json_ld_script
from partnerstvo.core.permissions import get_for_user_or_404, require, scope, user_can
from partnerstvo.directory.models import Administration, Organisation, Person
from partnerstvo.directory.roles import roles_of

from .. import documents, exports, ics, jsonld, selectors, services
from ..forms import (
    CertificateLookupForm,
    CertificateRevokeForm,
    EnrolmentCancelForm,
    EnrolOthersForm,
    ParticipantDataForm,
    ReportFilterForm,
    ScanUploadForm,
    enrolment_options,
)
from ..models import (
    Attempt,
    Certificate,
    CertificateArchive,
    Course,
    Enrolment,
    EvaluationItem,
    KnowledgeTest,
    ParticipantData,
    ReportExport,
    Session,
)

SESSIONS_PER_PAGE = 20
PARTICIPANTS_PER_PAGE = 50
PEOPLE_PER_PAGE = 50
REPORT_EXPORTS_LISTED = 20
FEED_DAYS_BACK = 60
FEED_LIMIT = 1000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


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


# --- Public: calendar, feed, courses ---------------------------------------------------------


def calendar(request):
    since = timezone.now() - datetime.timedelta(hours=12)
    sessions = selectors.calendar_sessions(user=request.user, since=since)
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "trainings/calendar.html", {"page_obj": page})


@require_GET
def calendar_feed(request):
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    sessions = selectors.feed_sessions(since=since)[:FEED_LIMIT]
    base = request.build_absolute_uri("/")
    body = ics.calendar(
        [ics.session_event(session, base_url=base) for session in sessions],
        name=_("Trainings"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="trainings.ics"'
    return response


@require_GET
def session_ics(request, pk: int):
    session = Session.objects.select_related("course", "municipality").filter(pk=pk).first()
    if session is None or not user_can(request.user, "view", session):
        raise Http404
    body = ics.calendar([ics.session_event(session, base_url=request.build_absolute_uri("/"))])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


def course_detail(request, slug: str):
    try:
        course = selectors.course_get_for_page(user=request.user, slug=slug)
    except Course.DoesNotExist as error:
        raise Http404 from error
    roles = roles_of(request.user)
    return render(
        request,
        "trainings/course_detail.html",
        {
            "course": course,
            "json_ld": json_ld_script(jsonld.course_data(course, request=request)),
            "seats": selectors.course_seats(course=course),
            "enrolment": selectors.enrolment_of(course=course, person_id=roles.person_id),
            "can_enrol_others": bool(roles.orgs_with("admin") or roles.administrations),
            "can_manage": user_can(request.user, "view_participants", course),
        },
    )


def session_detail(request, pk: int):
    """A session's public page: when and where, its course, the calendar file; no one's data."""
    try:
        session = selectors.session_get_for_page(user=request.user, pk=pk)
    except Session.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "trainings/session_detail.html",
        {
            "session": session,
            "course": session.course,
            "json_ld": json_ld_script(jsonld.session_data(session, request=request)),
        },
    )


@login_required
@require_POST
def course_enrol(request, slug: str):
    course = get_for_user_or_404(request.user, "view", COURSE, slug=slug)
    person = Person.objects.filter(pk=roles_of(request.user).person_id).first()
    if person is None:
        messages.error(request, _("Your account is not linked to a person in the directory."))
        return redirect(course.get_absolute_url())
    try:
        enrolment = services.enrolment_create(actor=request.user, course=course, person=person)
    except ValidationError as error:
        _show_errors(request, error)
        return redirect(course.get_absolute_url())
    if enrolment.status == Enrolment.Status.WAITING:
        messages.warning(request, _("The course is full: you are on the waiting list."))
    else:
        messages.success(request, _("You are enrolled. A confirmation is on its way by e-mail."))
    if not ParticipantData.objects.filter(person=person).exists():
        # Asked once per person: the ESF questionnaire, right after the first enrolment.
        return redirect(f"{reverse('trainings:participant-data')}?next={course.get_absolute_url()}")
    return redirect(course.get_absolute_url())


@login_required
def course_enrol_others(request, slug: str):
    course = get_for_user_or_404(request.user, "view", COURSE, slug=slug)
    options = enrolment_options(request.user)
    if not options:
        raise PermissionDenied
    form = EnrolOthersForm(request.POST or None, options=options)
    if request.method == "POST" and form.is_valid():
        enrolled = 0
        for kind, target, person_id in form.selections():
            person = Person.objects.get(pk=person_id)
            organisation = Organisation.objects.get(pk=target) if kind == "o" else None
            administration = Administration.objects.get(pk=target) if kind == "a" else None
            try:
                services.enrolment_create(
                    actor=request.user,
                    course=course,
                    person=person,
                    organisation=organisation,
                    administration=administration,
                )
                enrolled += 1
            except ValidationError as error:
                _show_errors(request, error)
            except PermissionDenied:
                messages.error(request, _("You may not enrol %(person)s.") % {"person": person})
        if enrolled:
            messages.success(
                request,
                _("%(count)s people enrolled or put on the waiting list.") % {"count": enrolled},
            )
        return redirect(course.get_absolute_url())
    return render(request, "trainings/enrol_others.html", {"course": course, "form": form})


# --- A participant's own trainings -----------------------------------------------------------


@login_required
def my_trainings(request):
    roles = roles_of(request.user)
    enrolments = (
        list(selectors.person_enrolments(person_id=roles.person_id)) if roles.person_id else []
    )
    now = timezone.now()
    for enrolment in enrolments:
        taken = {attempt.kind: attempt for attempt in enrolment.attempts.all()}
        enrolment.test_rows = [
            {
                "test": test,
                "attempt": taken.get(test.kind),
                "open": test.is_open(now) and enrolment.is_active,
            }
            for test in enrolment.course.tests.all()
        ]
        enrolment.can_evaluate = enrolment.status in Enrolment.PARTICIPATED and not hasattr(
            enrolment, "evaluation_submission"
        )
    participant_data = (
        ParticipantData.objects.filter(person_id=roles.person_id).first()
        if roles.person_id
        else None
    )
    return render(
        request,
        "trainings/my_trainings.html",
        {"enrolments": enrolments, "participant_data": participant_data},
    )


@login_required
def participant_data(request):
    roles = roles_of(request.user)
    person = Person.objects.filter(pk=roles.person_id).first()
    if person is None:
        raise Http404
    record = ParticipantData.objects.filter(person=person).first()
    form = ParticipantDataForm(
        request.POST or None, instance=record, consent_label=services.consent_text()
    )
    next_url = _safe_next(request, reverse("trainings:my-trainings"))
    if request.method == "POST" and form.is_valid():
        if request.POST.get("erase"):
            services.participant_data_erase(actor=request.user, person=person)
            messages.success(request, _("Your participant data has been erased."))
            return redirect(reverse("trainings:my-trainings"))
        try:
            services.participant_data_save(
                actor=request.user,
                person=person,
                consent=form.cleaned_data["consent"],
                data=form.data_for_service(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if form.cleaned_data["consent"]:
                messages.success(request, _("Thank you: your answers are saved."))
            else:
                messages.info(request, _("Understood: no participant data is kept about you."))
            return redirect(next_url)
    return render(
        request,
        "trainings/participant_data.html",
        {"form": form, "record": record, "next": next_url},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_cancel(request, pk: int):
    """GET: what cancelling will do (the seat freed, the waiting list moved up) and a form to
    confirm it. POST with the confirmation: cancel. A POST without it (a stray or old form)
    cancels nothing and leads to the confirmation page."""
    enrolment = get_for_user_or_404(request.user, "view", ENROLMENT, pk=pk)
    require(request.user, "cancel", enrolment)
    back = _safe_next(request, reverse("trainings:my-trainings"))
    if enrolment.status not in (Enrolment.Status.REGISTERED, Enrolment.Status.WAITING):
        messages.info(
            request,
            _("This enrolment is “%(status)s”; there is nothing to cancel.")
            % {"status": enrolment.get_status_display()},
        )
        return redirect(back)
    if request.method == "POST":
        if EnrolmentCancelForm(request.POST).is_valid():
            try:
                services.enrolment_cancel(actor=request.user, enrolment=enrolment)
            except ValidationError as error:
                _show_errors(request, error)
            else:
                messages.success(request, _("The enrolment is cancelled."))
            return redirect(back)
        return redirect(f"{request.path}?{urlencode({'next': back})}")
    return render(
        request,
        "trainings/enrolment_cancel.html",
        {
            "enrolment": enrolment,
            "own": enrolment.person_id == roles_of(request.user).person_id,
            "seats": selectors.course_seats(course=enrolment.course),
            "back": back,
        },
    )


def _parse_answers(post) -> dict:
    """``q<question id>`` fields of a test form -> {id: [chosen option indexes]}; ids that are
    not numbers are passed on as they are, for the service to refuse."""
    answers = {}
    for key in post:
        if key.startswith("q") and key != "q":
            answers[key[1:]] = post.getlist(key)
    return answers


def _test_page(request, enrolment: Enrolment, kind: str, *, source: str):
    if kind not in KnowledgeTest.Kind.values:
        raise Http404
    test = KnowledgeTest.objects.filter(course_id=enrolment.course_id, kind=kind).first()
    if test is None:
        raise Http404
    questions = list(selectors.test_questions(enrolment=enrolment, kind=kind))
    attempt = Attempt.objects.filter(enrolment=enrolment, kind=kind).first()
    selected: dict[int, list[str]] = {}
    status = 200
    if request.method == "POST":
        answers = _parse_answers(request.POST)
        try:
            attempt = services.attempt_submit(
                actor=request.user, enrolment=enrolment, kind=kind, answers=answers, source=source
            )
        except ValidationError as error:
            _show_errors(request, error)
            selected = {str(key): value for key, value in answers.items()}
            status = 400
            attempt = Attempt.objects.filter(enrolment=enrolment, kind=kind).first()
        else:
            messages.success(
                request,
                _("The test is submitted: %(score)s of %(max)s points.")
                % {"score": attempt.score, "max": attempt.max_score},
            )
            if source == Attempt.Source.PAPER:
                return redirect(
                    reverse("trainings:course-manage", kwargs={"slug": enrolment.course.slug})
                )
            return redirect(reverse("trainings:my-trainings"))
    now = timezone.now()
    for question in questions:
        chosen = selected.get(str(question.pk), [])
        question.choices = [
            {"index": index, "text": option["text"], "checked": str(index) in chosen}
            for index, option in enumerate(question.options)
        ]
    return render(
        request,
        "trainings/test_take.html",
        {
            "enrolment": enrolment,
            "test": test,
            "questions": questions,
            "attempt": attempt,
            "form_letter": enrolment.form_for(kind),
            "paper": source == Attempt.Source.PAPER,
            "is_open": test.is_open(now)
            if source == Attempt.Source.ONLINE
            else now >= test.opens_at,
        },
        status=status,
    )


@login_required
def test_take(request, pk: int, kind: str):
    enrolment = get_for_user_or_404(request.user, "view", ENROLMENT, pk=pk)
    if enrolment.person_id != roles_of(request.user).person_id:
        raise PermissionDenied
    return _test_page(request, enrolment, kind, source=Attempt.Source.ONLINE)


@login_required
def test_paper(request, pk: int, kind: str):
    enrolment = get_for_user_or_404(request.user, "view", ENROLMENT, pk=pk)
    require(request.user, "change", enrolment)
    return _test_page(request, enrolment, kind, source=Attempt.Source.PAPER)


@login_required
def evaluation(request, pk: int):
    enrolment = get_for_user_or_404(request.user, "view", ENROLMENT, pk=pk)
    if enrolment.person_id != roles_of(request.user).person_id:
        raise PermissionDenied
    items = list(EvaluationItem.objects.filter(course_id=enrolment.course_id).order_by("order"))
    errors: dict = {}
    given: dict = {}
    status = 200
    if request.method == "POST":
        given = {
            key.removeprefix("item_"): request.POST.get(key)
            for key in request.POST
            if key.startswith("item_")
        }
        try:
            services.evaluation_submit(actor=request.user, enrolment=enrolment, answers=given)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                errors = {key: value[0].messages[0] for key, value in error.error_dict.items()}
                messages.error(request, _("Please correct the marked answers."))
            else:
                _show_errors(request, error)
            status = 400
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return redirect(reverse("trainings:my-trainings"))
    for item in items:
        item.error = errors.get(f"item_{item.pk}")
        item.value = given.get(str(item.pk), "")
    return render(
        request,
        "trainings/evaluation_form.html",
        {
            "enrolment": enrolment,
            "items": items,
            "submitted": hasattr(enrolment, "evaluation_submission")
            and enrolment.evaluation_submission is not None,
            "ratings": range(1, 6),
        },
        status=status,
    )


# --- Certificates ----------------------------------------------------------------------------


def _certificate_or_404(user, code: str) -> Certificate:
    try:
        certificate = selectors.certificate_for_verification(code=code)
    except Certificate.DoesNotExist as error:
        raise Http404 from error
    if not user_can(user, "view", certificate):
        raise Http404
    return certificate


@require_GET
def certificate_lookup(request):
    """Public: a form to type a certificate's code into; a known code leads to its verification
    page, an unknown or malformed one answers 404 with the form and a message."""
    form = CertificateLookupForm(request.GET or None)
    not_found = False
    if form.is_valid():
        try:
            certificate = selectors.certificate_for_verification(code=form.cleaned_data["code"])
        except Certificate.DoesNotExist:
            not_found = True
        else:
            return redirect(certificate.get_absolute_url())
    elif form.is_bound:
        not_found = bool(request.GET.get("code", "").strip())
    response = render(
        request,
        "trainings/certificate_lookup.html",
        {"form": form, "not_found": not_found},
        status=404 if not_found else (400 if form.is_bound and form.errors else 200),
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def certificate_verify(request, code: str):
    """Public: is this a real certificate, and is it still valid? Unknown codes answer 404."""
    try:
        certificate = selectors.certificate_for_verification(code=code)
    except Certificate.DoesNotExist as error:
        raise Http404 from error
    response = render(request, "trainings/certificate_verify.html", {"certificate": certificate})
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def certificate_pdf(request, code: str):
    certificate = _certificate_or_404(request.user, code)
    if certificate.is_revoked:
        messages.error(request, _("This certificate has been revoked."))
        return redirect(reverse("trainings:my-trainings"))
    content = documents.certificate_pdf(certificate, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{documents.certificate_filename(certificate)}"'
    )
    return response


@login_required
def certificate_revoke(request, code: str):
    certificate = _certificate_or_404(request.user, code)
    require(request.user, "revoke", certificate)
    form = CertificateRevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The certificate is revoked."))
            course = certificate.enrolment.course
            return redirect(reverse("trainings:course-manage", kwargs={"slug": course.slug}))
    return render(
        request, "trainings/certificate_revoke.html", {"certificate": certificate, "form": form}
    )


# --- Trainers: course dashboard, attendance, signature sheets --------------------------------


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
@require_POST
def course_certificates_issue(request, slug: str):
    course = get_for_user_or_404(request.user, "issue_certificates", COURSE, slug=slug)
    try:
        issued = services.certificates_issue_for_course(actor=request.user, course=course)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("%(count)s certificates issued.") % {"count": len(issued)})
    return redirect(reverse("trainings:course-manage", kwargs={"slug": course.slug}))


@login_required
@require_POST
def course_enrolment_certificate(request, slug: str, pk: int):
    course = get_for_user_or_404(request.user, "issue_certificates", COURSE, slug=slug)
    enrolment = get_object_or_404(Enrolment, pk=pk, course=course)
    try:
        services.certificate_issue(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("The certificate is issued."))
    return redirect(reverse("trainings:course-manage", kwargs={"slug": course.slug}))


@login_required
@require_POST
def course_certificates_archive(request, slug: str):
    course = get_for_user_or_404(request.user, "issue_certificates", COURSE, slug=slug)
    try:
        archive = services.certificate_archive_request(actor=request.user, course=course)
    except ValidationError as error:
        _show_errors(request, error)
        return redirect(reverse("trainings:course-manage", kwargs={"slug": course.slug}))
    return redirect(reverse("trainings:certificate-archive", kwargs={"pk": archive.pk}))


@login_required
def certificate_archive(request, pk: int):
    archive = scope(request.user, "view", CertificateArchive.objects.select_related("course"))
    archive = archive.filter(pk=pk).first()
    if archive is None:
        raise Http404
    if request.GET.get("download"):
        return job_file_response(archive)
    if request.GET.get("format") == "json":
        return job_progress_json(
            archive,
            download_url=reverse("trainings:certificate-archive", kwargs={"pk": archive.pk})
            + "?download=1",
        )
    return render(request, "trainings/certificate_archive.html", {"archive": archive})


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


# --- Reports ---------------------------------------------------------------------------------


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
