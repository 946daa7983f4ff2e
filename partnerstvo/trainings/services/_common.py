"""Helpers shared by the services modules: moving an enrolment between statuses and promoting the
waiting list (enrolment, attendance, certificates, course edits), and sealing the answer sets that
wait in an evaluation pool (evaluation, evaluation item deletes)."""

from __future__ import annotations

import base64
import json
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot

from .. import emails
from ..models import Course, Enrolment

Status = Enrolment.Status


def _set_status(*, enrolment: Enrolment, status: str, actor, action: str) -> Enrolment:
    """Move an enrolment to ``status`` if the transition is allowed; audited."""
    if status == enrolment.status:
        return enrolment
    if status not in Enrolment.TRANSITIONS[enrolment.status]:
        raise ValidationError(
            _("An enrolment cannot go from “%(old)s” to “%(new)s”."),
            code="transition",
            params={"old": enrolment.get_status_display(), "new": Status(status).label},
        )
    before = snapshot(enrolment, ["status"])
    enrolment.status = status
    enrolment.status_changed_at = timezone.now()
    enrolment.save(update_fields=["status", "status_changed_at"])
    audit_log(
        actor=actor,
        action=action,
        instance=enrolment,
        before=before,
        after=snapshot(enrolment, ["status"]),
    )
    return enrolment


def _seats_taken(course: Course) -> int:
    return course.enrolments.filter(status__in=Enrolment.SEAT_STATUSES).count()


def _promote_waiting(*, course: Course, actor) -> list[Enrolment]:
    """Give free seats to the waiting list, first come first served; e-mail each promoted."""
    free = course.capacity - _seats_taken(course)
    if free <= 0:
        return []
    promoted = list(
        course.enrolments.filter(status=Status.WAITING).order_by("status_changed_at", "pk")[:free]
    )
    for enrolment in promoted:
        _set_status(
            enrolment=enrolment,
            status=Status.REGISTERED,
            actor=actor,
            action="trainings.enrolment.promoted",
        )
        transaction.on_commit(lambda pk=enrolment.pk: emails.send_promotion(pk))
    return promoted


def _pool_keys() -> list[AESGCM]:
    """AES-256-GCM keys derived from SECRET_KEY (first) and its fallbacks, read when used."""
    return [
        AESGCM(salted_hmac(POOL_KEY_SALT, "", secret=secret, algorithm="sha256").digest())
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]


POOL_KEY_SALT = "partnerstvo.trainings.evaluation-pool"


def _seal(answers: list) -> str:
    """An answer set waiting in the pool, encrypted with a key the database does not hold: a
    copy of the database alone cannot tell which of the few waiting sets is the latest
    submitter's. A random nonce and no timestamp (unlike Fernet)."""
    nonce = secrets.token_bytes(12)
    sealed = _pool_keys()[0].encrypt(nonce, json.dumps(answers).encode(), POOL_KEY_SALT.encode())
    return base64.b64encode(nonce + sealed).decode("ascii")


def _unseal(entry: str) -> list | None:
    """The answer set of a pool entry, or None if no configured key opens it."""
    try:
        raw = base64.b64decode(entry)
    except (TypeError, ValueError):
        return None
    for key in _pool_keys():
        try:
            return json.loads(key.decrypt(raw[:12], raw[12:], POOL_KEY_SALT.encode()))
        except InvalidTag:
            continue
    return None
