from rest_framework import serializers

from partnerstvo.directory.models import AreaOfWork, Municipality, Oblast, Organisation


class OblastSerializer(serializers.ModelSerializer):
    class Meta:
        model = Oblast
        fields = ["code", "name", "name_en"]


class MunicipalitySerializer(serializers.ModelSerializer):
    oblast = OblastSerializer(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Municipality
        fields = ["code", "slug", "name", "name_en", "oblast", "in_programme", "url"]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class AreaOfWorkSerializer(serializers.ModelSerializer):
    class Meta:
        model = AreaOfWork
        fields = ["slug", "name", "name_en"]


class MunicipalityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["code", "slug", "name"]


class OrganisationSerializer(serializers.ModelSerializer):
    """The public profile of a CSO; contacts of its people are never part of the API."""

    seat = MunicipalityRefSerializer(read_only=True)
    municipalities = MunicipalityRefSerializer(many=True, read_only=True)
    areas = AreaOfWorkSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "slug", "name", "short_name", "legal_form", "eik", "benefit", "seat",
            "municipalities", "areas", "description", "email", "phone", "website",
            "in_programme", "url", "updated_at",
        ]  # fmt: skip

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class EventOrganiserSerializer(serializers.Serializer):
    """Who organises an event: a CSO (with its slug) or a municipal administration."""

    kind = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    slug = serializers.SerializerMethodField()

    def get_kind(self, obj) -> str:
        return "organisation" if obj.organisation_id else "administration"

    def get_name(self, obj) -> str:
        return obj.organisation.name if obj.organisation_id else obj.administration.name

    def get_slug(self, obj) -> str | None:
        return obj.organisation.slug if obj.organisation_id else None


class AgendaItemSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    title = serializers.CharField()
    speakers = serializers.CharField()
    description = serializers.CharField()


class EventSerializer(serializers.Serializer):
    """A published (or cancelled) event. The online link is for confirmed participants only and
    is never part of the API, nor are the registrations."""

    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    audience = serializers.CharField()
    format = serializers.CharField()
    municipality = MunicipalityRefSerializer(read_only=True, allow_null=True)
    venue = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    capacity = serializers.IntegerField(allow_null=True)
    registration = serializers.CharField()
    registration_closes_at = serializers.DateTimeField(allow_null=True)
    status = serializers.CharField()
    cancellation_reason = serializers.CharField()
    organisers = EventOrganiserSerializer(many=True, read_only=True)
    agenda = AgendaItemSerializer(many=True, read_only=True, source="agenda_items")
    url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url
