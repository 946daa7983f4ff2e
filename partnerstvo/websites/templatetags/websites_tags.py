from django import template
from django.utils.html import strip_tags

from partnerstvo.core.absolute_urls import portal_url
from partnerstvo.core.dates import machine_datetime
from partnerstvo.core.jsonld import json_ld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def json_ld(context, page, website):
    """schema.org description of the page: NGO (home), NewsArticle (news), Event (activities)."""
    from partnerstvo.websites.models import ActivitiesPage, CsoHomePage, NewsItemPage

    request = context["request"]
    if website is None:
        return ""
    organisation = website.organisation
    ngo = {
        "@type": "NGO",
        "name": organisation.name,
        "url": website.get_root_url(request),
        "address": {"@type": "PostalAddress", "addressLocality": organisation.seat.name,
                    "addressCountry": "BG"},
    }  # fmt: skip
    if organisation.eik:
        ngo["taxID"] = organisation.eik
    if website.contact_email:
        ngo["email"] = website.contact_email
    if website.social_links:
        ngo["sameAs"] = [url for _, url in website.social_links]
    graph = []
    if isinstance(page, CsoHomePage):
        graph.append(ngo)
    elif isinstance(page, NewsItemPage):
        article = {
            "@type": "NewsArticle",
            "headline": page.title[:110],
            "datePublished": machine_datetime(page.first_published_at or page.date),
            "dateModified": machine_datetime(
                page.last_published_at or page.first_published_at or page.date
            ),
            "description": page.lead,
            "publisher": ngo,
            "author": {"@type": "Organization", "name": organisation.name},
            "mainEntityOfPage": page.get_full_url(request),
        }
        if page.image_id:
            article["image"] = request.build_absolute_uri(
                page.image.get_rendition("fill-1200x630").url
            )
        graph.append(article)
    elif isinstance(page, ActivitiesPage):
        for item in context.get("contributions", []):
            if item.kind == "events" and item.date:
                graph.append({
                    "@type": "Event", "name": item.title, "startDate": machine_datetime(item.date),
                    "organizer": {"@type": "Organization", "name": organisation.name},
                    **({"url": portal_url(item.url, request)} if item.url else {}),
                })  # fmt: skip
    if not graph:
        return ""
    return json_ld_script({"@context": "https://schema.org", "@graph": graph})


@register.simple_tag(takes_context=True)
def og_description(context, page):
    text = getattr(page, "search_description", "") or getattr(page, "lead", "")
    if not text and getattr(page, "intro", ""):
        text = strip_tags(page.intro)
    return " ".join(text.split())[:200]


@register.simple_tag
def responsive_image(image, *, sizes: str, alt: str, widths: str = "480,800,1200"):
    """``{% srcset_image image width-{480,800,1200} %}``, without widths the original lacks.

    A rendition never upscales: ``width-1200`` of an 800-pixel image is 800 pixels wide, and the
    srcset would list ``800w`` twice, which HTML forbids. Each width is capped at the original's
    and repeats are dropped."""
    from wagtail.images.models import ResponsiveImage

    if not image:
        return ""
    usable = sorted({min(int(width), image.width) for width in widths.split(",")})
    renditions = image.get_renditions(*(f"width-{width}" for width in usable))
    return ResponsiveImage(renditions, attrs={"sizes": sizes, "alt": alt})


@register.simple_tag
def prefetched_image(image, spec: str, **attrs):
    """``{% image image spec attr=... %}`` for an image whose renditions were prefetched with it
    (the news cards): the rendition is taken from them. Wagtail's ``get_rendition`` also writes
    each rendition back to the renditions cache on every render, a cache round trip per card."""
    from wagtail.images.models import Filter

    rendition_filter = image.clean_filter_for_svg(Filter(spec=spec))
    rendition = image.find_existing_renditions(rendition_filter).get(rendition_filter)
    if rendition is None:
        rendition = image.get_rendition(rendition_filter)
    return rendition.img_tag(attrs)


@register.simple_tag
def card_image(image, *, alt: str = "", sizes: str = "(min-width: 60rem) 22rem, 100vw"):
    """A news card's picture: WebP renditions 480 and 960 wide as a ``srcset``, taken from the
    renditions fetched with the news (``selectors.NEWS_RENDITIONS``), lazily loaded."""
    from django.utils.html import format_html
    from wagtail.images.models import Filter

    from partnerstvo.websites.selectors import NEWS_RENDITIONS

    filters = [image.clean_filter_for_svg(Filter(spec=spec)) for spec in NEWS_RENDITIONS]
    found = image.find_existing_renditions(*filters)
    renditions = {}
    for rendition_filter in filters:  # a small original gives one width twice: HTML forbids it
        rendition = found.get(rendition_filter) or image.get_rendition(rendition_filter)
        renditions.setdefault(rendition.width, rendition)
    small = renditions[min(renditions)]
    srcset = ", ".join(f"{r.url} {width}w" for width, r in sorted(renditions.items()))
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy"'
        ' decoding="async">',
        small.url,
        srcset,
        sizes,
        small.width,
        small.height,
        alt,
    )


@register.simple_tag(takes_context=True)
def cso_breadcrumbs(context, page, parent=None):
    """The trail of a CSO page below the home page, for ``includes/components/breadcrumbs.html``:
    home, the section a news item sits in (``parent``, already in the context), the page."""
    from django.utils.translation import gettext

    if page is None or page.depth <= 2:
        return []
    items = [(gettext("Home"), "/")]
    if hasattr(parent, "get_url"):
        items.append((parent.title, parent.get_url(context.get("request"))))
    items.append((page.title, ""))
    return items


class ChromeCacheNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        from django.utils.safestring import mark_safe

        from partnerstvo.websites.caching import cached_fragment

        key = context.get("chrome_key")
        if not key:
            return self.nodelist.render(context)
        return mark_safe(  # noqa: S308 - HTML this template rendered
            cached_fragment(self.name, key, lambda: str(self.nodelist.render(context)))
        )


@register.tag
def chrome_cache(parser, token):
    """``{% chrome_cache "footer" %}…{% endchrome_cache %}``: a part of a CSO page that is the
    same on every page of the site (its header, its footer), rendered once per publication and
    then read from the cache under the page's ``chrome_key`` (``caching.chrome_key``), which
    anything that could change it replaces. Without a key (a preview), rendered every time. What
    it holds must depend only on the site, the language and the host, never on the page."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% chrome_cache %} takes one quoted name")
    nodelist = parser.parse(("endchrome_cache",))
    parser.delete_first_token()
    return ChromeCacheNode(nodelist, bits[1][1:-1])
