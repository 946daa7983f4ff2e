"""Pages of events. Thin: selectors read, services write, policies decide.

One module per subdomain; every view is importable from here (as ``urls.py`` names them):
``public`` (the list, the month calendar, an event's page, .ics and feeds) and
``registration`` (registering, cancelling, "My events")."""

from .public import (
    EVENTS_PER_PAGE,
    FEED_DAYS_BACK,
    FEED_LIMIT,
    calendar_current,
    calendar_month,
    event_detail,
    event_ics,
    event_list,
    feed,
    municipality_feed,
    organisation_feed,
)
from .registration import event_register, my_events, registration_cancel

__all__ = [
    "EVENTS_PER_PAGE",
    "FEED_DAYS_BACK",
    "FEED_LIMIT",
    "calendar_current",
    "calendar_month",
    "event_detail",
    "event_ics",
    "event_list",
    "event_register",
    "feed",
    "municipality_feed",
    "my_events",
    "organisation_feed",
    "registration_cancel",
]
