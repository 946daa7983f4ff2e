from django.db.models import Prefetch
from rest_framework import viewsets

from partnerstvo.core.permissions import scope
from partnerstvo.directory.models import Municipality, Organisation

from . import filters, serializers


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Bulgaria's municipalities. Filter by ``oblast`` (code) and ``in_programme``."""

    serializer_class = serializers.MunicipalitySerializer
    filterset_class = filters.MunicipalityFilter
    lookup_field = "slug"

    def get_queryset(self):
        return scope(
            self.request.user, "view", Municipality.objects.select_related("oblast")
        ).order_by("name", "pk")


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Civil society organisations listed publicly (and, for their members, unlisted ones)."""

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
