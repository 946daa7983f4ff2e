"""Public pages of the directory: thin views over selectors."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from partnerstvo.core.jsonld import json_for_script
from partnerstvo.core.navigation import platform_breadcrumbs
from partnerstvo.core.permissions import user_can

from . import selectors
from .forms import OrganisationFilterForm
from .models import Municipality, Organisation

ORGANISATIONS_PER_PAGE = 24
MEMBERS_SHOWN = 100


def municipality_list(request):
    return render(
        request,
        "directory/municipality_list.html",
        {"oblasts": selectors.oblast_list_with_municipalities()},
    )


def municipality_detail(request, slug):
    try:
        municipality = selectors.municipality_get_for_page(slug=slug)
    except Municipality.DoesNotExist as error:
        raise Http404 from error
    organisations = selectors.organisation_list(user=request.user, municipality=municipality)
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/municipality_detail.html",
        {
            "municipality": municipality,
            "administration": selectors.municipality_administration(municipality=municipality),
            "page_obj": page,
            "breadcrumbs": platform_breadcrumbs(
                (_("Municipalities"), reverse("directory:municipality-list")),
                (municipality.display_name, ""),
            ),
        },
    )


def organisation_list(request):
    form = OrganisationFilterForm(request.GET)
    organisations = selectors.organisation_list(user=request.user, **form.filters())
    # The cards show each organisation's areas of work: one query for the page's organisations.
    organisations = organisations.prefetch_related("areas")
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/organisation_list.html",
        {"form": form, "page_obj": page, "querystring": query.urlencode()},
    )


def organisation_detail(request, slug):
    try:
        organisation = selectors.organisation_get_for_page(user=request.user, slug=slug)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    members = None
    if user_can(request.user, "view_private", organisation):
        members = selectors.organisation_members(organisation=organisation)[:MEMBERS_SHOWN]
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "members": members,
            "can_edit": user_can(request.user, "change", organisation),
            "breadcrumbs": platform_breadcrumbs(
                (_("Organisations"), reverse("directory:organisation-list")),
                (organisation.name, ""),
            ),
            "json_ld": organisation_json_ld(request, organisation),
        },
    )


def organisation_json_ld(request, organisation: Organisation) -> str:
    """schema.org ``NGO`` description of the organisation, escaped for a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "NGO",
        "name": organisation.name,
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": organisation.seat.name,
            "addressRegion": organisation.seat.oblast.name,
            "addressCountry": "BG",
            **({"streetAddress": organisation.address} if organisation.address else {}),
        },
    }
    if organisation.short_name:
        data["alternateName"] = organisation.short_name
    if organisation.eik:
        data["taxID"] = organisation.eik
    if organisation.email:
        data["email"] = organisation.email
    if organisation.website:
        data["sameAs"] = [organisation.website]
    if organisation.description:
        data["description"] = organisation.description
    return json_for_script(data)
