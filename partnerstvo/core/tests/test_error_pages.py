"""Every error a visitor can meet is our own page: the base layout, in Bulgarian, and never a
trace of how the platform is built (DEBUG is off in the test settings, as in settings.demo)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LEAKS = ("Traceback", "URLconf", "Django", "Request Method")


def _assert_our_page(response, status, heading):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="bg">' in html
    assert 'class="site-header"' in html, "not rendered in the base layout"
    assert f"<h1>{heading}</h1>" in html
    for leak in LEAKS:
        assert leak not in html


def test_unknown_certificate_code_is_our_bulgarian_404(client):
    response = client.get("/certificates/verify/NO-SUCH-CODE/")
    _assert_our_page(response, 404, "Страницата не е намерена")


def test_unknown_address_is_our_bulgarian_404(client):
    _assert_our_page(client.get("/no-such-page/"), 404, "Страницата не е намерена")


def test_bad_request_is_our_bulgarian_400():
    # More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS: Django refuses the request (400).
    data = {f"field{i}": "x" for i in range(1100)}
    response = Client(raise_request_exception=False).post("/accounts/login/", data)
    _assert_our_page(response, 400, "Заявката не може да бъде обработена")


def test_csrf_failure_is_our_bulgarian_403():
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "a@example.org", "password": "x"}
    )
    _assert_our_page(response, 403, "Формулярът е изтекъл")


@pytest.mark.urls("partnerstvo.core.tests.urls_errors")
def test_server_error_is_our_bulgarian_500():
    response = Client(raise_request_exception=False).get("/test-server-error/")
    _assert_our_page(response, 500, "Възникна грешка")


@pytest.mark.urls("partnerstvo.core.tests.urls_errors")
def test_server_error_page_still_answers_when_the_layout_cannot_be_rendered(settings):
    # The layout needs the template engine and its context processors; if they are what broke,
    # the visitor still gets a plain page in both languages instead of a second failure.
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "OPTIONS": {"context_processors": ["no.such.processor"]}}
    ]
    response = Client(raise_request_exception=False).get("/test-server-error/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Възникна грешка" in html
    assert "Something went wrong" in html
    assert "Traceback" not in html
