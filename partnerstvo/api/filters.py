import django_filters

from partnerstvo.directory.models import Municipality, Organisation


class MunicipalityFilter(django_filters.FilterSet):
    oblast = django_filters.CharFilter(field_name="oblast__code", label="Oblast code (e.g. PVN)")
    in_programme = django_filters.BooleanFilter()

    class Meta:
        model = Municipality
        fields = ["oblast", "in_programme"]


class OrganisationFilter(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        method="filter_municipality", label="Municipality code or slug (seat or place of action)"
    )
    oblast = django_filters.CharFilter(method="filter_oblast", label="Oblast code")
    area = django_filters.CharFilter(field_name="areas__slug", label="Area of work slug")
    legal_form = django_filters.ChoiceFilter(choices=Organisation.LegalForm.choices)
    in_programme = django_filters.BooleanFilter()
    search = django_filters.CharFilter(method="filter_search", label="Name, short name or EIK")

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
