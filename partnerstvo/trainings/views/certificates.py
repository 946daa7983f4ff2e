"""Certificates: public lookup and verification, the PDF, revoking, and issuing and archiving a
course's certificates."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerstvo.core.forms import form_add_service_errors
from partnerstvo.core.jobs import job_file_response, job_progress_json
from partnerstvo.core.permissions import get_for_user_or_404, require, scope, user_can

from .. import documents, selectors, services
from ..forms import CertificateLookupForm, CertificateRevokeForm
from ..models import Certificate, CertificateArchive, Enrolment
from ._common import COURSE, _show_errors


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
    return render(
        request,
        "trainings/certificate_archive.html",
        {"archive": archive, "retention_days": settings.JOB_FILE_RETENTION_DAYS},
    )
