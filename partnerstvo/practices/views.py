"""Public pages of good practices (the list, a practice's page, its attachments) and the three
actions on the page: the authors submit, the coordinator reviews, another CSO asks to replicate.
Every action goes through a service; a refusal is a message on the page, never a server error."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerstvo.core.files import private_file_response
from partnerstvo.core.forms import form_add_service_errors, service_error_messages
from partnerstvo.core.permissions import get_for_user_or_404, user_can
from partnerstvo.core.ratelimit import rate_count, rate_key
from partnerstvo.directory.models import Organisation
from partnerstvo.directory.roles import roles_of

from . import selectors, services
from .forms import PracticeFilterForm, ReplicationForm, ReviewForm
from .models import Practice, PracticeAttachment
from .validators import CONTENT_TYPES

PRACTICES_PER_PAGE = 12
REPLICATION_RATE_WINDOW = datetime.timedelta(hours=1)
REPLICATION_RATE_LIMIT = 5


@require_GET
def practice_list(request):
    form = PracticeFilterForm(request.GET)
    practices = selectors.public_practice_list(**form.filters())
    page = Paginator(practices, PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "practices/practice_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": form.is_filtered(),
            "query": query.urlencode(),
            "can_add": user_can(request.user, "add", Practice),
        },
    )


def _event_url(event) -> str:
    """The event's page, once the events app has its pages (until then, its title alone)."""
    try:
        return event.get_absolute_url()
    except NoReverseMatch:
        return ""


def _replication_organisations(user, practice: Practice) -> list[Organisation]:
    roles = roles_of(user)
    ids = [pk for pk in roles.organisations if pk != practice.organisation_id]
    return list(Organisation.objects.filter(pk__in=ids).order_by("name")) if ids else []


def _detail_context(request, practice: Practice, **extra) -> dict:
    user = request.user
    can_replicate = user_can(user, "replicate", practice)
    organisations = _replication_organisations(user, practice) if can_replicate else []
    asked = set()
    if organisations:
        asked = set(
            practice.replication_requests.filter(organisation__in=organisations).values_list(
                "organisation_id", flat=True
            )
        )
    open_organisations = [o for o in organisations if o.pk not in asked]
    context = {
        "practice": practice,
        "can_edit": user_can(user, "change", practice),
        "can_submit": user_can(user, "submit", practice)
        and practice.status in (Practice.Status.DRAFT, Practice.Status.CHANGES_REQUESTED),
        "can_review": user_can(user, "review", practice)
        and practice.status == Practice.Status.SUBMITTED,
        "review_form": ReviewForm(),
        "replication_form": ReplicationForm(organisations=open_organisations)
        if open_organisations
        else None,
        "already_asked": bool(asked) and not open_organisations,
        "presented_at": [(event, _event_url(event)) for event in practice.presented_at.all()],
    }
    context.update(extra)
    return context


def practice_detail(request, slug: str):
    try:
        practice = selectors.practice_get_for_page(user=request.user, slug=slug)
    except Practice.DoesNotExist as error:
        raise Http404 from error
    return render(request, "practices/practice_detail.html", _detail_context(request, practice))


@require_GET
def attachment_download(request, slug: str, pk: int):
    attachment = get_for_user_or_404(
        request.user,
        "view",
        PracticeAttachment.objects.select_related("practice"),
        pk=pk,
        practice__slug=slug,
    )
    extension = Path(attachment.file.name).suffix.lower()
    filename = attachment.filename or f"{attachment.practice.slug}{extension}"
    return private_file_response(
        attachment.file,
        filename=filename,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


@login_required
@require_POST
def practice_submit(request, slug: str):
    practice = get_for_user_or_404(request.user, "submit", Practice, slug=slug)
    try:
        services.practice_submit(actor=request.user, practice=practice)
    except ValidationError as error:
        for message in service_error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The practice has been sent to the coordinator for review."))
    return redirect(practice.get_absolute_url())


@login_required
@require_POST
def practice_review(request, slug: str):
    practice = get_for_user_or_404(request.user, "review", Practice, slug=slug)
    form = ReviewForm(request.POST)
    if form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "publish":
                services.practice_publish(actor=request.user, practice=practice)
                messages.success(request, _("The practice is published."))
            elif decision == "request_changes":
                services.practice_request_changes(actor=request.user, practice=practice, note=note)
                messages.success(request, _("The authors have been asked for changes."))
            else:
                services.practice_reject(actor=request.user, practice=practice, reason=note)
                messages.success(request, _("The practice is rejected; the authors are told why."))
        except ValidationError as error:
            form_add_service_errors(form, error)
    if form.errors:
        practice = selectors.practice_get_for_page(user=request.user, slug=slug)
        return render(
            request,
            "practices/practice_detail.html",
            _detail_context(request, practice, review_form=form),
            status=400,
        )
    return redirect(practice.get_absolute_url())


@login_required
@require_POST
def practice_replicate(request, slug: str):
    practice = get_for_user_or_404(request.user, "view", Practice, slug=slug)
    if not user_can(request.user, "replicate", practice):
        raise PermissionDenied
    organisations = _replication_organisations(request.user, practice)
    form = ReplicationForm(request.POST, organisations=organisations)
    status = 400
    if form.is_valid():
        sent = rate_count(
            key=rate_key(request, f"practices-replicate|{request.user.pk}"),
            window=REPLICATION_RATE_WINDOW,
        )
        if sent > REPLICATION_RATE_LIMIT:
            form.add_error(None, _("You have sent many messages in a short time; try again later."))
            status = 429
        else:
            try:
                services.replication_request(
                    actor=request.user,
                    practice=practice,
                    organisation=form.organisations.get(form.cleaned_data["organisation"]),
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Your message has been sent to the authors of the practice.")
                )
                return redirect(practice.get_absolute_url())
    practice = selectors.practice_get_for_page(user=request.user, slug=slug)
    return render(
        request,
        "practices/practice_detail.html",
        _detail_context(request, practice, replication_form=form),
        status=status,
    )
