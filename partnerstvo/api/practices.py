"""The practices' part of the public API, ``/api/v1/practices/``: published practices only.

Pagination, errors, permissions and the OpenAPI schema come from ``REST_FRAMEWORK`` in the
settings, the language asked for and the public rate limit from ``views.RequestLanguageMixin``,
as for every API view.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from partnerstvo.core.permissions import scope
from partnerstvo.directory.models import AreaOfWork, Municipality, Organisation
from partnerstvo.practices.models import PUBLISHED, Practice, PracticeResult

from .serializers import AreaOfWorkSerializer, MunicipalityRefSerializer
from .views import RequestLanguageMixin


class _OrganisationRef(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name"]


class _Result(serializers.ModelSerializer):
    class Meta:
        model = PracticeResult
        fields = ["indicator", "value", "unit"]


class PracticeSerializer(serializers.ModelSerializer):
    """A published practice; the contact's e-mail and phone are never part of the API."""

    organisation = _OrganisationRef(read_only=True)
    municipalities = MunicipalityRefSerializer(many=True, read_only=True)
    themes = AreaOfWorkSerializer(many=True, read_only=True)
    results_with_numbers = _Result(many=True, read_only=True, source="result_rows")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Practice
        fields = [
            "slug", "title", "summary", "organisation", "problem", "approach", "results",
            "results_with_numbers", "partners", "resources", "cost_eur", "cost_note",
            "transferability", "themes", "municipalities", "replication_count", "published_at",
            "url",
        ]  # fmt: skip

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class PracticeFilter(django_filters.FilterSet):
    theme = django_filters.CharFilter(method="filter_theme", label=_("Theme slug"))
    municipality = django_filters.CharFilter(
        method="filter_municipality", label=_("Municipality code or slug")
    )
    oblast = django_filters.CharFilter(method="filter_oblast", label=_("Oblast code"))
    organisation = django_filters.CharFilter(
        field_name="organisation__slug", label=_("Organisation slug")
    )

    class Meta:
        model = Practice
        fields = ["theme", "municipality", "oblast", "organisation"]

    @staticmethod
    def _through(queryset, through, **lookup):
        return queryset.filter(pk__in=through.objects.filter(**lookup).values("practice_id"))

    def filter_theme(self, queryset, name, value):
        return self._through(queryset, Practice.themes.through, areaofwork__slug=value)

    def filter_municipality(self, queryset, name, value):
        through = Practice.municipalities.through
        return queryset.filter(
            pk__in=through.objects.filter(municipality__code=value).values("practice_id")
        ) | queryset.filter(
            pk__in=through.objects.filter(municipality__slug=value).values("practice_id")
        )

    def filter_oblast(self, queryset, name, value):
        return self._through(
            queryset, Practice.municipalities.through, municipality__oblast__code=value
        )


class PracticeViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Published good practices of CSOs. Filter by ``theme``, ``municipality``, ``oblast`` and
    ``organisation``."""

    serializer_class = PracticeSerializer
    filterset_class = PracticeFilter
    lookup_field = "slug"

    def get_queryset(self):
        return (
            scope(self.request.user, "view", Practice.objects.filter(PUBLISHED))
            .select_related("organisation")
            .prefetch_related(
                Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
                Prefetch("themes", queryset=AreaOfWork.objects.order_by("name")),
                Prefetch("result_rows", queryset=PracticeResult.objects.order_by("order", "pk")),
            )
            .order_by("-published_at", "-pk")
        )
