"""E-mails of the review and of "We want to replicate this". Called on commit by the services;
each one reads its rows afresh, so a rolled-back write sends nothing."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from .models import Practice, ReplicationRequest


def _base_url() -> str:
    return settings.PLATFORM_BASE_URL.rstrip("/")


def _send(*, to: list[str], template: str, context: dict, reply_to: list[str] | None = None):
    to = [address for address in to if address]
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "base_url": _base_url(), "PLATFORM_NAME": settings.PLATFORM_NAME}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to or None).send()


def _practice(practice_id: int) -> Practice | None:
    return Practice.objects.select_related("organisation").filter(pk=practice_id).first()


def _authors(practice: Practice) -> list[str]:
    """The practice's contact and the admins and editors of its organisation."""
    addresses = {practice.contact_email}
    addresses |= set(
        practice.organisation.memberships.active()
        .filter(role__in=("admin", "editor"))
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )
    return sorted(a for a in addresses if a)


def send_review_outcome(practice_id: int) -> None:
    """To the authors: changes requested (with the note), published, or rejected (the reason)."""
    practice = _practice(practice_id)
    if practice is None:
        return
    _send(
        to=_authors(practice),
        template=f"practices/email/{practice.status}",
        context={"practice": practice},
    )


def send_submitted(practice_id: int) -> None:
    """To the coordinators: a practice waits for review."""
    practice = _practice(practice_id)
    if practice is None:
        return
    coordinators = (
        get_user_model()
        .objects.filter(is_active=True, platform_roles__role="coordinator")
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    _send(
        to=sorted(coordinators),
        template="practices/email/submitted",
        context={"practice": practice},
    )


def send_replication_request(request_id: int) -> None:
    """To the practice's contact, with reply-to the sender, so the answer goes straight to them."""
    request = (
        ReplicationRequest.objects.select_related("practice", "organisation", "sender")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return
    sender = request.sender
    _send(
        to=[request.practice.contact_email],
        template="practices/email/replication_request",
        context={"request": request, "practice": request.practice, "sender": sender},
        reply_to=[sender.email] if sender is not None and sender.email else None,
    )
