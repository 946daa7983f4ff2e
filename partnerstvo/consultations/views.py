"""Pages of public consultations: the public list and page (with the draft's sections, the
documents, the proposals a page at a time and the comment form), the comparison of versions,
the справка (HTML, PDF, CSV), and the officers' screens: publish, enter a submission, hide a
proposal, answer the proposals beside their sections, publish the справка, a new version, the
adoption. Every action goes through a service; a refusal is a message, never a server error."""

from __future__ import annotations

import csv
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerstvo.core.files import private_file_response
from partnerstvo.core.forms import form_add_service_errors, service_error_messages
from partnerstvo.core.jobs import job_file_response, job_progress_json
from partnerstvo.core.permissions import get_for_user_or_404, user_can
from partnerstvo.directory.models import Organisation
from partnerstvo.directory.roles import roles_of

from . import sections as splitter
from . import selectors, services
from .forms import (
    AdoptForm,
    AnswerForm,
    CommentForm,
    ConsultationForm,
    EnterForm,
    FilterForm,
    HideForm,
    VersionForm,
)
from .models import Comment, Consultation, ConsultationDocument, SummaryPdf
from .validators import CONTENT_TYPES

PER_PAGE = 20
COMMENTS_PER_PAGE = 50


def _consultation(request, slug: str, action: str = "view") -> Consultation:
    return get_for_user_or_404(request.user, action, Consultation, slug=slug)


@require_GET
def consultation_list(request):
    form = FilterForm(request.GET)
    consultations = selectors.public_consultation_list(**form.filters())
    page = Paginator(consultations, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/consultation_list.html",
        {
            "form": form,
            "page_obj": page,
            "can_add": user_can(request.user, "add", Consultation),
        },
    )


def _member_organisations(user) -> list[Organisation]:
    ids = list(roles_of(user).organisations)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name")) if ids else []


def _detail(request, consultation: Consultation, *, comment_form=None, status=200):
    user = request.user
    versions = list(consultation.versions.all())
    current = versions[-1] if versions else None
    sections = selectors.version_sections(current)
    page = Paginator(selectors.comments_for_page(consultation), COMMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    can_manage = user_can(user, "manage", consultation)
    if comment_form is None and consultation.is_open and user.is_authenticated:
        initial = {"section": request.GET.get("section")} if request.GET.get("section") else {}
        comment_form = CommentForm(
            initial=initial, sections=sections, organisations=_member_organisations(user)
        )
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "status": consultation.status,
            "versions": versions,
            "current": current,
            "sections": sections,
            "page_obj": page,
            "counts": selectors.comment_counts(consultation),
            "comment_form": comment_form,
            "can_manage": can_manage,
            "hide_form": HideForm() if can_manage else None,
        },
        status=status,
    )


@require_GET
def consultation_detail(request, slug):
    try:
        consultation = selectors.consultation_for_page(user=request.user, slug=slug)
    except Consultation.DoesNotExist:
        raise Http404 from None
    return _detail(request, consultation)


@require_POST
@login_required
def comment_create(request, slug):
    try:
        consultation = selectors.consultation_for_page(user=request.user, slug=slug)
    except Consultation.DoesNotExist:
        raise Http404 from None
    versions = list(consultation.versions.all())
    sections = selectors.version_sections(versions[-1] if versions else None)
    form = CommentForm(
        request.POST, sections=sections, organisations=_member_organisations(request.user)
    )
    if form.is_valid():
        try:
            services.comment_create(
                actor=request.user, consultation=consultation, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you: your proposal is published and will be answered.")
            )
            return redirect(f"{consultation.get_absolute_url()}#comments")
    return _detail(request, consultation, comment_form=form, status=400)


