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
