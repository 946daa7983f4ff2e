import json
from unittest import mock

import pytest
from django.db import DatabaseError
from django.db.backends.utils import CursorWrapper


def test_healthz_reports_database_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_fails(client, db):
    # The database driver (not our code) is made to fail, as a dead server would.
    with mock.patch.object(CursorWrapper, "execute", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] != "ok"


def test_healthz_refuses_other_methods(client, db):
    assert client.post("/healthz").status_code == 405


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_municipalities_organisations_and_pages(client, iskar):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert b"sitemap-organisations.xml" in index.content
    organisations = client.get("/sitemap-organisations.xml")
    assert b"/organisations/iskar-bg/" in organisations.content
    assert b"/en/organisations/iskar-bg/" in organisations.content
    municipalities = client.get("/sitemap-municipalities.xml")
    assert b"/municipalities/dolna-mitropolia/" in municipalities.content
    pages = client.get("/sitemap-pages.xml")
    assert pages.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/organisations/%00/",
        "/organisations/?page=abc&oblast=ZZZ&municipality=%27%22&area=<script>",
        "/organisations/?q=" + "x" * 5000,
        "/municipalities/no-such-place/",
        "/api/v1/organisations/?page=9999",
        "/api/v1/organisations/?legal_form=nonsense&in_programme=maybe",
        "/api/v1/organisations/nope/",
        "/sitemap-nothing.xml",
        "/admin/directory/import/999999/",
        "/accounts/password/reset/MQ/bad-token/",
        "/organisations/?q=%00",
        "/api/v1/organisations/?search=a%00b",
        "/certificates/verify/%00/",
        "/municipalities/%00/",
    ],
)
def test_no_visitor_input_causes_a_server_error(client, iskar, url):
    response = client.get(url)
    assert response.status_code < 500


def test_the_configured_cache_stores_and_forgets(settings):
    from django.core.cache import cache

    cache.set("partnerstvo-probe", {"ok": "да"}, 30)
    assert cache.get("partnerstvo-probe") == {"ok": "да"}
    cache.delete("partnerstvo-probe")
    assert cache.get("partnerstvo-probe") is None


def test_unknown_hosts_are_refused_and_site_hostnames_allowed(client, db):
    from wagtail.models import Page, Site

    assert client.get("/healthz", HTTP_HOST="evil.example.com").status_code == 400
    assert client.get("/healthz", HTTP_HOST="localhost").status_code == 200
    Site.objects.create(hostname="www.example-cso.org", root_page=Page.objects.get(depth=2))
    assert client.get("/healthz", HTTP_HOST="www.example-cso.org").status_code == 200
