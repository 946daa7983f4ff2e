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


@register.filter
def html_datetime(value):
    """A ``<time datetime>`` value: the local date and time to the second with its offset
    (``2026-11-28T10:30:00+02:00``). Django's ``date:'c'`` adds microseconds, which HTML refuses;
    a date stays a date. Empty for no value, so templates can leave the attribute out."""
    import datetime

    from django.utils import timezone

    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
