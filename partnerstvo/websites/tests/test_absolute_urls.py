"""Absolute URLs carry the scheme and port the platform is really served on: the request's, or
PLATFORM_BASE_URL's where there is no request (issue 7)."""

import json
import re

import pytest
from django.core import mail

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.websites.tasks import send_stale_site_reminders

from .conftest import add_news

PORT = "8123"


def _ld(body: str) -> list[dict]:
    graphs = [
        json.loads(m)
        for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    ]
    return [item for graph in graphs for item in graph["@graph"]]


def _absolute_urls(body: str) -> set[str]:
    """Every absolute http(s) URL of our own hosts in a response body."""
    return set(re.findall(r"https?://[a-z0-9.-]*localhost(?::\d+)?[^\s\"'<>]*", body))


@pytest.fixture
def port_host(iskar_site):
    return f"{iskar_site.site.hostname}:{PORT}"


@pytest.fixture
def behind_tls(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return {"HTTP_X_FORWARDED_PROTO": "https"}


def _origins_seen(client, iskar_site, headers) -> dict[str, set[str]]:
    """The absolute URLs of each place issue 7 lists, as served with ``headers``."""
    news = add_news(iskar_site, "Новина с адрес")
    seen = {}
    home = client.get("/", **headers).content.decode()
    article = client.get(news.url, **headers).content.decode()
    seen["canonical"] = set(re.findall(r'<link rel="canonical" href="([^"]+)"', home + article))
    seen["og:url"] = set(re.findall(r'<meta property="og:url" content="([^"]+)"', home + article))
    ld = _ld(home) + _ld(article)
    seen["json-ld"] = {item["url"] for item in ld if "url" in item} | {
        item["mainEntityOfPage"] for item in ld if "mainEntityOfPage" in item
    }
    seen["json-ld"] |= {item["publisher"]["url"] for item in ld if "publisher" in item}
    seen["feeds"] = _absolute_urls(
        client.get("/novini/rss/", **headers).content.decode()
        + client.get("/novini/atom/", **headers).content.decode()
    )
    seen["sitemap"] = _absolute_urls(
        client.get("/sitemap.xml", **headers).content.decode()
        + client.get("/sitemap-pages.xml", **headers).content.decode()
    )
    response = client.post(
        "/kontakti/",
        {"name": "Мария", "email": "maria@example.bg", "subject": "Въпрос", "message": "Здравейте"},
        **headers,
    )
    assert response.status_code == 302
    seen["contact redirect"] = {response["Location"]}
    for place, urls in seen.items():
        assert urls, f"no URL found in {place}"
    return seen


def test_a_site_on_a_non_default_port_links_with_that_port(client, iskar_site, port_host):
    seen = _origins_seen(client, iskar_site, {"HTTP_HOST": port_host})
    for place, urls in seen.items():
        for url in urls:
            if place == "contact redirect" and url.startswith("/"):
                continue  # relative to the request: the browser keeps the port
            assert url.startswith(f"http://{port_host}/"), (place, url)


def test_a_site_behind_tls_links_with_https(client, iskar_site, behind_tls):
    hostname = iskar_site.site.hostname
    seen = _origins_seen(client, iskar_site, {"HTTP_HOST": hostname, **behind_tls})
    for place, urls in seen.items():
        for url in urls:
            if place == "contact redirect" and url.startswith("/"):
                continue
            assert url.startswith(f"https://{hostname}/"), (place, url)


def test_every_page_advertises_feeds_on_the_requests_origin(client, iskar_site, port_host):
    body = client.get("/kontakti/", HTTP_HOST=port_host).content.decode()
    rss = re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]*href="([^"]+)"', body)
    assert rss and client.get(rss.group(1), HTTP_HOST=port_host).status_code == 200


def test_site_host_matching_works_on_any_port(client, iskar_site, port_host):
    response = client.get("/", HTTP_HOST=port_host)
    assert response.status_code == 200
    assert iskar_site.site.site_name in response.content.decode()
    assert client.get("/novini/", HTTP_HOST=port_host).status_code == 200


