"""Partnerships in the public API: ``/api/v1/agreements/`` (the register: agreements every party
has confirmed, with their parties, obligations, renewals and status) and ``/api/v1/councils/``
(transparent coordination councils with their members, meetings and decisions of published
minutes). Drafts and private councils are never part of the API. A member is named (they sit on
a public body); no contact of theirs is given."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from partnerstvo.events.models import Action, Decision, Event, Minutes
from partnerstvo.partnerships.models import (
    Agreement,
    AgreementParty,
    AgreementRenewal,
    Council,
    CouncilMeeting,
    CouncilMember,
)

from .views import RequestLanguageMixin


class _PartySerializer(serializers.Serializer):
    kind = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    slug = serializers.SerializerMethodField()
    municipality = serializers.CharField(source="municipality.slug")
    obligations = serializers.CharField()

    def get_kind(self, obj) -> str:
        return "organisation" if obj.organisation_id else "administration"

    def get_name(self, obj) -> str:
        return str(obj.party)

    def get_slug(self, obj) -> str | None:
        return obj.organisation.slug if obj.organisation_id else None


class _RenewalSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgreementRenewal
        fields = ["previous_end", "new_end", "signed_on"]


class AgreementSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    parties = _PartySerializer(many=True, read_only=True)
    renewals = _RenewalSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id", "kind", "title", "subject", "status", "starts_on", "ends_on", "confirmed_at",
            "terminated_on", "termination_reason", "parties", "renewals", "url",
        ]  # fmt: skip

    @extend_schema_field(serializers.ChoiceField(choices=Agreement.Status.choices))
    def get_status(self, obj) -> str:
        return obj.status_on(self.context.get("today") or timezone.localdate())

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class AgreementFilter(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        method="filter_municipality", label=_("Municipality code or slug")
    )
    organisation = django_filters.CharFilter(
        method="filter_organisation", label=_("Organisation slug")
    )
    kind = django_filters.ChoiceFilter(choices=Agreement.Kind.choices)
    status = django_filters.ChoiceFilter(
        choices=[(value, label) for value, label in Agreement.Status.choices if value != "draft"],
        method="filter_status",
    )

    class Meta:
        model = Agreement
        fields = ["municipality", "organisation", "kind", "status"]

    def filter_municipality(self, queryset, name, value):
        parties = AgreementParty.objects.filter(municipality__slug=value) | (
            AgreementParty.objects.filter(municipality__code=value)
        )
        return queryset.filter(pk__in=parties.values("agreement_id"))

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(
            pk__in=AgreementParty.objects.filter(organisation__slug=value).values("agreement_id")
        )

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)


class AgreementViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """The register of partnership agreements: those every party has confirmed. Filter by
    ``municipality``, ``organisation``, ``kind`` and ``status`` (active, expired, terminated)."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter

    def get_queryset(self):
        return (
            Agreement.objects.confirmed()
            .prefetch_related(
                Prefetch(
                    "parties",
                    queryset=AgreementParty.objects.select_related(
                        "organisation", "administration", "municipality"
                    ).order_by("order", "pk"),
                ),
                Prefetch("renewals", queryset=AgreementRenewal.objects.order_by("signed_on")),
            )
            .order_by("-starts_on", "-pk")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class _MemberSerializer(serializers.Serializer):
    name = serializers.SerializerMethodField()
    position = serializers.CharField()
    represents = serializers.SerializerMethodField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)

    def get_name(self, obj) -> str:
        return f"{obj.person.first_name} {obj.person.last_name}"

    def get_represents(self, obj) -> str | None:
        return str(obj.represents) if obj.represents else None


class _MeetingSerializer(serializers.Serializer):
    slug = serializers.CharField(source="event.slug")
    title = serializers.CharField(source="event.title")
    starts_at = serializers.DateTimeField(source="event.starts_at")
    ends_at = serializers.DateTimeField(source="event.ends_at")


class _ActionSerializer(serializers.Serializer):
    title = serializers.CharField()
    deadline = serializers.DateField()
    status = serializers.CharField()


class _DecisionSerializer(serializers.Serializer):
    event = serializers.CharField(source="event.slug")
    number = serializers.IntegerField()
    text = serializers.CharField()
    actions = _ActionSerializer(many=True)


class CouncilSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="administration.municipality.slug")
    administration = serializers.CharField(source="administration.name")
    members = serializers.SerializerMethodField()
    meetings = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Council
        fields = [
            "slug", "kind", "name", "municipality", "administration", "legal_basis",
            "basis_number", "basis_date", "purpose", "decision_making", "members", "meetings",
            "decisions", "url",
        ]  # fmt: skip

    @extend_schema_field(_MemberSerializer(many=True))
    def get_members(self, obj):
        return _MemberSerializer(obj.current_members, many=True).data

    @extend_schema_field(_MeetingSerializer(many=True))
    def get_meetings(self, obj):
        return _MeetingSerializer(obj.public_meetings, many=True).data

    @extend_schema_field(_DecisionSerializer(many=True))
    def get_decisions(self, obj):
        return _DecisionSerializer(
            [d for meeting in obj.public_meetings for d in meeting.event.public_decisions],
            many=True,
        ).data

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class CouncilViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Transparent coordination councils and working groups: current members with their
    positions, published meetings, and the decisions of their published minutes with actions."""

    serializer_class = CouncilSerializer
    lookup_field = "slug"

    def get_queryset(self):
        today = timezone.localdate()
        decisions = (
            Decision.objects.filter(minutes__status=Minutes.Status.PUBLISHED)
            .prefetch_related(
                Prefetch("actions", queryset=Action.objects.order_by("deadline", "pk"))
            )
            .select_related("event")
            .order_by("number")
        )
        meetings = (
            CouncilMeeting.objects.filter(
                event__status=Event.Status.PUBLISHED, event__is_listed=True
            )
            .select_related("event")
            .prefetch_related(
                Prefetch("event__decisions", queryset=decisions, to_attr="public_decisions")
            )
            .order_by("-event__starts_at")
        )
        return (
            Council.objects.filter(visibility=Council.Visibility.TRANSPARENT)
            .select_related("administration__municipality")
            .prefetch_related(
                Prefetch(
                    "members",
                    queryset=CouncilMember.objects.active(today)
                    .select_related("person", "organisation", "administration")
                    .order_by("position", "person__last_name", "pk"),
                    to_attr="current_members",
                ),
                Prefetch("meetings", queryset=meetings, to_attr="public_meetings"),
            )
            .order_by("name", "pk")
        )
