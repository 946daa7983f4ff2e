"""The contact form under abuse: overlong values, forged addresses, several app servers."""

import pytest

from conftest import clear_cache
from partnerstvo.websites.models import ContactMessage

MESSAGE = {
    "name": "Гражданин",
    "email": "grazhdanin@example.bg",
    "subject": "Въпрос",
    "message": "Кога е следващото обучение?",
    "website": "",
}


def test_an_overlong_email_gets_a_translated_field_error_and_saves_nothing(
    client, iskar_site, host
):
    email = "a" * 301 + "@example.bg"
    assert len(email) == 312
    response = client.post("/kontakti/", {**MESSAGE, "email": email}, **host(iskar_site))
    assert response.status_code == 400
    form = response.wsgi_request.contact_form
    assert list(form.errors) == ["email"]
    assert "най-много 254 знака" in form.errors["email"][0]
    assert "най-много 254 знака" in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_the_form_limits_each_field_to_the_models_length(client, iskar_site, host):
    response = client.get("/kontakti/", **host(iskar_site))
    body = response.content.decode()
    assert 'maxlength="254"' in body  # e-mail
    assert 'maxlength="120"' in body  # name


def _send(client, website, host, **extra):
    return client.post("/kontakti/", MESSAGE, **host(website), **extra)


def test_a_forged_forwarded_for_does_not_reset_the_limit(client, iskar_site, host):
    for number in range(5):
        response = _send(client, iskar_site, host, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
        assert response.status_code == 302
    response = _send(client, iskar_site, host, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 400
    assert ContactMessage.objects.count() == 5


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(client, iskar_site, host, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for number in range(5):
        # The client forges the left-most entry; the proxy appends the address it saw.
        forwarded = f"192.0.2.{number}, 203.0.113.7"
        assert (
            _send(client, iskar_site, host, HTTP_X_FORWARDED_FOR=forwarded, **proxy).status_code
            == 302
        )
    refused = _send(
        client, iskar_site, host, HTTP_X_FORWARDED_FOR="192.0.2.9, 203.0.113.7", **proxy
    )
    assert refused.status_code == 400
    other_visitor = _send(client, iskar_site, host, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    assert other_visitor.status_code == 302


def test_the_count_holds_in_another_process(client, iskar_site, host):
    for _ in range(5):
        assert _send(client, iskar_site, host).status_code == 302
    # Another app server has its own local cache: nothing there may reset the count.
    clear_cache()
    assert _send(client, iskar_site, host).status_code == 400
    assert ContactMessage.objects.count() == 5


@pytest.mark.django_db
def test_rate_count_is_one_shared_counter_per_window():
    import datetime

    from django.utils import timezone

    from partnerstvo.core.models import RateCounter
    from partnerstvo.core.ratelimit import rate_count

    window = datetime.timedelta(minutes=5)
    assert [rate_count(key="k", window=window) for _ in range(3)] == [1, 2, 3]
    assert rate_count(key="other", window=window) == 1
    RateCounter.objects.filter(key="k").update(expires_at=timezone.now())
    assert rate_count(key="k", window=window) == 1  # a new window starts at one


@pytest.mark.django_db(transaction=True)
def test_two_database_connections_count_into_one_limit():
    """Each app server has its own connection: a count made through one holds in the other."""
    import datetime
    import threading

    from django.db import connection

    from partnerstvo.core.ratelimit import rate_count

    window = datetime.timedelta(minutes=5)
    counts = []

    def other_server():
        try:
            counts.extend(rate_count(key="shared", window=window) for _ in range(3))
        finally:
            connection.close()

    worker = threading.Thread(target=other_server)
    worker.start()
    worker.join()
    assert counts == [1, 2, 3]
    assert rate_count(key="shared", window=window) == 4


@pytest.mark.django_db
def test_ended_windows_leave_no_rows_behind():
    import datetime

    from django.utils import timezone

    from partnerstvo.core.models import RateCounter
    from partnerstvo.core.ratelimit import rate_count

    window = datetime.timedelta(minutes=5)
    rate_count(key="old", window=window)
    RateCounter.objects.update(expires_at=timezone.now())
    rate_count(key="new", window=window)
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["new"]
