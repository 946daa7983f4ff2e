"""Public pages: the calendar and its feed, a session's calendar file, course and session pages."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnerstvo.core.jsonld import json_ld_script
from partnerstvo.core.permissions import user_can
from partnerstvo.directory.roles import roles_of

from .. import ics, jsonld, selectors
from ..forms import CalendarFilterForm
from ..models import Course, Session

SESSIONS_PER_PAGE = 20


FEED_DAYS_BACK = 60
FEED_LIMIT = 1000


def calendar(request):
    since = timezone.now() - datetime.timedelta(hours=12)
    form = CalendarFilterForm(request.GET)
    sessions = selectors.calendar_sessions(user=request.user, since=since, **form.filters())
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "trainings/calendar.html", {"page_obj": page, "form": form})


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
