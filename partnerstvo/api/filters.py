import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partnerstvo.directory.models import Municipality, Organisation
from partnerstvo.events.models import Event


class UtcIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 moment, turned into UTC before it reaches the database: PostgreSQL refuses
    offsets beyond ±15:59 that Python accepts (``+18:47``), which was a server error, and a
    moment that UTC cannot hold (year 1 east of Greenwich) is an error of the parameter."""

    default_error_messages = {
        "out_of_range": _("Enter a date and time between the years 2 and 9998.")
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except (OverflowError, ValueError) as error:
            raise ValidationError(
                self.error_messages["out_of_range"], code="out_of_range"
            ) from error


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class StrictBooleanField(forms.NullBooleanField):
    """``true``/``false`` (or ``1``/``0``), any case; anything else is an error.

    Django's ``NullBooleanField`` turns an unknown value into "no filter", so
    ``?in_programme=maybe`` silently answered everything.
    """

    widget = forms.TextInput  # NullBooleanSelect would also map unknown values to None
    default_error_messages = {"invalid": _("Enter “true” or “false”, not “%(value)s”.")}
    values = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.values[str(value).lower()]
        except KeyError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


IN_PROGRAMME = _("Taking part in the programme: true or false")


class MunicipalityFilter(django_filters.FilterSet):
    oblast = django_filters.CharFilter(field_name="oblast__code", label=_("Oblast code (e.g. PVN)"))
    in_programme = StrictBooleanFilter(label=IN_PROGRAMME)

    class Meta:
        model = Municipality
        fields = ["oblast", "in_programme"]


class OrganisationFilter(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        method="filter_municipality",
        label=_("Municipality code or slug (seat or place of action)"),
    )
    oblast = django_filters.CharFilter(method="filter_oblast", label=_("Oblast code"))
    area = django_filters.CharFilter(field_name="areas__slug", label=_("Area of work slug"))
    legal_form = django_filters.ChoiceFilter(choices=Organisation.LegalForm.choices)
    in_programme = StrictBooleanFilter(label=IN_PROGRAMME)
    search = django_filters.CharFilter(method="filter_search", label=_("Name, short name or EIK"))

    class Meta:
        model = Organisation
        fields = ["municipality", "oblast", "area", "legal_form", "in_programme", "search"]

    def filter_municipality(self, queryset, name, value):
        municipality = Municipality.objects.filter(code=value).first() or (
            Municipality.objects.filter(slug=value).first()
        )
        if municipality is None:
            return queryset.none()
        from partnerstvo.directory.selectors import organisation_list

        return queryset.filter(
            pk__in=organisation_list(user=self.request.user, municipality=municipality).values("pk")
        )

    def filter_oblast(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(seat__oblast__code=value) | Q(municipalities__oblast__code=value)
        ).distinct()

    def filter_search(self, queryset, name, value):
        from django.db.models import Q

        from partnerstvo.core.validators import eik_search_prefix

        for term in value.split()[:8]:
            condition = Q(name__icontains=term) | Q(short_name__icontains=term)
            eik_prefix = eik_search_prefix(term)
            if eik_prefix:
                condition |= Q(eik__startswith=eik_prefix)
            queryset = queryset.filter(condition)
        return queryset


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices)
    # Not ``format``: DRF reads that parameter as the response format (``?format=json``).
    event_format = django_filters.ChoiceFilter(
        field_name="format", choices=Event.Format.choices, label=_("In person, online or hybrid")
    )
    status = django_filters.ChoiceFilter(
        choices=[
            (Event.Status.PUBLISHED, Event.Status.PUBLISHED.label),
            (Event.Status.CANCELLED, Event.Status.CANCELLED.label),
        ]
    )
    municipality = django_filters.CharFilter(
        method="filter_municipality", label=_("Municipality code or slug")
    )
    oblast = django_filters.CharFilter(
        field_name="municipality__oblast__code", label=_("Oblast code")
    )
    organisation = django_filters.CharFilter(
        field_name="organisers__organisation__slug", label=_("Organising CSO's slug")
    )
    starts_after = UtcIsoDateTimeFilter(
        field_name="starts_at", lookup_expr="gte", label=_("Starting at or after (ISO 8601)")
    )
    starts_before = UtcIsoDateTimeFilter(
        field_name="starts_at", lookup_expr="lt", label=_("Starting before (ISO 8601)")
    )

    class Meta:
        model = Event
        fields = [
            "kind", "event_format", "status", "municipality", "oblast", "organisation",
            "starts_after", "starts_before",
        ]  # fmt: skip

    def filter_municipality(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(municipality__code=value) | Q(municipality__slug=value))
