"""Analyses of local problems in the public API: ``/api/v1/analyses/`` lists the published
analyses (filter by ``municipality`` and ``area``); one analysis (``/api/v1/analyses/{slug}/``)
and each item of the list carry every row: stakeholders, findings with their figures, the SWOT,
the recommendations, the authors and the public documents (with their addresses, which the
site serves). Drafts and internal documents are never part of the API; an author is named
(they signed a public document), no contact of theirs is given."""

from __future__ import annotations

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from partnerstvo.analyses.models import (
    AnalysisAuthor,
    AnalysisDocument,
    Finding,
    ProblemAnalysis,
    Recommendation,
    Stakeholder,
    SwotItem,
)
from partnerstvo.analyses.selectors import public_analyses

from .views import RequestLanguageMixin


def _absolute(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


class AnalysisPartySerializer(serializers.Serializer):
    kind = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    slug = serializers.SerializerMethodField()

    def get_kind(self, obj) -> str:
        return "organisation" if obj.organisation_id else "administration"

    def get_name(self, obj) -> str:
        return str(obj.party)

    def get_slug(self, obj) -> str | None:
        return obj.organisation.slug if obj.organisation_id else None


class AnalysisStakeholderSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Stakeholder
        fields = ["name", "organisation", "kind", "interest", "influence", "role"]


class AnalysisFindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["text", "source", "value", "unit", "year"]


class AnalysisSwotItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = SwotItem
        fields = ["quadrant", "text"]


class AnalysisRecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["text", "addressee", "priority", "timeframe"]


class AnalysisAuthorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = AnalysisAuthor
        fields = ["name", "affiliation", "role"]


class AnalysisDocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = AnalysisDocument
        fields = ["title", "url"]

    def get_url(self, obj) -> str:
        url = reverse("analyses:document", kwargs={"slug": obj.analysis.slug, "pk": obj.pk})
        return _absolute(self.context, url)


class ProblemAnalysisSerializer(serializers.ModelSerializer):
    owner = serializers.SerializerMethodField()
    partners = AnalysisPartySerializer(many=True, read_only=True)
    municipalities = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    stakeholders = AnalysisStakeholderSerializer(many=True, read_only=True)
    findings = AnalysisFindingSerializer(many=True, read_only=True)
    swot = AnalysisSwotItemSerializer(many=True, read_only=True)
    recommendations = AnalysisRecommendationSerializer(many=True, read_only=True)
    authors = AnalysisAuthorSerializer(many=True, read_only=True)
    documents = AnalysisDocumentSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = ProblemAnalysis
        fields = [
            "slug", "title", "owner", "partners", "problem", "municipalities", "areas",
            "period_start", "period_end", "methodology", "summary", "published_at",
            "stakeholders", "findings", "swot", "recommendations", "authors", "documents",
            "url", "report_url",
        ]  # fmt: skip

    def get_owner(self, obj) -> dict:
        return AnalysisPartySerializer(obj).data

    def get_url(self, obj) -> str:
        return _absolute(self.context, obj.get_absolute_url())

    def get_report_url(self, obj) -> str:
        return _absolute(self.context, reverse("analyses:pdf", kwargs={"slug": obj.slug}))


class ProblemAnalysisFilter(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        method="filter_municipality", label=_("Municipality code or slug")
    )
    area = django_filters.CharFilter(method="filter_area", label=_("Area of work slug"))

    class Meta:
        model = ProblemAnalysis
        fields = ["municipality", "area"]

    def filter_municipality(self, queryset, name, value):
        through = ProblemAnalysis.municipalities.through.objects
        matching = through.filter(municipality__slug=value) | through.filter(
            municipality__code=value
        )
        return queryset.filter(pk__in=matching.values("problemanalysis_id"))

    def filter_area(self, queryset, name, value):
        through = ProblemAnalysis.areas.through.objects
        return queryset.filter(
            pk__in=through.filter(areaofwork__slug=value).values("problemanalysis_id")
        )


class ProblemAnalysisViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Published analyses of local problems with their stakeholders, findings, SWOT,
    recommendations, authors and public documents. Filter by ``municipality`` and ``area``."""

    serializer_class = ProblemAnalysisSerializer
    filterset_class = ProblemAnalysisFilter
    lookup_field = "slug"

    def get_queryset(self):
        return public_analyses()