@require_GET
def document_download(request, slug, pk):
    document = get_for_user_or_404(
        request.user, "view", ConsultationDocument, consultation__slug=slug, pk=pk
    )
    extension = Path(document.filename or document.file.name).suffix.lower()
    return private_file_response(
        document.file,
        filename=document.filename or f"document{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


@require_GET
def version_compare(request, slug):
    consultation = _consultation(request, slug)
    versions = list(consultation.versions.order_by("number"))
    numbers = {version.number: version for version in versions}
    try:
        old = numbers[int(request.GET.get("from", len(versions) - 1))]
        new = numbers[int(request.GET.get("to", len(versions)))]
    except (KeyError, ValueError):
        raise Http404 from None
    changes = splitter.compare(
        list(old.sections.order_by("order")), list(new.sections.order_by("order"))
    )
    return render(
        request,
        "consultations/version_compare.html",
        {
            "consultation": consultation,
            "old": old,
            "new": new,
            "changes": changes,
            "versions": versions,
        },
    )


# --- The справка ------------------------------------------------------------------------------


def _summary_consultation(request, slug) -> Consultation:
    """The consultation whose справка the user may read: anyone once it is published, its
    administration's officers before (404 for everyone else)."""
    consultation = _consultation(request, slug)
    if not consultation.summary_published_at and not user_can(request.user, "manage", consultation):
        raise Http404
    return consultation


def _summary_context(request, slug):
    consultation = _summary_consultation(request, slug)
    return {
        "consultation": consultation,
        "rows": selectors.summary_rows(consultation),  # read only if rendered
        "counts": selectors.comment_counts(consultation),
        "draft": not consultation.summary_published_at,
    }


@require_GET
def summary(request, slug):
    return render(request, "consultations/summary.html", _summary_context(request, slug))


def _summary_pdf_job(request, slug, pk) -> SummaryPdf:
    consultation = _consultation(request, slug)
    job = get_for_user_or_404(request.user, "view", SummaryPdf, pk=pk, consultation=consultation)
    job.consultation = consultation
    return job


def _summary_pdf_waiting(request, job: SummaryPdf, *, status: int = 200):
    """The page of a PDF being laid out: it refreshes itself (without JavaScript) or asks the
    job's progress (with it) until the file is ready, then opens it."""
    kwargs = {"slug": job.consultation.slug, "pk": job.pk}
    response = render(
        request,
        "consultations/summary_pdf_job.html",
        {
            "consultation": job.consultation,
            "job": job,
            "job_url": reverse("consultations:summary-pdf-job", kwargs=kwargs),
            "file_url": reverse("consultations:summary-pdf-file", kwargs=kwargs),
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"  # it says what is true only now
    return response


@require_GET
def summary_pdf(request, slug):
    """The справка as PDF: served when its file (of this content, in this language) is ready;
    otherwise its job is started or found, and the answer (202) is its waiting page."""
    consultation = _summary_consultation(request, slug)
    job = services.summary_pdf_request(actor=request.user, consultation=consultation)
    if job.is_ready:
        return job_file_response(job, as_attachment=False)
    return _summary_pdf_waiting(request, job, status=202)


@require_GET
def summary_pdf_job(request, slug, pk: int):
    """A PDF job's state: its progress as JSON (``?format=json``), its waiting page while it is
    being built, and the file once it is ready."""
    job = _summary_pdf_job(request, slug, pk)
    file_url = reverse("consultations:summary-pdf-file", kwargs={"slug": slug, "pk": job.pk})
    if request.GET.get("format") == "json":
        return job_progress_json(job, download_url=file_url)
    if job.is_ready:
        return redirect(file_url)
    return _summary_pdf_waiting(request, job)


@require_GET
def summary_pdf_file(request, slug, pk: int):
    return job_file_response(_summary_pdf_job(request, slug, pk), as_attachment=False)


def _csv_response(filename: str) -> tuple[HttpResponse, csv.writer]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel reads UTF-8 only with its mark
    return response, csv.writer(response)


def _section_label(comment: Comment) -> str:
    return comment.section.heading if comment.section_id else _("The whole draft")


def summary_csv_rows(rows):
    yield [
        _("No."),
        _("Section"),
        _("Author"),
        _("Received"),
        _("Proposal"),
        _("Answer"),
        _("Reasons"),
    ]
    for number, comment in enumerate(rows, start=1):
        yield [
            number,
            _section_label(comment),
            comment.public_author,
            comment.get_channel_display(),
            comment.text,
            comment.get_answer_display() if comment.answer else "",
            comment.answer_reasons,
        ]


@require_GET
def summary_csv(request, slug):
    context = _summary_context(request, slug)
    response, writer = _csv_response(f"spravka-{context['consultation'].slug}.csv")
    writer.writerows(summary_csv_rows(context["rows"]))
    return response


@require_GET
def comments_csv(request, slug):
    """Open data: the consultation's proposals, the author as consented, hidden ones without
    their text."""
    consultation = _consultation(request, slug)
    response, writer = _csv_response(f"comments-{consultation.slug}.csv")
    writer.writerow(
        [_("Submitted"), _("Section"), _("Quoted passage"), _("Author"), _("Proposal"), _("Hidden")]
    )
    for comment in selectors.comments_for_page(consultation):
        writer.writerow(
            [
                comment.created_at.isoformat(),
                _section_label(comment),
                "" if comment.is_hidden else comment.quote,
                comment.public_author,
                "" if comment.is_hidden else comment.text,
                comment.hidden_reason,
            ]
        )
    return response


@require_GET
def consultations_csv(request):
    response, writer = _csv_response("consultations.csv")
    writer.writerow(
        [
            _("Title"),
            _("Kind"),
            _("Municipality"),
            _("Comments from"),
            _("Comments until"),
            _("Status"),
            _("Proposals"),
            _("Address"),
        ]
    )
    for consultation in selectors.public_consultation_list():
        writer.writerow(
            [
                consultation.title,
                consultation.get_kind_display(),
                consultation.administration.municipality.name,
                consultation.starts_on.isoformat(),
                consultation.ends_on.isoformat(),
                consultation.get_status_display(),
                consultation.comment_count,
                request.build_absolute_uri(consultation.get_absolute_url()),
            ]
        )
    return response


# --- The officers' screens ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request):
    administrations = roles_of(request.user).administrations
    if not administrations:
        raise PermissionDenied
    form = ConsultationForm(
        request.POST or None, request.FILES or None, administrations=administrations
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consultation = services.consultation_create(
                    actor=request.user, **form.service_arguments()
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The consultation is published."))
                return redirect(consultation.get_absolute_url())
        status = 400
    return render(request, "consultations/consultation_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def comment_enter(request, slug):
    consultation = _consultation(request, slug, "manage")
    versions = list(consultation.versions.order_by("number"))
    sections = selectors.version_sections(versions[-1] if versions else None)
    form = EnterForm(request.POST or None, sections=sections)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_enter(
                    actor=request.user, consultation=consultation, data=form.cleaned_data
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The submission is entered."))
                return redirect(reverse("consultations:answers", kwargs={"slug": slug}))
        status = 400
    return render(
        request,
        "consultations/comment_enter.html",
        {"consultation": consultation, "form": form},
        status=status,
    )


@require_POST
@login_required
def comment_hide(request, slug, pk):
    consultation = _consultation(request, slug)
    comment = get_for_user_or_404(
        request.user, "moderate", Comment, consultation=consultation, pk=pk
    )
    form = HideForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the comment is hidden; the reason is shown publicly."))
        services.comment_hide(
            actor=request.user, comment=comment, reason=form.cleaned_data["hidden_reason"]
        )
    except ValidationError as error:
        for message in service_error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The comment is hidden, with its reason shown."))
    return redirect(f"{consultation.get_absolute_url()}#comment-{comment.pk}")


def _answers(request, consultation, *, templates, forms_by_comment=None, status=200):
    groups = selectors.answer_groups(consultation)
    forms_by_comment = forms_by_comment or {}
    for group in groups:
        for comment in group.comments:
            comment.form = forms_by_comment.get(comment.pk) or AnswerForm(
                initial={"answer": comment.answer, "answer_reasons": comment.answer_reasons},
                prefix=f"c{comment.pk}",
                templates=templates,
            )
    return render(
        request,
        "consultations/answers.html",
        {
            "consultation": consultation,
            "groups": groups,
            "templates": templates,
            "counts": selectors.comment_counts(consultation),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def answers(request, slug):
    consultation = _consultation(request, slug, "answer")
    templates = list(selectors.answer_templates(consultation))
    if request.method == "GET":
        return _answers(request, consultation, templates=templates)
    comment = get_for_user_or_404(
        request.user, "answer", Comment, consultation=consultation, pk=request.POST.get("comment")
    )
    form = AnswerForm(request.POST, prefix=f"c{comment.pk}", templates=templates)
    if form.is_valid():
        try:
            services.comment_answer(
                actor=request.user,
                comment=comment,
                answer=form.cleaned_data["answer"],
                reasons=form.reasons(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("The answer is saved."))
            return redirect(
                f"{reverse('consultations:answers', kwargs={'slug': slug})}#comment-{comment.pk}"
            )
    return _answers(
        request, consultation, templates=templates, forms_by_comment={comment.pk: form}, status=400
    )


@require_POST
@login_required
def summary_publish(request, slug):
    consultation = _consultation(request, slug, "answer")
    try:
        services.summary_publish(actor=request.user, consultation=consultation)
    except ValidationError as error:
        for message in service_error_messages(error):
            messages.error(request, message)
        return redirect(reverse("consultations:answers", kwargs={"slug": slug}))
    messages.success(request, _("The справка is published."))
    return redirect(reverse("consultations:summary", kwargs={"slug": slug}))


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request, slug):
    consultation = _consultation(request, slug, "manage")
    form = VersionForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.version_create(
                    actor=request.user, consultation=consultation, **form.cleaned_data
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, _("The new version is published."))
                return redirect(reverse("consultations:compare", kwargs={"slug": slug}))
        status = 400
    return render(
        request,
        "consultations/version_form.html",
        {"consultation": consultation, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_adopt(request, slug):
    consultation = _consultation(request, slug, "manage")
    form = AdoptForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.consultation_adopt(
                    actor=request.user, consultation=consultation, **form.cleaned_data
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The adoption is recorded; the consultation is closed.")
                )
                return redirect(consultation.get_absolute_url())
        status = 400
    return render(
        request,
        "consultations/adopt_form.html",
        {"consultation": consultation, "form": form},
        status=status,
    )
