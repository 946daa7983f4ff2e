"""The cached-page answer around the WSGI application (``websites.caching.CachedPageApplication``).

It answers what the full Django stack would have answered from the cache, byte for byte and header
for header, and hands everything else to Django: the tests call the real WSGI application (wsgi.py's
wrapping of Django's handler) with WSGI environments, as gunicorn does.
"""

import io
import wsgiref.util

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings

from partnerstvo.websites.caching import CachedPageApplication

from .conftest import add_news


class Recorder:
    """Django's own handler, counting the requests that reach it."""

    def __init__(self):
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return WSGIHandler()(environ, start_response)


@pytest.fixture
def wsgi(db):
    """The WSGI application as wsgi.py builds it; requests keep the test's database connection
    (Django's test client does the same: the request signals would close it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    django = Recorder()

    def call(host, path, *, method="GET", query="", headers=None, scheme="http"):
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "HTTP_HOST": host,
            "wsgi.url_scheme": scheme,
            "wsgi.input": io.BytesIO(b""),
            **(headers or {}),
        }
        wsgiref.util.setup_testing_defaults(environ)
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer["status"] = status
            answer["headers"] = response_headers

        # Built per request, as settings may be overridden (a server builds it once, at start).
        body = b"".join(CachedPageApplication(django)(environ, start_response))
        return answer["status"], dict(answer["headers"]), body

    call.django = django
    yield call
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


SECURITY = {
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_REFERRER_POLICY": "same-origin",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
    "SECURE_HSTS_SECONDS": 3600,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
}


@override_settings(**SECURITY)
def test_a_hit_is_what_the_full_stack_answers_and_does_not_reach_django(
    client, iskar_site, host, wsgi
):
    add_news(iskar_site, "Пролетно почистване")
    hostname = iskar_site.site.hostname
    proxied = {"HTTP_X_FORWARDED_PROTO": "https"}
    status, headers, body = wsgi(hostname, "/", headers=proxied)
    assert status == "200 OK" and headers["X-Cache"] == "MISS"
    assert wsgi.django.calls == 1

    status, fast_headers, fast_body = wsgi(hostname, "/", headers=proxied)
    assert wsgi.django.calls == 1  # answered before Django
    assert status == "200 OK" and fast_headers["X-Cache"] == "HIT"
    assert fast_body == body and "Пролетно почистване" in fast_body.decode()
    assert fast_headers.pop("Content-Length") == str(len(body))

    # The same request through the whole middleware chain, answered by PageCacheMiddleware.
    full = client.get("/", **host(iskar_site), **proxied)
    assert full["X-Cache"] == "HIT" and full.content == body
    assert fast_headers == dict(full.items())
    assert fast_headers["Strict-Transport-Security"].startswith("max-age=3600")


def test_head_gets_the_headers_without_the_body(iskar_site, wsgi):
    hostname = iskar_site.site.hostname
    wsgi(hostname, "/")
    status, headers, body = wsgi(hostname, "/", method="HEAD")
    assert status == "200 OK" and headers["X-Cache"] == "HIT" and body == b""
    assert int(headers["Content-Length"]) > 1000


def test_publishing_makes_the_stored_page_stale_at_once(iskar_site, wsgi):
    hostname = iskar_site.site.hostname
    wsgi(hostname, "/")
    assert wsgi(hostname, "/")[1]["X-Cache"] == "HIT"
    add_news(iskar_site, "Нова изложба в читалището")
    _status, headers, body = wsgi(hostname, "/")
    assert headers["X-Cache"] == "MISS" and "Нова изложба в читалището" in body.decode()
    assert wsgi.django.calls == 2


def test_the_query_string_is_part_of_the_page(iskar_site, wsgi):
    hostname = iskar_site.site.hostname
    wsgi(hostname, "/")
    assert wsgi(hostname, "/", query="page=2")[1].get("X-Cache") != "HIT"


@pytest.mark.parametrize(
    "request_args",
    [
        {"method": "POST"},
        {"headers": {"HTTP_COOKIE": "sessionid=abc"}},
        {"headers": {"HTTP_COOKIE": "messages=abc"}},
    ],
    ids=["post", "session-cookie", "messages-cookie"],
)
def test_what_may_differ_per_visitor_goes_to_django(iskar_site, wsgi, request_args):
    hostname = iskar_site.site.hostname
    wsgi(hostname, "/")
    calls = wsgi.django.calls
    _status, headers, _body = wsgi(hostname, "/", **request_args)
    assert wsgi.django.calls == calls + 1
    assert headers.get("X-Cache") != "HIT"


def test_plain_http_is_still_redirected_to_https(iskar_site, wsgi):
    hostname = iskar_site.site.hostname
    wsgi(hostname, "/")
    with override_settings(SECURE_SSL_REDIRECT=True):
        status, headers, _body = wsgi(hostname, "/")
    assert status.startswith("301") and headers["Location"] == f"https://{hostname}/"


def test_a_page_is_only_answered_for_the_host_it_was_served_under(iskar_site, go_site, wsgi):
    wsgi(iskar_site.site.hostname, "/")
    _status, headers, body = wsgi(go_site.site.hostname, "/")
    assert headers["X-Cache"] == "MISS"
    assert go_site.organisation.name in body.decode()


def test_a_host_given_to_another_site_serves_that_sites_pages(iskar_site, go_site, wsgi):
    """The process remembers which site a host's pages belong to; when that changes, the stored
    pages are stale (changing a site replaces its token) and the new site's are served."""
    iskar_host = iskar_site.site.hostname
    wsgi(iskar_host, "/")
    assert wsgi(iskar_host, "/")[1]["X-Cache"] == "HIT"
    iskar = iskar_site.site
    iskar.hostname = "old-iskar.localhost"
    iskar.save()
    go = go_site.site
    go.hostname = iskar_host
    go.save()
    _status, headers, body = wsgi(iskar_host, "/")
    assert headers["X-Cache"] == "MISS" and go_site.organisation.name in body.decode()
    _status, headers, body = wsgi(iskar_host, "/")
    assert headers["X-Cache"] == "HIT" and go_site.organisation.name in body.decode()
