"""Views of CSO sites beyond Wagtail's own page serving: the contact form, per-site sitemaps."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from partnerstvo.core.forms import form_add_service_errors
from partnerstvo.core.ratelimit import rate_count, rate_key

from .forms import ContactForm
from .selectors import website_for_request
from .services import contact_message_create

RATE_LIMIT = 5  # messages per visitor and site
RATE_WINDOW = datetime.timedelta(hours=1)


def contact_page_serve(page, request, serve, *args, **kwargs):
    website = website_for_request(request)
    if request.method == "POST" and website is not None:
        form = ContactForm(request.POST)
        if form.is_valid():
            # Counted in the database for the trusted client address, so neither a forged
            # X-Forwarded-For nor another app server starts the count again.
            sent = rate_count(key=rate_key(request, f"contact|{website.pk}"), window=RATE_WINDOW)
            if sent > RATE_LIMIT:
                form.add_error(None, _("You have sent several messages already; try again later."))
            elif form.is_spam():
                return _thank(request, page)
            else:
                data = {k: form.cleaned_data[k] for k in ("name", "email", "subject", "message")}
                try:
                    contact_message_create(website=website, data=data)
                except ValidationError as error:
                    form_add_service_errors(form, error)
                else:
                    return _thank(request, page)
        request.contact_form = form
        response = serve(request, *args, **kwargs)
        response.status_code = 400 if form.errors else response.status_code
        return response
    request.contact_form = ContactForm()
    return serve(request, *args, **kwargs)


def _thank(request, page):
    messages.success(request, page.thank_you or _("Thank you. Your message has been sent."))
    # Relative to this request's own origin (page.url alone could name another port).
    return redirect(page.get_url(request))


def _sitemaps_for(request, portal_sitemaps: dict) -> dict:
    """A CSO host lists its own pages only; the portal host lists the portal and the directory."""
    from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

    if website_for_request(request) is not None:
        return {"pages": WagtailSitemap}
    return portal_sitemaps


def sitemap_index(request, *, sitemaps: dict):
    # Wagtail's views hand the request to its sitemap, which lists the request's site only.
    from wagtail.contrib.sitemaps import views as wagtail_sitemap_views

    return wagtail_sitemap_views.index(request, sitemaps=_sitemaps_for(request, sitemaps))


def sitemap_section(request, section, *, sitemaps: dict):
    from django.http import Http404
    from wagtail.contrib.sitemaps import views as wagtail_sitemap_views

    chosen = _sitemaps_for(request, sitemaps)
    if section not in chosen:
        raise Http404
    return wagtail_sitemap_views.sitemap(request, sitemaps=chosen, section=section)


def website_list(request):
    """All online CSO websites, paginated (the portal links here)."""
    from django.core.paginator import Paginator
    from django.shortcuts import render

    from .selectors import public_website_list

    query = (request.GET.get("q") or "").strip()[:100]
    websites = public_website_list()
    if query:
        websites = websites.filter(organisation__name__icontains=query)
    page = Paginator(websites, 48).get_page(request.GET.get("page"))
    return render(request, "websites/website_list.html", {"page_obj": page, "q": query})
