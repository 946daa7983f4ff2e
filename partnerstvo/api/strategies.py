"""Development strategies in the public API: ``/api/v1/strategies/`` (published strategies with
their territory, period, adopting decision and overall progress; one strategy with its whole tree:
priorities → goals → measures with partners, budget, timeline, status and progress, indicators
with their yearly actual values, milestones) and ``/api/v1/strategy-measures/`` (the measures of
published strategies, each with its indicators and values). Unpublished strategies are never part
of the API."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from partnerstvo.strategies import selectors
from partnerstvo.strategies.models import (
    Indicator,
    IndicatorValue,
    Measure,
    MeasurePartner,
    Milestone,
    Strategy,
)

from .views import RequestLanguageMixin


def _absolute(serializer, url: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request else url


class _PartnerSerializer(serializers.Serializer):
    kind = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    slug = serializers.SerializerMethodField()
    is_lead = serializers.BooleanField()

    def get_kind(self, obj) -> str:
        return "organisation" if obj.organisation_id else "administration"

    def get_name(self, obj) -> str:
        return str(obj.party)

    def get_slug(self, obj) -> str | None:
        return obj.organisation.slug if obj.organisation_id else None


class _ValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["year", "value", "note"]


class _IndicatorSerializer(serializers.ModelSerializer):
    values = _ValueSerializer(many=True, read_only=True)
    achievement = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id", "name", "unit", "baseline_value", "baseline_year", "target_value",
            "target_year", "direction", "values", "achievement",
        ]  # fmt: skip

    @extend_schema_field(serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True))
    def get_achievement(self, obj):
        """Per cent of the way from the baseline to the target, at the latest recorded year."""
        row = selectors.indicator_row(obj)
        return None if row.achievement is None else str(row.achievement)


class _MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "reached_on"]


class MeasureSerializer(serializers.ModelSerializer):
    strategy = serializers.CharField(source="strategy.slug")
    goal = serializers.CharField(source="goal.code")
    partners = _PartnerSerializer(many=True, read_only=True)
    indicators = _IndicatorSerializer(many=True, read_only=True)
    milestones = _MilestoneSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = [
            "id", "strategy", "goal", "code", "title", "description", "budget", "currency",
            "funding_source", "starts_on", "ends_on", "status", "progress", "weight",
            "partners", "indicators", "milestones", "url",
        ]  # fmt: skip

    def get_url(self, obj) -> str:
        return _absolute(self, obj.get_absolute_url())


class _TreeMeasureSerializer(MeasureSerializer):
    indicators = _IndicatorSerializer(many=True, read_only=True, source="indicator_list")
    milestones = _MilestoneSerializer(many=True, read_only=True, source="milestone_list")

    class Meta(MeasureSerializer.Meta):
        fields = [f for f in MeasureSerializer.Meta.fields if f not in ("strategy", "goal")]


class _GoalSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    weight = serializers.DecimalField(max_digits=6, decimal_places=2)
    progress = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    measures = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()

    @extend_schema_field(_TreeMeasureSerializer(many=True))
    def get_measures(self, obj):
        return _TreeMeasureSerializer(obj.measures.all(), many=True, context=self.context).data

    @extend_schema_field(_IndicatorSerializer(many=True))
    def get_indicators(self, obj):
        return _IndicatorSerializer(self.context["goal_indicators"].get(obj.pk, []), many=True).data


class _PrioritySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    weight = serializers.DecimalField(max_digits=6, decimal_places=2)
    progress = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    goals = _GoalSerializer(many=True, source="goals.all")


class StrategySerializer(serializers.ModelSerializer):
    administration = serializers.CharField(source="administration.name")
    municipalities = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    progress = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Strategy
        fields = [
            "slug", "title", "summary", "administration", "municipalities", "start_year",
            "end_year", "decision_body", "decision_number", "decision_date", "decision_url",
            "status", "progress", "url",
        ]  # fmt: skip

    @extend_schema_field(serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True))
    def get_progress(self, obj):
        value = self.context.get("progress", {}).get(obj.pk, getattr(obj, "progress", None))
        return None if value is None else str(selectors.Progress.rounded(value))

    def get_url(self, obj) -> str:
        return _absolute(self, obj.get_absolute_url())


class StrategyDetailSerializer(StrategySerializer):
    priorities = serializers.SerializerMethodField()
    milestones = serializers.SerializerMethodField()

    class Meta(StrategySerializer.Meta):
        fields = [*StrategySerializer.Meta.fields, "priorities", "milestones"]

    @extend_schema_field(_PrioritySerializer(many=True))
    def get_priorities(self, obj):
        page = self.context["page"]
        goal_indicators: dict[int, list] = {}
        for row in page.indicators:
            if row.indicator.goal_id:
                goal_indicators.setdefault(row.indicator.goal_id, []).append(row.indicator)
        context = {**self.context, "goal_indicators": goal_indicators}
        return _PrioritySerializer(page.priorities, many=True, context=context).data

    @extend_schema_field(_MilestoneSerializer(many=True))
    def get_milestones(self, obj):
        return _MilestoneSerializer(
            [m for m in self.context["page"].milestones if not m.measure_id], many=True
        ).data


class StrategyFilter(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        method="filter_municipality", label=_("Municipality code or slug")
    )
    status = django_filters.ChoiceFilter(choices=Strategy.Status.choices)

    class Meta:
        model = Strategy
        fields = ["municipality", "status"]

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(municipalities__slug=value) | queryset.filter(
            municipalities__code=value
        )


class StrategyViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Published local development strategies; one of them with its whole tree (priorities,
    goals, measures with partners, indicators with yearly values, milestones). Filter by
    ``municipality`` and ``status``."""

    filterset_class = StrategyFilter
    lookup_field = "slug"

    def get_queryset(self):
        return (
            selectors.published_strategies()
            .select_related("administration")
            .prefetch_related("municipalities")
            .distinct()
            .order_by("-start_year", "title", "pk")
        )

    def get_serializer_class(self):
        return StrategyDetailSerializer if self.action == "retrieve" else StrategySerializer

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            progress = selectors.progress_of(page).strategies
            for strategy in page:
                strategy.progress = progress.get(strategy.pk)
        return page

    def retrieve(self, request, *args, **kwargs):
        strategy = self.get_object()
        page = selectors.strategy_page(strategy=strategy)
        strategy.progress = page.progress
        serializer = StrategyDetailSerializer(
            strategy, context={**self.get_serializer_context(), "page": page}
        )
        return Response(serializer.data)


