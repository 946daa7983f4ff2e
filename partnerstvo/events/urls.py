from django.urls import include, path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("feed.ics", views.feed, name="feed"),
    path("calendar/", views.calendar_current, name="calendar-current"),
    path("calendar/<int:year>/<int:month>/", views.calendar_month, name="calendar"),
    path("my/", views.my_events, name="my-events"),
    path(
        "registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration-cancel",
    ),
    path(
        "municipality/<str:municipality>/feed.ics",
        views.municipality_feed,
        name="municipality-feed",
    ),
    path("organisation/<int:pk>/feed.ics", views.organisation_feed, name="organisation-feed"),
    # Check-in, minutes and actions (ev2): before "<slug>/", so that "actions/" is no slug.
    path("", include("partnerstvo.events.urls_meetings")),
    path("<slug:slug>/", views.event_detail, name="event-detail"),
    path("<slug:slug>/register/", views.event_register, name="event-register"),
    path("<slug:slug>/event.ics", views.event_ics, name="event-ics"),
]
