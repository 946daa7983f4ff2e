"""Reads of the directory. Querysets come back with their relations already joined."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from partnerstvo.core.permissions import scope
from partnerstvo.core.validators import eik_search_prefix

from .models import (
    Administration,
    AdministrationUnit,
    AreaOfWork,
    Municipality,
    Oblast,
    Organisation,
    OrganisationMembership,
)


def oblast_list_with_municipalities() -> QuerySet[Oblast]:
    return Oblast.objects.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
    ).order_by("name")


def municipality_get_for_page(*, slug: str) -> Municipality:
    return Municipality.objects.select_related("oblast").get(slug=slug)


def municipality_administration(*, municipality: Municipality) -> Administration | None:
    return (
        Administration.objects.filter(municipality=municipality)
        .prefetch_related(
            Prefetch(
                "units",
                queryset=AdministrationUnit.objects.filter(parent__isnull=True)
                .prefetch_related("children")
                .order_by("name"),
                to_attr="top_units",
            )
        )
        .first()
    )


def organisation_list(
    *,
    user,
    search: str = "",
    oblast: Oblast | None = None,
    municipality: Municipality | None = None,
    area: AreaOfWork | None = None,
    legal_form: str = "",
    in_programme: bool | None = None,
) -> QuerySet[Organisation]:
    """Organisations the user may see, filtered. A municipality matches seat or places of action."""
    queryset = scope(user, "view", Organisation.objects.all())
    if search:
        terms = search.split()[:8]
        for term in terms:
            condition = (
                Q(name__icontains=term) | Q(short_name__icontains=term) | Q(slug__icontains=term)
            )
            eik_prefix = eik_search_prefix(term)
            if eik_prefix:
                condition |= Q(eik__startswith=eik_prefix)
            queryset = queryset.filter(condition)
    if municipality is not None:
        queryset = queryset.filter(
            Q(seat=municipality)
            | Q(
                pk__in=Organisation.municipalities.through.objects.filter(
                    municipality=municipality
                ).values("organisation_id")
            )
        )
    elif oblast is not None:
        queryset = queryset.filter(
            Q(seat__oblast=oblast)
            | Q(
                pk__in=Organisation.municipalities.through.objects.filter(
                    municipality__oblast=oblast
                ).values("organisation_id")
            )
        )
    if area is not None:
        queryset = queryset.filter(
            pk__in=Organisation.areas.through.objects.filter(areaofwork=area).values(
                "organisation_id"
            )
        )
    if legal_form:
        queryset = queryset.filter(legal_form=legal_form)
    if in_programme is not None:
        queryset = queryset.filter(in_programme=in_programme)
    return queryset.select_related("seat", "seat__oblast").order_by("name", "pk")


def organisation_get_for_page(*, user, slug: str) -> Organisation:
    """One organisation for its public page; ``Organisation.DoesNotExist`` if unseen."""
    return (
        scope(user, "view", Organisation.objects.all())
        .select_related("seat", "seat__oblast")
        .prefetch_related("areas", "municipalities")
        .get(slug=slug)
    )


def organisation_members(*, organisation: Organisation) -> QuerySet[OrganisationMembership]:
    return (
        OrganisationMembership.objects.active()
        .filter(organisation=organisation)
        .select_related("person")
        .order_by("role", "person__last_name", "person__first_name")
    )


def municipality_counts() -> dict:
    return Municipality.objects.aggregate(
        total=Count("pk"), in_programme=Count("pk", filter=Q(in_programme=True))
    )


def programme_oblasts() -> QuerySet[Oblast]:
    """The oblasts with municipalities in the programme, each with those municipalities (as
    ``programme_municipalities``) and the number of public CSOs seated in each: two queries."""
    municipalities = (
        Municipality.objects.filter(in_programme=True)
        .annotate(
            organisation_count=Count(
                "seated_organisations", filter=Q(seated_organisations__is_public=True)
            )
        )
        .order_by("name")
    )
    return (
        Oblast.objects.filter(municipalities__in_programme=True)
        .distinct()
        .prefetch_related(
            Prefetch("municipalities", queryset=municipalities, to_attr="programme_municipalities")
        )
        .order_by("name")
    )
