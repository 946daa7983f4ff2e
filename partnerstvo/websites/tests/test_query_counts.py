"""SQL per uncached CSO page: a fixed figure with realistic content, the same at 10× the content.

Each page is rendered once first (creating its image renditions, as the first visitor after a
publish does), then measured with the page cache off, so the figure is what every uncached render
costs. The figures are exact: a change that adds a query per news item, image, tag or partner
fails at the larger size, and one that adds a fixed query fails at both.
"""

import re

import pytest
from taggit.models import Tag

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory import services as directory
from partnerstvo.websites.models import (
    ActivitiesPage,
    CsoHomePage,
    DocumentsPage,
    NewsIndexPage,
    NewsItemPage,
    PartnershipsPage,
    ProjectIndexPage,
)

from .conftest import add_news, make_image

pytestmark = pytest.mark.django_db

# Uncached page → SQL queries, at every content size.
# The site's sections (menu, feeds) come from the cache once the site has been rendered since its
# last publication (``selectors.website_sections``), as on every render but the first.
EXPECTED = {
    "home": 7,
    "news_index": 9,
    "news_item": 7,
    "projects": 7,
    "partnerships": 7,
    "activities": 6,
    "documents": 8,
}


def _partners(count, seat):
    from partnerstvo.directory.tests.factories import organisation_data, valid_eik

    return [
        directory.organisation_create(
            actor=SYSTEM,
            data=organisation_data(
                name=f"Партньор {n}", short_name=f"П{n}", seat=seat, eik=valid_eik(100 + n)
            ),
        )
        for n in range(count)
    ]


def _build(website, size, seat):
    """A site with a logo and header image, ``4 * size`` news with images and two tags each,
    ``size`` partners on the home page."""
    website.logo = make_image(website, "Лого", (96, 96))
    website.header_image = make_image(website, "Заглавна", (320, 120))
    website.save()
    home = CsoHomePage.objects.get(pk=website.site.root_page_id)
    home.partners.set(_partners(size, seat))
    home.save_revision().publish()
    tags = [Tag.objects.get_or_create(name=f"етикет {n}", slug=f"tag-{n}")[0] for n in range(4)]
    news = None
    for n in range(4 * size):
        news = add_news(
            website, f"Новина {n}", days_ago=n, image=make_image(website, f"Снимка {n}")
        )
        news.tags.add(tags[n % 4], tags[(n + 1) % 4])
        news.save_revision().publish()
    return news


def _paths(website, news):
    root = website.site.root_page

    def url(model):
        return model.objects.child_of(root).get().url

    return {
        "home": "/",
        "news_index": url(NewsIndexPage),
        "news_item": news.url,
        "projects": url(ProjectIndexPage),
        "partnerships": url(PartnershipsPage),
        "activities": url(ActivitiesPage),
        "documents": url(DocumentsPage),
    }


@pytest.mark.parametrize("size", [1, 10])
@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_uncached_page_queries_are_constant(
    client, settings, iskar_site, dolna_mitropolia, host, django_assert_num_queries, size, page
):
    news = _build(iskar_site, size, dolna_mitropolia)
    path = _paths(iskar_site, news)[page]
    settings.PARTNERSTVO_PAGE_CACHE = False
    assert client.get(path, **host(iskar_site)).status_code == 200  # renditions are made once
    with django_assert_num_queries(EXPECTED[page]):
        response = client.get(path, **host(iskar_site))
    assert response.status_code == 200
    if page == "home":
        assert response.content.count(b'class="card news-card"') == 4
        partners = re.findall(r"class=\"partner__name\">Партньор \d+ \(", response.content.decode())
        assert len(partners) == size
    if page == "news_item":
        assert response.content.count(b"/tag/") == 2
    if page == "news_index":
        assert response.content.count(b'class="card news-card"') == min(4 * size, 12)


