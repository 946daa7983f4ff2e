from django.urls import include, path
from wagtail import hooks

from . import admin
from .admin import EventsViewSetGroup


@hooks.register("register_admin_viewset")
def register_events_viewsets():
    return EventsViewSetGroup()


_event_urls = (
    [
        path("<int:pk>/", admin.EventScreenView.as_view(), name="event"),
        path("<int:pk>/publish/", admin.PublishView.as_view(), name="publish"),
        path("<int:pk>/cancel/", admin.CancelView.as_view(), name="cancel"),
        path("<int:pk>/invitations/", admin.InvitationsView.as_view(), name="invitations"),
        path(
            "<int:pk>/participants.xlsx",
            admin.ParticipantsXlsxView.as_view(),
            name="participants-xlsx",
        ),
    ],
    "events_admin",
)


@hooks.register("register_admin_urls")
def register_event_screen_urls():
    return [path("events/event/", include(_event_urls))]
