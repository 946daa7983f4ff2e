"""The client address believes X-Forwarded-For only from the platform's own proxies."""

import pytest
from django.test import RequestFactory


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.7", "192.0.2.1", "203.0.113.7"),  # no proxy configured: the peer
        (["10.0.0.1"], "203.0.113.7", "192.0.2.1", "203.0.113.7"),  # not from our proxy
        (["10.0.0.1"], "10.0.0.1", "192.0.2.1", "192.0.2.1"),
        (["10.0.0.1"], "10.0.0.1", "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # forged left entry
        (["10.0.0.0/8"], "10.0.0.1", "192.0.2.1, 10.0.0.2", "192.0.2.1"),  # two proxy hops
        (["10.0.0.1"], "10.0.0.1", "not-an-address", "10.0.0.1"),
        (["10.0.0.1"], "10.0.0.1", "", "10.0.0.1"),
        (["::1"], "::1", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    from partnerstvo.core.http import client_address

    settings.TRUSTED_PROXIES = trusted
    assert client_address(_request(remote, forwarded)) == expected
