"""The consultations' part of the public API: ``/api/v1/consultations/`` (every published
consultation, with its documents, current sections and counts) and
``/api/v1/consultation-proposals/`` (the proposals, the author as consented; a hidden one without
its text; the answer once the справка is published).

Pagination, errors, permissions and the OpenAPI schema come from ``REST_FRAMEWORK`` in the
settings, the language and the public rate limit from ``views.RequestLanguageMixin``.
"""

from __future__ import annotations

import django_filters
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from partnerstvo.consultations.models import (
    Comment,
    Consultation,
    ConsultationDocument,
    DraftVersion,
)
from partnerstvo.consultations.selectors import status_filter
from partnerstvo.core.permissions import scope
from partnerstvo.directory.models import AreaOfWork

from .serializers import AreaOfWorkSerializer, MunicipalityRefSerializer
from .views import RequestLanguageMixin


def _absolute(serializer, url: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request else url


class _Document(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ConsultationDocument
        fields = ["kind", "title", "url"]

    def get_url(self, obj) -> str:
        return _absolute(self, obj.get_absolute_url())


class _Counts(serializers.Serializer):
    total = serializers.IntegerField()
    accepted = serializers.IntegerField()
    partly = serializers.IntegerField()
    not_accepted = serializers.IntegerField()
    unanswered = serializers.IntegerField()


class ConsultationSerializer(serializers.ModelSerializer):
    """A public consultation. ``proposals`` counts its proposals and their answers."""

    municipality = MunicipalityRefSerializer(source="administration.municipality", read_only=True)
    administration = serializers.CharField(source="administration.name", read_only=True)
    status = serializers.CharField(read_only=True)
    areas = AreaOfWorkSerializer(many=True, read_only=True)
    documents = _Document(many=True, read_only=True)
    current_version = serializers.SerializerMethodField()
    proposals = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    summary_url = serializers.SerializerMethodField()
    summary_csv_url = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "slug", "title", "kind", "status", "summary", "municipality", "administration",
            "responsible_name", "responsible_email", "responsible_phone", "target_groups",
            "areas", "starts_on", "ends_on", "short_period_reason", "documents",
            "current_version", "proposals", "summary_published_at", "adopted_on",
            "decision_number", "decision_date", "url", "summary_url", "summary_csv_url",
        ]  # fmt: skip

    def get_current_version(self, obj) -> int | None:
        versions = list(obj.versions.all())
        return versions[-1].number if versions else None

    @extend_schema_field(_Counts)
    def get_proposals(self, obj) -> dict:
        return {
            "total": obj.n_total,
            "accepted": obj.n_accepted,
            "partly": obj.n_partly,
            "not_accepted": obj.n_not_accepted,
            "unanswered": obj.n_unanswered,
        }

    def get_url(self, obj) -> str:
        return _absolute(self, obj.get_absolute_url())

    def get_summary_url(self, obj) -> str | None:
        if not obj.summary_published_at:
            return None
        return _absolute(self, reverse("consultations:summary-pdf", kwargs={"slug": obj.slug}))

    def get_summary_csv_url(self, obj) -> str | None:
        if not obj.summary_published_at:
            return None
        return _absolute(self, reverse("consultations:summary-csv", kwargs={"slug": obj.slug}))


class ConsultationFilter(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        method="filter_municipality", label=_("Municipality code or slug")
    )
    status = django_filters.ChoiceFilter(
        choices=Consultation.Status.choices, method="filter_status", label=_("Status")
    )
    kind = django_filters.ChoiceFilter(choices=Consultation.Kind.choices, label=_("Kind"))

    class Meta:
        model = Consultation
        fields = ["municipality", "status", "kind"]

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(
            Q(administration__municipality__code=value)
            | Q(administration__municipality__slug=value)
        )

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_filter(value))


class ConsultationViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Public consultations of the municipalities' draft acts and policies (ЗНА, чл. 26).
    Filter by ``municipality``, ``status`` and ``kind``."""

    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter
    lookup_field = "slug"

    def get_queryset(self):
        answer = Comment.Answer
        return (
            scope(self.request.user, "view", Consultation.objects.all())
            .select_related("administration__municipality")
            .prefetch_related(
                Prefetch("areas", queryset=AreaOfWork.objects.order_by("name")),
                Prefetch(
                    "documents",
                    queryset=ConsultationDocument.objects.select_related("consultation").order_by(
                        "pk"
                    ),
                ),
                Prefetch("versions", queryset=DraftVersion.objects.order_by("number")),
            )
            .annotate(
                n_total=Count("comments"),
                n_accepted=Count("comments", filter=Q(comments__answer=answer.ACCEPTED)),
                n_partly=Count("comments", filter=Q(comments__answer=answer.PARTLY)),
                n_not_accepted=Count("comments", filter=Q(comments__answer=answer.NOT_ACCEPTED)),
                n_unanswered=Count("comments", filter=Q(comments__answer="")),
            )
            .order_by("-starts_on", "-pk")
        )


class ProposalSerializer(serializers.ModelSerializer):
    """A proposal. ``author`` is an organisation's name, or a citizen's only if they agreed; a
    hidden proposal has no ``text`` but its ``hidden_reason``; ``answer`` and
    ``answer_reasons`` are published with the справка."""

    consultation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    section = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()
    author = serializers.CharField(source="public_author", read_only=True)
    text = serializers.SerializerMethodField()
    quote = serializers.SerializerMethodField()
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    answer = serializers.SerializerMethodField()
    answer_reasons = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id", "consultation", "version", "section", "quote", "text", "author", "channel",
            "incoming_number", "received_on", "created_at", "hidden", "hidden_reason", "answer",
            "answer_reasons",
        ]  # fmt: skip

    def get_section(self, obj) -> str | None:
        return obj.section.heading if obj.section_id else None

    def get_version(self, obj) -> int | None:
        return obj.section.version.number if obj.section_id else None

    def get_text(self, obj) -> str:
        return "" if obj.is_hidden else obj.text

    def get_quote(self, obj) -> str:
        return "" if obj.is_hidden else obj.quote

    def _answered(self, obj) -> bool:
        return bool(obj.consultation.summary_published_at)

    def get_answer(self, obj) -> str | None:
        return (obj.answer or None) if self._answered(obj) else None

    def get_answer_reasons(self, obj) -> str | None:
        return obj.answer_reasons if self._answered(obj) else None


class ProposalFilter(django_filters.FilterSet):
    consultation = django_filters.CharFilter(
        field_name="consultation__slug", label=_("Consultation slug")
    )

    class Meta:
        model = Comment
        fields = ["consultation"]


class ProposalViewSet(RequestLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Proposals on public consultations, with the answers of published справки. Filter by
    ``consultation`` (its slug)."""

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter

    def get_queryset(self):
        return (
            scope(self.request.user, "view", Comment.objects.all())
            .select_related("consultation", "section__version", "on_behalf_of")
            .order_by("consultation_id", "created_at", "pk")
        )