def test_view_restrictions_in_one_query_agree_with_wagtail(
    iskar_site, go_site, django_assert_num_queries
):
    """The one-query ``get_view_restrictions`` gives Wagtail's answer on every CSO page, an alias
    among them (each page of its lineage counts as its source page)."""
    from wagtail.models import Page, PageViewRestriction

    news = add_news(iskar_site, "Вътрешна")
    index = NewsIndexPage.objects.child_of(iskar_site.site.root_page).get()
    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="таен"
    )
    other_index = NewsIndexPage.objects.child_of(go_site.site.root_page).get()
    PageViewRestriction.objects.create(page=other_index, restriction_type="login")
    alias = news.create_alias(parent=other_index)
    from partnerstvo.websites.models import CsoPage

    pages = [page.specific for page in Page.objects.filter(depth__gte=2)]
    pages = [page for page in pages if isinstance(page, CsoPage)]
    assert alias.pk in {page.pk for page in pages}
    for page in pages:
        with django_assert_num_queries(1):
            ours = set(page.get_view_restrictions())
        assert ours == set(Page.get_view_restrictions(page)), page
    assert {r.page_id for r in alias.specific.get_view_restrictions()} == {other_index.pk}


def test_routing_in_one_query_agrees_with_wagtail(rf, iskar_site):
    """Deep paths routed in one query land where Wagtail's own routing lands: the page, a route of
    the news index that shadows a child's slug, a tag page, a 404."""
    from django.http import Http404
    from wagtail.models import Page

    news = add_news(iskar_site, "Новина")
    shadowed = add_news(iskar_site, "RSS")
    shadowed.slug = "rss"
    shadowed.save_revision().publish()
    draft = add_news(iskar_site, "Чернова", publish=False)
    home = CsoHomePage.objects.get(pk=iskar_site.site.root_page_id)
    index = NewsIndexPage.objects.child_of(home).get()

    def outcome(route, components):
        request = rf.get("/", HTTP_HOST=iskar_site.site.hostname)
        try:
            page, args, kwargs = route(request, components)
        except Http404:
            return "404"
        view = args[0].__name__ if args else None
        return type(page), page.pk, view, args[1:], kwargs

    paths = [
        [index.slug, news.slug],
        [index.slug, "rss"],
        [index.slug, "tag", "edno"],
        [index.slug, draft.slug],
        [index.slug, "nyama"],
        ["nyama", news.slug],
        [index.slug, news.slug, "po-nadolu"],
    ]
    draft.unpublish()
    results = {}
    for components in paths:
        ours = outcome(home.route, components)
        assert ours == outcome(lambda r, c: Page.route(home, r, c), components), components
        results["/".join(components)] = ours
    at = f"{index.slug}/"
    assert results[at + news.slug][:2] == (NewsItemPage, news.pk)
    assert results[at + "rss"][2] == "rss_route"
    assert results[at + "tag/edno"][2] == "tag_route"
    assert results[at + draft.slug] == results[at + "nyama"] == "404"


def test_news_cards_render_wagtails_image_tag_without_cache_writes(
    client, settings, iskar_site, dolna_mitropolia, host, monkeypatch
):
    """The cards show what ``{% image %}`` shows, from the prefetched renditions, without writing
    each one back to the renditions cache on every render."""
    from wagtail.images import get_image_model

    _build(iskar_site, 1, dolna_mitropolia)
    settings.PARTNERSTVO_PAGE_CACHE = False
    client.get("/", **host(iskar_site))
    rendition_model = get_image_model().get_rendition_model()
    written = []
    backend = rendition_model.cache_backend
    original = backend.set
    monkeypatch.setattr(backend, "set", lambda key, value, *a, **k: written.append(value))
    html = client.get("/", **host(iskar_site)).content.decode()
    monkeypatch.setattr(backend, "set", original)
    from partnerstvo.websites.selectors import NEWS_RENDITIONS

    cards = [r for r in written if r.filter_spec in NEWS_RENDITIONS]
    assert cards == []
    for item in NewsItemPage.objects.live().descendant_of(iskar_site.site.root_page):
        small, large = (item.image.get_rendition(spec) for spec in NEWS_RENDITIONS)
        widths = {large.width: large, small.width: small}  # one per width (the smaller kept)
        srcset = ", ".join(f"{r.url} {w}w" for w, r in sorted(widths.items()))
        assert f'src="{small.url}" srcset="{srcset}"' in html
        assert large.url.endswith(".webp")