class MeasureFilter(django_filters.FilterSet):
    strategy = django_filters.CharFilter(field_name="strategy__slug", label=_("Strategy slug"))
    status = django_filters.ChoiceFilter(choices=Measure.Status.choices)
    organisation = django_filters.CharFilter(
        method="filter_organisation", label=_("Responsible organisation's slug")
    )

    class Meta:
        model = Measure
        fields = ["strategy", "status", "organisation"]

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(
            pk__in=MeasurePartner.objects.filter(organisation__slug=value).values("measure_id")
        )


class MeasureViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The measures of published strategies with their partners, indicators (with yearly actual
    values) and milestones. Filter by ``strategy``, ``status`` and responsible ``organisation``."""

    serializer_class = MeasureSerializer
    filterset_class = MeasureFilter

    def get_queryset(self):
        return (
            Measure.objects.filter(strategy__is_published=True)
            .select_related("strategy", "goal")
            .prefetch_related(
                Prefetch(
                    "partners",
                    queryset=MeasurePartner.objects.select_related(
                        "organisation", "administration"
                    ).order_by("-is_lead", "pk"),
                ),
                Prefetch(
                    "indicators",
                    queryset=Indicator.objects.prefetch_related(
                        Prefetch("values", queryset=IndicatorValue.objects.order_by("year"))
                    ).order_by("order", "pk"),
                ),
                Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
            )
            .order_by("strategy_id", "goal__priority__order", "goal__order", "order", "pk")
        )
