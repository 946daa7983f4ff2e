"""Helpers shared by the events views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

from ..models import Registration

REGISTRATION = Registration.objects.select_related("event", "person", "on_behalf_of")


def show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
