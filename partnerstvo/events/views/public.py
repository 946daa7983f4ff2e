"""Public pages: the list of events with its filters, the month calendar, an event's page, its
calendar file and the iCal feeds. Thin: selectors read, services write, policies decide."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.images import get_image_model

from partnerstvo.core.jsonld import json_ld_script
from partnerstvo.core.permissions import user_can
from partnerstvo.directory.models import Municipality, Organisation, Person
from partnerstvo.directory.roles import roles_of

from .. import ics, jsonld, page_sections, selectors
from ..forms import EventFilterForm, RegistrationForm
from ..models import Event
from ..selectors.minutes import minutes_for

EVENTS_PER_PAGE = 20
FEED_DAYS_BACK = 90
FEED_LIMIT = 1000


def event_list(request):
    form = EventFilterForm(request.GET)
    filters = form.filters()
    events = selectors.event_list(user=request.user, **filters)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/event_list.html",
        {
            "page_obj": page,
            "form": form,
            "filters": filters,
            "filtered": any(value for key, value in filters.items() if key != "when"),
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


def calendar_current(request):
    today = timezone.localdate()
    return redirect("events:calendar", year=today.year, month=today.month)


def calendar_month(request, year: int, month: int):
    if not (1900 <= year <= 2999 and 1 <= month <= 12):
        raise Http404
    grid = selectors.month_grid(user=request.user, month=datetime.date(year, month, 1))
    return render(request, "events/calendar.html", {"grid": grid})


def detail_context(request, event: Event, *, form=None) -> dict:
    """What an event's page shows; ``form`` is the registration form with its errors, if any."""
    roles = roles_of(request.user)
    registration = selectors.registration_of(event=event, person_id=roles.person_id)
    can_manage = user_can(request.user, "manage_registrations", event)
    invitation = request.GET.get("invitation") or request.POST.get("invitation") or ""
    can_register = (
        event.registration_is_open()
        and registration is None
        and (event.registration != Event.Registration.INVITATION or invitation or can_manage)
    )
    if form is None and can_register and roles.person_id:
        person = Person(pk=roles.person_id)
        form = RegistrationForm(
            event=event,
            person=person,
            questions=event.questions.all(),
            initial={"invitation": invitation[:200]},
        )
    now = timezone.now()
    started = event.starts_at <= now
    return {
        "event": event,
        "json_ld": json_ld_script(jsonld.event_data(event, request=request)),
        "places": selectors.event_places(event=event),
        "registration": registration,
        "form": form,
        "can_register": can_register,
        "can_manage": can_manage,
        "show_online_url": bool(
            event.online_url and ((registration and registration.is_confirmed) or can_manage)
        ),
        "organisers": list(event.organisers.all()),
        "agenda": list(event.agenda_items.all()),
        "sections": page_sections.sections_for(event),
        # What comes after the event (a query each) is looked for once it has begun.
        "minutes": minutes_for(user=request.user, event=event) if started else None,
        "documents": list(event.documents.all()) if started else [],
        "photos": _photos(event) if started else [],
        "can_manage_minutes": user_can(request.user, "manage_minutes", event),
        "now": now,
    }


PHOTO_RENDITION = "max-640x480"


def _photos(event: Event) -> list:
    """The event's photos: uploaded files, and images of the Wagtail library with their
    rendition for the page (two queries whatever their number, once the renditions exist)."""
    images = get_image_model().objects.prefetch_renditions(PHOTO_RENDITION)
    return list(event.photos.prefetch_related(Prefetch("image", queryset=images)))


def event_detail(request, slug: str):
    try:
        event = selectors.event_get_for_page(user=request.user, slug=slug)
    except Event.DoesNotExist as error:
        raise Http404 from error
    return render(request, "events/event_detail.html", detail_context(request, event))


def _ics_response(body: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type=ics.MIMETYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_GET
def event_ics(request, slug: str):
    """One event's calendar file (without the online link: that is in the participant's)."""
    event = (
        selectors.visible_events(user=request.user)
        .select_related("municipality")
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise Http404
    body = ics.calendar([event], base_url=request.build_absolute_uri("/"), name=event.title)
    return _ics_response(body, f"{event.slug}.ics", attachment=True)


def _feed(request, *, name: str, filename: str, **filters) -> HttpResponse:
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    events = selectors.feed_events(since=since, **filters)[:FEED_LIMIT]
    body = ics.calendar(events, base_url=request.build_absolute_uri("/"), name=name)
    return _ics_response(body, filename, attachment=False)


@require_GET
def feed(request):
    return _feed(request, name=_("Events"), filename="events.ics")


@require_GET
def municipality_feed(request, municipality: str):
    lookup = {"pk": int(municipality)} if municipality.isdigit() else {"slug": municipality}
    if "pk" in lookup and lookup["pk"] > 2**31:
        raise Http404
    place = get_object_or_404(Municipality, **lookup)
    return _feed(
        request,
        name=_("Events in %(municipality)s") % {"municipality": place.display_name},
        filename=f"events-{place.slug}.ics",
        municipality=place,
    )


@require_GET
def organisation_feed(request, pk: int):
    if pk > 2**31:
        raise Http404
    organisation = get_object_or_404(Organisation, pk=pk)
    return _feed(
        request,
        name=_("Events of %(organisation)s") % {"organisation": organisation.name},
        filename=f"events-{organisation.slug}.ics",
        organisation=organisation,
    )
