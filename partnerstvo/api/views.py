from django.db.models import Prefetch
from django.utils import translation
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import viewsets

from partnerstvo.core.permissions import scope
from partnerstvo.directory.models import Municipality, Organisation
from partnerstvo.events.models import AgendaItem, Event, EventOrganiser

from . import filters, serializers
from .throttling import PublicApiThrottle


class RequestLanguageMixin:
    """Answer in the language the client asks for (``Accept-Language``, or the language cookie),
    within the public API's rate limit (``throttling.PublicApiThrottle``).

    The site picks its language from the address (``/en/…``), and the API has no such prefix, so
    LocaleMiddleware would always answer in the default language."""

    throttle_classes = [PublicApiThrottle]

    def initial(self, request, *args, **kwargs):
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        super().initial(request, *args, **kwargs)


class SchemaView(RequestLanguageMixin, SpectacularJSONAPIView):
    pass


class MunicipalityViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Bulgaria's municipalities. Filter by ``oblast`` (code) and ``in_programme``."""

    serializer_class = serializers.MunicipalitySerializer
    filterset_class = filters.MunicipalityFilter
    lookup_field = "slug"

    def get_queryset(self):
        return scope(
            self.request.user, "view", Municipality.objects.select_related("oblast")
        ).order_by("name", "pk")


class OrganisationViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Civil society organisations listed publicly."""

    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    lookup_field = "slug"

    def get_queryset(self):
        return (
            scope(self.request.user, "view", Organisation.objects.all())
            .select_related("seat")
            .prefetch_related(
                Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
                "areas",
            )
            .order_by("name", "pk")
        )


class EventViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Published events (conferences, round tables, working meetings), cancelled ones marked so,
    in order of their start. Filter by ``kind``, ``event_format``, ``municipality``, ``oblast``,
    ``organisation`` and a start range."""

    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter
    lookup_field = "slug"

    def get_queryset(self):
        # Public events only, whoever asks: drafts are the back office's business.
        return (
            scope(self.request.user, "view", Event.objects.public())
            .select_related("municipality")
            .prefetch_related(
                Prefetch(
                    "organisers",
                    queryset=EventOrganiser.objects.select_related(
                        "organisation", "administration"
                    ).order_by("order", "pk"),
                ),
                Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("starts_at", "pk")),
            )
            .distinct()
            .order_by("starts_at", "pk")
        )
