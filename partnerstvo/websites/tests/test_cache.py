"""The page cache is never wrong: every change a visitor could see purges the site's cached pages.

Each test: an anonymous visitor fetches a page (and it is cached), the change is made through the
real admin or service, and the next anonymous fetch shows the change.
"""

import pytest
from wagtail.models import Page, PageViewRestriction

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory import services as directory
from partnerstvo.websites import services
from partnerstvo.websites.models import NewsIndexPage

from .conftest import add_news


@pytest.fixture
def superuser(db):
    from conftest import make_user

    user = make_user("root@example.bg", "Главен", "Администратор")
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def cached(client, host):
    """Fetch a page twice as an anonymous visitor; the second answer comes from the cache."""

    def fetch(website, path):
        client.get(path, **host(website))
        response = client.get(path, **host(website))
        assert response["X-Cache"] == "HIT", path
        return response

    return fetch


def _admin(client_class, user):
    admin = client_class()
    admin.force_login(user)
    return admin


def test_making_a_page_private_in_the_admin_purges_it(client, iskar_site, host, cached, superuser):
    news = add_news(iskar_site, "Вътрешна новина")
    path = news.relative_url(iskar_site.site)
    assert cached(iskar_site, path).status_code == 200
    admin = _admin(type(client), superuser)
    response = admin.post(
        f"/admin/pages/{news.pk}/privacy/", {"restriction_type": "login", "groups": []}
    )
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=news).exists()
    response = client.get(path, **host(iskar_site))
    assert response.status_code == 302  # to the login page, not the cached article
    assert "Вътрешна новина" not in response.content.decode()


def test_privacy_on_a_section_purges_the_pages_below_it(client, iskar_site, host, cached):
    news = add_news(iskar_site, "Новина под раздела")
    path = news.relative_url(iskar_site.site)
    cached(iskar_site, path)
    index = NewsIndexPage.objects.descendant_of(iskar_site.site.root_page).get()
    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="таен"
    )
    response = client.get(path, **host(iskar_site))
    assert "X-Cache" not in response  # Wagtail's password form, not the cached article
    assert "Подробности." not in response.content.decode()
    restriction.delete()
    response = client.get(path, **host(iskar_site))
    assert response.status_code == 200 and "Новина под раздела" in response.content.decode()


def test_moving_a_page_in_the_admin_purges_both_sites(
    client, iskar_site, go_site, host, cached, superuser
):
    news = add_news(iskar_site, "Преместена новина")
    old_path = news.relative_url(iskar_site.site)
    cached(iskar_site, old_path)
    cached(go_site, "/")
    go_news = NewsIndexPage.objects.descendant_of(go_site.site.root_page).get()
    admin = _admin(type(client), superuser)
    response = admin.post(f"/admin/pages/{news.pk}/move/{go_news.pk}/confirm/")
    assert response.status_code == 302
    assert Page.objects.get(pk=news.pk).get_parent().pk == go_news.pk
    assert client.get(old_path, **host(iskar_site)).status_code == 404
    assert "Преместена новина" in client.get("/", **host(go_site)).content.decode()


def test_unpublishing_and_deleting_in_the_admin_purge_the_site(
    client, iskar_site, host, cached, superuser
):
    first = add_news(iskar_site, "Първа")
    second = add_news(iskar_site, "Втора")
    first_path, second_path = (p.relative_url(iskar_site.site) for p in (first, second))
    cached(iskar_site, first_path)
    cached(iskar_site, second_path)
    admin = _admin(type(client), superuser)
    assert admin.post(f"/admin/pages/{first.pk}/unpublish/").status_code == 302
    assert client.get(first_path, **host(iskar_site)).status_code == 404
    assert admin.post(f"/admin/pages/{second.pk}/delete/").status_code == 302
    assert not Page.objects.filter(pk=second.pk).exists()
    assert client.get(second_path, **host(iskar_site)).status_code == 404


