"""Decisions of events and their follow-up actions in the public API (``/api/v1/decisions/``,
``/api/v1/actions/``): only those in published minutes of events everyone may see, so the API
tells no more than the minutes' public page. An action's owner is named when it is an
organisation or an administration; a person who owns an action is not named (the public minutes
give counts, not names)."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from partnerstvo.core.permissions import scope
from partnerstvo.events.models import Action, Decision, Event, Minutes

from .views import RequestLanguageMixin


def _public_decisions(user):
    events = scope(user, "view", Event.objects.public())
    return Decision.objects.filter(
        minutes__status=Minutes.Status.PUBLISHED, minutes__event__in=events
    )


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    owner_kind = serializers.SerializerMethodField()
    owner_name = serializers.SerializerMethodField()
    owner_slug = serializers.SerializerMethodField()
    deadline = serializers.DateField()
    status = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)

    def get_owner_kind(self, obj) -> str:
        if obj.owner_organisation_id:
            return "organisation"
        return "administration" if obj.owner_administration_id else "person"

    def get_owner_name(self, obj) -> str | None:
        if obj.owner_organisation_id:
            return obj.owner_organisation.name
        return obj.owner_administration.name if obj.owner_administration_id else None

    def get_owner_slug(self, obj) -> str | None:
        return obj.owner_organisation.slug if obj.owner_organisation_id else None


class ActionWithDecisionSerializer(ActionSerializer):
    event = serializers.CharField(source="decision.event.slug")
    decision = serializers.IntegerField(source="decision.number")


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField(source="event.slug")
    event_title = serializers.CharField(source="event.title")
    number = serializers.IntegerField()
    text = serializers.CharField()
    actions = ActionSerializer(many=True, read_only=True)


class DecisionFilter(django_filters.FilterSet):
    event = django_filters.CharFilter(field_name="event__slug", label=_("Event's slug"))

    class Meta:
        model = Decision
        fields = ["event"]


class ActionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Action.Status.choices)
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open or in progress"))
    organisation = django_filters.CharFilter(
        field_name="owner_organisation__slug", label=_("Owning CSO's slug")
    )
    municipality = django_filters.CharFilter(
        method="filter_municipality", label=_("Municipality code or slug of the event")
    )
    event = django_filters.CharFilter(field_name="decision__event__slug", label=_("Event's slug"))

    class Meta:
        model = Action
        fields = ["status", "open", "organisation", "municipality", "event"]

    def filter_open(self, queryset, name, value):
        condition = Q(status__in=Action.OPEN_STATUSES)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(
            Q(decision__event__municipality__code=value)
            | Q(decision__event__municipality__slug=value)
        )


_OWNERS = ("owner_organisation", "owner_administration")


class DecisionViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Decisions recorded in the published minutes of events, with their follow-up actions and
    each action's status. Filter by ``event`` (its slug)."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter

    def get_queryset(self):
        return (
            _public_decisions(self.request.user)
            .select_related("event")
            .prefetch_related(Prefetch("actions", queryset=Action.objects.select_related(*_OWNERS)))
            .order_by("-event__starts_at", "number", "pk")
        )


class ActionViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Follow-up actions of decisions in published minutes, by deadline. Filter by ``status``,
    ``open``, ``organisation`` (the owning CSO's slug), ``municipality`` (of the event) and
    ``event``."""

    serializer_class = ActionWithDecisionSerializer
    filterset_class = ActionFilter

    def get_queryset(self):
        return (
            Action.objects.filter(decision__in=_public_decisions(self.request.user))
            .select_related("decision__event", *_OWNERS)
            .order_by("deadline", "pk")
        )
