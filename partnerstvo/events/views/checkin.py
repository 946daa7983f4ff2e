"""The organisers' check-in screen (works on a phone, offline too), its sync endpoint and
service worker, the attendance screen and the printable signature sheet."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from partnerstvo.core.pdf import render_pdf
from partnerstvo.core.permissions import get_for_user_or_404

from .. import services
from ..models import Event, Registration
from ..selectors.minutes import (
    GENDERS,
    attendance_counts,
    attendance_rows,
    attendance_table,
    gender_counts,
    gender_labels,
    participant_type_labels,
)

EVENTS = Event.objects.select_related("municipality")
MAX_SYNC_BYTES = 256 * 1024


def _event(request, slug: str, action: str = "check_in") -> Event:
    return get_for_user_or_404(request.user, action, EVENTS, slug=slug)


@login_required
@never_cache
@require_GET
def checkin_page(request, slug: str):
    event = _event(request, slug)
    people = [
        {
            "code": registration.checkin_code,
            "name": registration.person.full_name,
            "organisation": str(registration.on_behalf_of or ""),
            "checked_in": bool(registration.checked_in_at),
        }
        for registration in Registration.objects.filter(
            event=event, status=Registration.Status.CONFIRMED
        )
        .select_related("person", "on_behalf_of")
        .order_by("person__last_name", "person__first_name", "pk")
    ]
    return render(
        request,
        "events/checkin/checkin.html",
        {
            "event": event,
            "people": people,
            "sync_url": reverse("events:checkin-sync", kwargs={"slug": slug}),
            "worker_url": reverse("events:checkin-worker", kwargs={"slug": slug}),
        },
    )


@require_GET
def checkin_worker(request, slug: str):
    """The check-in page's service worker, served under the page's own path so that its scope
    covers it. It holds no data of its own (the page keeps the list), so anyone may fetch it."""
    page_url = reverse("events:checkin", kwargs={"slug": slug})
    content = render_to_string("events/checkin/service_worker.js", {"page_url": page_url})
    response = HttpResponse(content, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_POST
def checkin_sync(request, slug: str):
    """POST ``{"scans": [{"code", "at", "source"}, ...]}``: the queued check-ins of an
    organiser's page. Answers JSON ``{"new", "duplicate", "unknown", "refused"}`` (lists of
    codes); sending the same scans again changes nothing (see services.checkin_sync)."""
    if not request.user.is_authenticated:
        return _json_error(_("Log in to check people in."), 403)
    try:
        event = _event(request, slug)
    except PermissionDenied:
        return _json_error(_("You do not organise this event."), 403)
    if len(request.body) > MAX_SYNC_BYTES:
        return _json_error(_("Too many check-ins at once."), 400)
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _json_error(_("The check-ins could not be read."), 400)
    scans = payload.get("scans") if isinstance(payload, dict) else None
    if not isinstance(scans, list):
        return _json_error(_("The check-ins could not be read."), 400)
    try:
        result = services.checkin_sync(actor=request.user, event=event, scans=scans)
    except ValidationError as error:
        return _json_error(" ".join(error.messages), 400)
    return JsonResponse(result)


@login_required
def attendance(request, slug: str):
    event = _event(request, slug, "manage_minutes")
    status = 200
    if request.method == "POST":
        marks = {}
        try:
            for pk in request.POST.getlist("registration"):
                marks[int(pk)] = request.POST.get(f"attendance-{int(pk)}", "")
        except ValueError:
            messages.error(request, _("The attendance list could not be read."))
            status = 400
        else:
            try:
                changed = services.attendance_set(actor=request.user, event=event, marks=marks)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                status = 400
            else:
                messages.success(
                    request, _("Attendance saved (%(count)s changes).") % {"count": changed}
                )
                return redirect(reverse("events:attendance", kwargs={"slug": slug}))
    rows = attendance_rows(event=event)
    return render(
        request,
        "events/checkin/attendance.html",
        {
            "event": event,
            "rows": rows,
            "table": attendance_table(attendance_counts(rows)),
            "type_labels": participant_type_labels(),
            "gender_table": attendance_table(gender_counts(rows), GENDERS),
            "gender_labels": gender_labels(),
            "choices": Registration.Attendance.choices,
        },
        status=status,
    )


@login_required
@require_GET
def signature_sheet(request, slug: str):
    event = _event(request, slug)
    rows = attendance_rows(event=event)
    content = render_pdf(
        "events/checkin/signature_sheet_pdf.html",
        {
            "event": event,
            "rows": rows,
            "organisers": event.organisers.select_related("organisation", "administration"),
        },
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="signature-sheet-{event.slug}.pdf"'
    return response
