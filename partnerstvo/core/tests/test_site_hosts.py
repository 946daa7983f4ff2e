"""The host check reads the host the way Django does, through public API only."""

from wagtail.models import Page, Site

from partnerstvo.core.middleware import forget_site_hostname


def test_behind_a_proxy_the_forwarded_host_is_the_one_checked(client, db, settings):
    settings.USE_X_FORWARDED_HOST = True
    root = Page.get_first_root_node()
    Site.objects.create(hostname="www.example-cso.org", root_page=root)
    forget_site_hostname("www.example-cso.org")
    forwarded = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_HOST": "www.example-cso.org"}
    assert client.get("/healthz", **forwarded).status_code == 200
    forged = {"HTTP_HOST": "localhost", "HTTP_X_FORWARDED_HOST": "evil.example.com"}
    assert client.get("/healthz", **forged).status_code == 400


def test_without_the_setting_the_forwarded_host_is_ignored(client, db, settings):
    settings.USE_X_FORWARDED_HOST = False
    headers = {"HTTP_HOST": "localhost", "HTTP_X_FORWARDED_HOST": "evil.example.com"}
    assert client.get("/healthz", **headers).status_code == 200


def test_a_host_with_its_port_is_checked_by_its_name(client, db):
    assert client.get("/healthz", HTTP_HOST="localhost:8190").status_code == 200
    assert client.get("/healthz", HTTP_HOST="evil.example.com:8190").status_code == 400
