"""What an uncached CSO page keeps between requests is never stale.

- Each process keeps the sites' root paths (``core.absolute_urls.SiteIndex.current``) under a token
  that every change to a site, a page move or a slug change replaces: a page's address follows a
  renamed host, a new site, a site given another root page, a move, and a renamed ancestor at once.
- A site's chrome (head links and colours, brand, footer, hero picture: ``{% chrome_cache %}``) is
  rendered once per publication and read back under the site's generation token: a change a
  visitor can see there shows on the next uncached page, and what is read back is what a fresh
  render gives.
"""

import pytest
from wagtail.models import Page, Site

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.websites import services
from partnerstvo.websites.models import CsoHomePage, NewsIndexPage, StandardPage

from .conftest import add_news

pytestmark = pytest.mark.django_db


def _news_index(website):
    return NewsIndexPage.objects.child_of(website.site.root_page).get()


def test_page_addresses_follow_every_change_to_the_sites(
    rf, iskar_site, go_site, django_capture_on_commit_callbacks
):
    def full_url(page):
        """The page's address in a link made while serving another host (a new request each
        time, as each visitor's)."""
        return Page.objects.get(pk=page.pk).specific.get_full_url(rf.get("/"))

    index = _news_index(iskar_site)
    assert full_url(index) == f"http://{iskar_site.site.hostname}/novini/"  # the index is built

    site = Site.objects.get(pk=iskar_site.site.pk)
    site.hostname = "preimenuvan.localhost"
    site.save()
    assert full_url(index) == ("http://preimenuvan.localhost/novini/")

    # A new site whose root is the news index: the index's own address is now that site's home.
    Site.objects.create(hostname="novini.localhost", port=80, root_page=index)
    assert full_url(index) == "http://novini.localhost/"

    # The go site given another root page: its old home is in no site any more.
    go_home = Page.objects.get(pk=go_site.site.root_page_id)
    other_root = Page.objects.get(depth=1).add_child(
        instance=CsoHomePage(title="Друг корен", slug="drug-koren")
    )
    go = Site.objects.get(pk=go_site.site.pk)
    go.root_page = other_root
    go.save()
    assert full_url(go_home) is None
    assert full_url(other_root) == f"http://{go.hostname}/"

    # A page moved under another site's root, and the slug of a page above another site's root.
    page = StandardPage(title="За нас", slug="za-nas")
    Page.objects.get(pk=iskar_site.site.root_page_id).add_child(instance=page)
    page.save_revision().publish()
    assert full_url(page) == "http://preimenuvan.localhost/za-nas/"
    Page.objects.get(pk=page.pk).move(other_root, pos="last-child")
    assert full_url(page) == f"http://{go.hostname}/za-nas/"

    index = Page.objects.get(pk=index.pk).specific
    index.slug = "vsichki-novini"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals it on commit
        index.save_revision().publish()
    news = add_news(iskar_site, "Под новия адрес")
    assert full_url(news).startswith("http://novini.localhost/")


def test_a_site_added_in_another_process_is_seen_here(iskar_site, go_site):
    """A change made elsewhere (no signal here) replaces the shared token; this process's index,
    built before it, is not used after it."""
    from django.core.cache import cache

    from partnerstvo.core.absolute_urls import SITES_TOKEN_KEY, SiteIndex

    before = SiteIndex.current()
    assert SiteIndex.current() is before  # kept between requests
    cache.delete(SITES_TOKEN_KEY)  # as a signal in another process replaces it
    assert SiteIndex.current() is not before


def _page(client, host, website, path="/"):
    response = client.get(path, **host(website))
    assert response.status_code == 200
    return response.content.decode()


def test_the_chrome_read_back_is_what_a_fresh_render_gives(client, settings, iskar_site, host):
    from partnerstvo.core.cache import cache_clear_own_keys

    settings.PARTNERSTVO_PAGE_CACHE = False
    add_news(iskar_site, "Новина")
    paths = ["/", _news_index(iskar_site).relative_url(iskar_site.site)]
    for path in paths:
        cache_clear_own_keys()
        fresh = _page(client, host, iskar_site, path)
        assert _page(client, host, iskar_site, path) == fresh  # its chrome from the cache
    # One page's chrome serves the others: the footer of the index, read back after the home
    # page stored it, is the same.
    cache_clear_own_keys()
    _page(client, host, iskar_site, paths[0])
    index = _page(client, host, iskar_site, paths[1])
    cache_clear_own_keys()
    assert _page(client, host, iskar_site, paths[1]) == index


def test_the_chrome_follows_what_is_published_and_changed(client, settings, iskar_site, host):
    settings.PARTNERSTVO_PAGE_CACHE = False
    index_path = _news_index(iskar_site).relative_url(iskar_site.site)
    assert "Нов раздел" not in _page(client, host, iskar_site)
    assert "Нов раздел" not in _page(client, host, iskar_site, index_path)

    section = StandardPage(title="Нов раздел", slug="nov-razdel", show_in_menus=True)
    Page.objects.get(pk=iskar_site.site.root_page_id).add_child(instance=section)
    section.save_revision().publish()
    body = _page(client, host, iskar_site, index_path)
    assert body.count('href="/nov-razdel/"') == 2  # the menu and the footer

    services.website_update(
        actor=SYSTEM,
        website=iskar_site,
        data={"contact_email": "novo@iskar.example", "facebook_url": "https://facebook.com/x"},
    )
    body = _page(client, host, iskar_site, index_path)
    assert "mailto:novo@iskar.example" in body and "https://facebook.com/x" in body

    site = Site.objects.get(pk=iskar_site.site.pk)
    site.site_name = "Ново име на сайта"
    site.save()
    assert "<span>Ново име на сайта</span>" in _page(client, host, iskar_site)


def test_a_preview_never_uses_or_stores_the_chrome(rf, iskar_site):
    from django.contrib.auth.models import AnonymousUser

    from partnerstvo.websites.caching import chrome_key

    request = rf.get("/", HTTP_HOST=iskar_site.site.hostname)
    request.user = AnonymousUser()
    assert chrome_key(request, iskar_site.site.pk)
    request.is_preview = True
    assert chrome_key(request, iskar_site.site.pk) is None
