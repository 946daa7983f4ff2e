from django import template
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language, for the language switcher (links work without JS)."""
    from django.conf import settings

    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {
            "code": code,
            "name": {"bg": "Български", "en": "English"}.get(code, name),
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


@register.filter
def machine_datetime(value):
    """ISO 8601 for ``<time datetime>``: whole seconds, with the time zone (``core.dates``)."""
    from partnerstvo.core.dates import machine_datetime as iso

    return iso(value)


@register.filter
def has_time(value) -> bool:
    """Whether a value is a moment (a datetime) rather than a day: ``{% if start|has_time %}``."""
    import datetime

    return isinstance(value, datetime.datetime)


@register.simple_tag(takes_context=True)
def site_url(context, site):
    """The home address of a Wagtail site, on the scheme and port this request came on:
    ``{% site_url website.site %}`` (see ``core.absolute_urls``)."""
    from partnerstvo.core.absolute_urls import site_root_url

    return site_root_url(site, context.get("request"))


@register.simple_tag(takes_context=True)
def portal_url(context, path):
    """A platform address (``/trainings/...``) as a link from any site: on the portal's host,
    with this request's scheme and port (see ``core.absolute_urls``)."""
    from partnerstvo.core.absolute_urls import portal_url as absolute

    return absolute(path, context.get("request"))


@register.simple_tag(takes_context=True)
def page_url(context, page_number):
    """The current list's URL for another page, keeping its filters."""
    request = context["request"]
    query = request.GET.copy()
    query["page"] = page_number
    return f"?{query.urlencode()}"


@register.inclusion_tag("includes/eu_visibility.html")
def eu_visibility():
    """The EU visibility block for web pages: ``{% eu_visibility %}``."""
    from partnerstvo.core.eu import visibility_context

    return visibility_context()


@register.inclusion_tag("includes/eu_visibility_pdf.html")
def eu_visibility_pdf():
    """The EU visibility block for PDF templates rendered by ``core.pdf.render_pdf``."""
    from partnerstvo.core.eu import visibility_context

    return visibility_context()


@register.simple_tag
def crumbs(*parts):
    """Breadcrumb items for the breadcrumbs and page_header components, from label and URL in
    turn (the last URL, the current page's, may be empty):
    ``{% crumbs _("Training calendar") calendar_url course.title "" as breadcrumbs %}``. The
    trail starts at the platform's home page."""
    from partnerstvo.core.navigation import platform_breadcrumbs

    return platform_breadcrumbs(*zip(parts[::2], parts[1::2], strict=False))