@pytest.mark.parametrize(
    ("headers", "origin"),
    [
        ({"HTTP_HOST": f"localhost:{PORT}"}, "http://{host}:" + PORT + "/"),
        ({"HTTP_HOST": "localhost", "HTTP_X_FORWARDED_PROTO": "https"}, "https://{host}/"),
    ],
)
def test_the_website_list_and_portal_link_sites_on_the_requests_scheme_and_port(
    client, iskar_site, go_site, settings, headers, origin
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for path in ("/websites/", "/"):
        body = client.get(path, **headers).content.decode()
        for website in (iskar_site, go_site):
            assert f'href="{origin.format(host=website.site.hostname)}"' in body, path
        assert "http://iskar-bg.localhost/" not in body


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"HTTP_HOST": f"localhost:{PORT}"}, f"http://localhost:{PORT}/"),
        ({"HTTP_HOST": "testserver", "HTTP_X_FORWARDED_PROTO": "https"}, "https://testserver/"),
    ],
)
def test_the_portal_sitemap_lists_the_portal_where_it_is_served(
    db, client, settings, headers, expected
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    body = client.get("/sitemap-pages.xml", **headers).content.decode()
    assert re.findall(r"<loc>([^<]+)</loc>", body) == [expected]
    index = client.get("/sitemap.xml", **headers).content.decode()
    assert all(loc.startswith(expected) for loc in re.findall(r"<loc>([^<]+)</loc>", index))


def test_without_a_request_urls_start_from_the_configured_base(db, iskar_site, settings):
    from partnerstvo.portal.models import PortalHomePage

    settings.PLATFORM_BASE_URL = "https://partnerstvo.example:8443"
    home = iskar_site.site.root_page.specific
    assert home.full_url == f"https://{iskar_site.site.hostname}:8443/"
    assert iskar_site.get_root_url() == f"https://{iskar_site.site.hostname}:8443/"
    assert PortalHomePage.objects.get().full_url == "https://partnerstvo.example:8443/"


def test_stale_site_reminders_link_to_the_configured_base(db, iskar_site, settings):
    from wagtail.models import Page

    settings.PLATFORM_BASE_URL = "https://partnerstvo.example"
    Page.objects.descendant_of(iskar_site.site.root_page, inclusive=True).update(
        last_published_at=None
    )
    send_stale_site_reminders.call()
    assert mail.outbox
    assert "https://partnerstvo.example/admin/pages/" in mail.outbox[0].body


def test_a_site_turned_on_by_the_service_has_published_revisions(db, iskar):
    from wagtail.models import Page

    from partnerstvo.websites.services import website_enable

    website = website_enable(actor=SYSTEM, organisation=iskar)
    pages = Page.objects.descendant_of(website.site.root_page, inclusive=True)
    assert pages.count() == 7
    for page in pages:
        assert page.latest_revision_id is not None, page.title
        assert page.last_published_at is not None, page.title


def test_the_redirect_to_an_own_domain_keeps_scheme_and_port(
    client, coordinator, iskar_site, settings
):
    from partnerstvo.websites import services

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    services.website_update(
        actor=coordinator, website=iskar_site, data={"custom_domain": "www.iskar-bg.org"}
    )
    response = client.get("/novini/", HTTP_HOST=f"iskar-bg.localhost:{PORT}")
    assert response["Location"] == f"http://www.iskar-bg.org:{PORT}/novini/"
    response = client.get(
        "/novini/", HTTP_HOST="iskar-bg.localhost", HTTP_X_FORWARDED_PROTO="https"
    )
    assert response["Location"] == "https://www.iskar-bg.org/novini/"


@pytest.fixture
def platform_event():
    """A contributor linking to a platform page by its path, as the apps' contributors do."""
    import datetime

    from partnerstvo.core.contributions import Contribution, register, unregister

    def events(organisation, *, limit):
        return [
            Contribution(
                "events",
                "Среща на платформата",
                datetime.date.today() + datetime.timedelta(days=5),
                "/trainings/courses/sreshta/",
            )
        ]

    register("events")(events)
    yield
    unregister("events", events)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"HTTP_HOST": f"iskar-bg.localhost:{PORT}"}, f"http://localhost:{PORT}"),
        (
            {"HTTP_HOST": "iskar-bg.localhost", "HTTP_X_FORWARDED_PROTO": "https"},
            "https://localhost",
        ),
    ],
)
def test_platform_records_on_a_cso_site_link_to_the_portal(
    client, iskar_site, platform_event, settings, headers, expected
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.PLATFORM_BASE_URL = "http://localhost:8000"
    url = f"{expected}/trainings/courses/sreshta/"
    for path in ("/", "/deynosti/"):
        body = client.get(path, **headers).content.decode()
        assert f'href="{url}"' in body, path
    activities = client.get("/deynosti/", **headers).content.decode()
    assert {item.get("url") for item in _ld(activities) if item["@type"] == "Event"} == {url}


def test_the_site_index_finds_the_same_site_and_path_as_wagtails_scan(
    rf, iskar_site, go_site, settings
):
    """``SiteIndex`` replaces Wagtail's scan of every site for every link: for every page of
    several sites, one of them nested inside another's tree and one page in no site at all, it
    gives what Wagtail's own ``get_url_parts`` gives, with and without a request."""
    from wagtail.models import Page, Site

    from partnerstvo.core.absolute_urls import SiteIndex
    from partnerstvo.websites.models import NewsIndexPage

    add_news(iskar_site, "Новина на Искър")
    add_news(go_site, "Новина на ГО")
    # A site whose root is a section of another site (Wagtail allows it): its pages belong to both.
    news_index = NewsIndexPage.objects.descendant_of(iskar_site.site.root_page).first()
    Site.objects.create(hostname="news.localhost", port=80, root_page=news_index)
    orphan_parent = Page.objects.get(depth=1)
    orphan_parent.add_child(instance=Page(title="Извън всеки сайт", slug="izvan"))

    pages = list(Page.objects.filter(depth__gt=1).specific())
    assert len(pages) > 10
    for request in (None, rf.get("/", HTTP_HOST="news.localhost")):
        for page in pages:
            wagtail = Page.get_url_parts(page, request=request)
            ours = page._site_parts(request) if hasattr(page, "_site_parts") else wagtail
            assert ours == wagtail, page.url_path
    index = SiteIndex(Site.get_site_root_paths())
    assert index.site_count == Site.objects.count()
    assert index.sites_of("/nowhere/") == []
