"""Reads of the public calendar: the list of events with its filters, the month grid, one
event's page, the feeds and the sitemap. Every read takes the user and shows only what their
policy lets them see; each is a fixed number of queries whatever the number of events."""

from __future__ import annotations

import calendar as pycalendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from partnerstvo.core.permissions import scope

from ..models import AgendaItem, Event, EventOrganiser, Registration

# A month grid shows at most this many events (a busy month of 100,000 events over some years
# is a few hundred); past it the grid says so and links to the list.
MONTH_LIMIT = 600
PER_DAY_SHOWN = 4


def _organisers_prefetch() -> Prefetch:
    return Prefetch(
        "organisers",
        queryset=EventOrganiser.objects.select_related("organisation", "administration").order_by(
            "order", "pk"
        ),
    )


def visible_events(*, user) -> QuerySet[Event]:
    return scope(user, "view", Event.objects.all())


def listed_events(*, user) -> QuerySet[Event]:
    """What the list and the calendar show: the events ``user`` may see, less the closed
    (unlisted) ones, which are reached from their page's address only."""
    return visible_events(user=user).filter(is_listed=True)


def event_list(
    *,
    user,
    kind: str | None = None,
    municipality=None,
    oblast=None,
    format: str | None = None,
    organisation=None,
    administration=None,
    when: str | None = "coming",
    month: datetime.date | None = None,
    now=None,
) -> QuerySet[Event]:
    """The events ``user`` may see, filtered: coming ones soonest first, past ones latest first
    (``when``: ``coming``, ``past`` or ``None`` for all), within ``month`` if given."""
    now = now or timezone.now()
    queryset = listed_events(user=user)
    if kind:
        queryset = queryset.filter(kind=kind)
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    if oblast is not None:
        queryset = queryset.filter(municipality__oblast=oblast)
    if format:
        queryset = queryset.filter(format=format)
    if organisation is not None:
        queryset = queryset.filter(
            pk__in=EventOrganiser.objects.filter(organisation=organisation).values("event_id")
        )
    if administration is not None:
        queryset = queryset.filter(
            pk__in=EventOrganiser.objects.filter(administration=administration).values("event_id")
        )
    if month is not None:
        start, end = month_bounds(month)
        queryset = queryset.filter(starts_at__lt=end, ends_at__gte=start)
    order = ["starts_at", "pk"]
    if when == "coming":
        queryset = queryset.filter(ends_at__gte=now)
    elif when == "past":
        queryset = queryset.filter(ends_at__lt=now)
        order = ["-starts_at", "-pk"]
    return (
        queryset.select_related("municipality")
        .prefetch_related(_organisers_prefetch())
        .order_by(*order)
    )


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first moment of ``month`` and of the next, in the platform's time zone."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime(month.year, month.month, 1, tzinfo=tz)
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    end = datetime.datetime(following.year, following.month, 1, tzinfo=tz)
    return start, end


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    events: list = field(default_factory=list)
    more: int = 0


@dataclass
class MonthGrid:
    month: datetime.date
    previous: datetime.date
    next: datetime.date
    weeks: list[list[Day]]
    count: int
    truncated: bool

    @property
    def days_with_events(self) -> list[Day]:
        return [day for week in self.weeks for day in week if day.in_month and day.events]


def month_grid(*, user, month: datetime.date, now=None) -> MonthGrid:
    """The month as weeks (Monday first) of days, each with the events on it that ``user`` may
    see (an event of several days on each of them). One query."""
    month = month.replace(day=1)
    start, end = month_bounds(month)
    events = list(
        listed_events(user=user)
        .filter(starts_at__lt=end, ends_at__gt=start)
        .select_related("municipality")
        .only(
            "pk",
            "slug",
            "title",
            "kind",
            "format",
            "status",
            "starts_at",
            "ends_at",
            "venue",
            "municipality__name",
            "municipality__name_en",
        )
        .order_by("starts_at", "pk")[: MONTH_LIMIT + 1]
    )
    truncated = len(events) > MONTH_LIMIT
    events = events[:MONTH_LIMIT]
    today = timezone.localdate(now or timezone.now())
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        weeks.append(
            [
                Day(date=day, in_month=day.month == month.month, is_today=day == today)
                for day in week
            ]
        )
    days = {day.date: day for week in weeks for day in week}
    for event in events:
        first = timezone.localtime(event.starts_at).date()
        # An event ending at midnight does not take the next day.
        last = timezone.localtime(event.ends_at - datetime.timedelta(microseconds=1)).date()
        current = max(first, weeks[0][0].date)
        while current <= last and current <= weeks[-1][-1].date:
            day = days[current]
            if len(day.events) < PER_DAY_SHOWN:
                day.events.append(event)
            else:
                day.more += 1
            current += datetime.timedelta(days=1)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return MonthGrid(
        month=month,
        previous=previous,
        next=following,
        weeks=weeks,
        count=len(events),
        truncated=truncated,
    )


def event_get_for_page(*, user, slug: str) -> Event:
    """One event for its page, with organisers, agenda (and documents) and questions;
    ``Event.DoesNotExist`` if ``user`` may not see it."""
    return (
        visible_events(user=user)
        .select_related("municipality", "municipality__oblast")
        .prefetch_related(
            _organisers_prefetch(),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.prefetch_related("documents").order_by(
                    "starts_at", "order", "pk"
                ),
            ),
            "questions",
        )
        .get(slug=slug)
    )


@dataclass(frozen=True)
class Places:
    confirmed: int
    waiting: int
    capacity: int | None

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.confirmed)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.confirmed >= self.capacity


def event_places(*, event: Event) -> Places:
    """Confirmed and waiting registrations of ``event``: one grouped query."""
    counts = Registration.objects.filter(event_id=event.pk).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
    )
    return Places(confirmed=counts["confirmed"], waiting=counts["waiting"], capacity=event.capacity)


def feed_events(
    *, since: datetime.datetime, municipality=None, organisation=None
) -> QuerySet[Event]:
    """The public iCal feeds: published and cancelled events (a cancellation must reach the
    subscribed calendars), ending after ``since``; never a closed (unlisted) one."""
    queryset = Event.objects.public().filter(ends_at__gte=since)
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    if organisation is not None:
        queryset = queryset.filter(
            pk__in=EventOrganiser.objects.filter(organisation=organisation).values("event_id")
        )
    return queryset.select_related("municipality").order_by("starts_at", "pk")


def public_event_list() -> QuerySet[Event]:
    """Published, listed events, for the sitemap."""
    return Event.objects.public().filter(status=Event.Status.PUBLISHED).order_by("pk")
