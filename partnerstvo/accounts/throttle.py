"""Login throttling (django-axes) fitted to the platform: e-mail as the account, the trusted
client address (``core.http.client_address``), and a page that says why in the visitor's language.

Failed attempts live in the database (axes' database handler), so every app server counts into the
same rows. Both doors, the site's ``/accounts/login/`` and the back office's ``/admin/login/``,
authenticate through Django's ``authenticate(request, ...)`` and so through this backend.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.shortcuts import render


class ThrottledBackend(AxesStandaloneBackend):
    """Refuses to authenticate an account or address that is locked out.

    Authentication without a request (management commands, the test client's ``login()``) has no
    client to throttle and no one to lock out; it passes to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def throttle_username(request, credentials) -> str | None:
    """The account an attempt is for: the e-mail as typed, compared without case or spaces (as
    the login itself compares it), so "Ivan@x.bg " and "ivan@x.bg" share one count."""
    if credentials and credentials.get("username") is not None:
        value = credentials.get("username")
    else:
        value = getattr(request, "POST", {}).get("username")
    return value.strip().lower() if isinstance(value, str) else value


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out visitor gets (HTTP 429), on either login."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "back_office": request.path.startswith("/admin/")},
        status=429,
    )
