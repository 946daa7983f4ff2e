"""The public API's rate limit: per client address as core.http.client_address tells it."""

import pytest

from conftest import clear_cache

LOW = {"DEFAULT_THROTTLE_RATES": {"anon": "3/min"}}


@pytest.fixture
def low_limit(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, **LOW}
    clear_cache()
    yield
    clear_cache()


def _get(client, address, **headers):
    return client.get(
        "/api/v1/municipalities/", REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="bg", **headers
    )


def test_the_limit_answers_a_translated_429_with_retry_after(client, reference_data, low_limit):
    statuses = [_get(client, "203.0.113.7").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = _get(client, "203.0.113.7")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    detail = refused.json()["detail"]
    assert detail and "throttled" not in detail.lower()  # DRF's Bulgarian message, not English
    # Another client is not affected.
    assert _get(client, "198.51.100.9").status_code == 200


def test_a_forged_forwarded_for_buys_no_new_allowance(client, reference_data, low_limit, settings):
    settings.TRUSTED_PROXIES = []  # nobody's X-Forwarded-For is believed
    for number in range(3):
        assert (
            _get(client, "203.0.113.8", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}").status_code == 200
        )
    assert _get(client, "203.0.113.8", HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429


def test_behind_a_trusted_proxy_each_client_has_its_own_allowance(
    client, reference_data, low_limit, settings
):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(3):
        assert _get(client, "127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 200
    assert _get(client, "127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429
    assert _get(client, "127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 200


def test_every_operation_documents_the_429(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for item in schema["paths"].values():
        for operation in item.values():
            assert "429" in operation["responses"]


def test_the_admin_api_is_not_limited(client, reference_data, low_limit, coordinator):
    client.force_login(coordinator)
    statuses = [
        client.get("/admin/api/main/pages/", REMOTE_ADDR="203.0.113.10").status_code
        for _ in range(5)
    ]
    assert statuses == [200] * 5