def test_changing_the_site_in_wagtails_sites_screen_purges_it(
    client, iskar_site, host, cached, superuser
):
    cached(iskar_site, "/")
    site = iskar_site.site
    admin = _admin(type(client), superuser)
    response = admin.post(
        f"/admin/sites/edit/{site.pk}/",
        {
            "hostname": site.hostname, "port": 80, "site_name": "Ново име на сайта",
            "root_page": site.root_page_id,
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.get("/", **host(iskar_site))
    assert response["X-Cache"] == "MISS"


def test_website_settings_and_the_csos_profile_purge_its_site(
    client, iskar_site, host, cached, coordinator
):
    cached(iskar_site, "/")
    services.website_update(
        actor=coordinator, website=iskar_site, data={"contact_phone": "+359 88 123 4567"}
    )
    assert "+359 88 123 4567" in client.get("/", **host(iskar_site)).content.decode()
    cached(iskar_site, "/")
    directory.organisation_update(
        actor=SYSTEM,
        organisation=iskar_site.organisation,
        data={"description": "Съвсем ново описание на сдружението."},
    )
    response = client.get("/", **host(iskar_site))
    assert response["X-Cache"] == "MISS"


def test_turning_a_site_off_purges_it(client, iskar_site, host, cached, coordinator):
    cached(iskar_site, "/")
    services.website_disable(actor=coordinator, website=iskar_site)
    assert client.get("/", **host(iskar_site)).status_code != 200


@pytest.fixture
def areas_contributor():
    """A contributor that reads a model of another app, declared as its source."""
    from django.db.models.signals import post_delete, post_save

    from partnerstvo.core.contributions import Contribution, register, unregister
    from partnerstvo.directory.models import AreaOfWork

    def events(organisation, *, limit):
        return [Contribution("events", f"Среща за {area.name}", None) for area in
                AreaOfWork.objects.all()[:limit]]  # fmt: skip

    register("events", sources=(AreaOfWork,))(events)
    yield AreaOfWork
    unregister("events", events)
    for signal in (post_save, post_delete):
        signal.disconnect(sender=AreaOfWork, dispatch_uid="contributions-directory.AreaOfWork")


def test_a_change_in_a_contributing_app_purges_every_site(
    client, iskar_site, go_site, host, cached, areas_contributor
):
    cached(iskar_site, "/deynosti/")
    cached(go_site, "/deynosti/")
    areas_contributor.objects.create(name="Пчеларство", slug="pchelarstvo")
    for website in (iskar_site, go_site):
        response = client.get("/deynosti/", **host(website))
        assert "Среща за Пчеларство" in response.content.decode()


def test_contributions_read_once_are_fresh_after_a_change_in_their_source(
    client, settings, iskar_site, host, areas_contributor
):
    """The contributions a site shows are kept in the cache (a page rendered after a news item is
    published does not read every other app again), under the token their sources replace."""
    settings.PARTNERSTVO_PAGE_CACHE = False
    areas_contributor.objects.create(name="Пчеларство", slug="pchelarstvo")
    assert "Среща за Пчеларство" in client.get("/deynosti/", **host(iskar_site)).content.decode()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get("/deynosti/", **host(iskar_site))
    assert not any("directory_areaofwork" in query["sql"] for query in context.captured_queries)
    areas_contributor.objects.create(name="Лозарство", slug="lozarstvo")
    response = client.get("/deynosti/", **host(iskar_site)).content.decode()
    assert "Среща за Пчеларство" in response and "Среща за Лозарство" in response


def test_a_publish_under_a_stale_site_cache_purges_every_site_instead_of_failing(
    client, iskar_site, go_site, host, cached
):
    """Wagtail's cached site root paths can name a site that is gone (a database restored under a
    shared Redis): publishing must not fail on it, and no cached page may survive."""
    from django.core.cache import cache
    from wagtail.models.sites import (
        SITE_ROOT_PATHS_CACHE_KEY,
        SITE_ROOT_PATHS_CACHE_VERSION,
        SiteRootPath,
    )

    cached(go_site, "/")
    root = iskar_site.site.root_page
    stale = [SiteRootPath(987654, root.url_path, "http://gone.localhost", "bg")]
    cache.set(SITE_ROOT_PATHS_CACHE_KEY, stale, 3600, version=SITE_ROOT_PATHS_CACHE_VERSION)
    add_news(iskar_site, "Публикувано при стар кеш")  # publishes: the signal meets the stale site
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    assert client.get("/", **host(go_site))["X-Cache"] == "MISS"
