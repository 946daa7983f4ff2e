"""Certificates: issuing (one enrolment or a whole course), revoking, and the ZIP archive of a
course's certificates."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.core.services import save_audited

from ..models import Certificate, CertificateArchive, Course, Enrolment
from ._common import _set_status

Status = Enrolment.Status


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_certificate_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _issue(*, enrolment: Enrolment, actor, dates: tuple[datetime.date, datetime.date]):
    course = enrolment.course
    certificate = Certificate(
        code=new_certificate_code(),
        enrolment=enrolment,
        holder_name=enrolment.person.full_name,
        course_title=course.title,
        hours=course.hours,
        first_date=dates[0],
        last_date=dates[1],
        issued_at=timezone.now(),
        issued_by=actor if getattr(actor, "pk", None) else None,
    )
    certificate.full_clean(validate_unique=False)
    certificate.save()
    audit_log(
        actor=actor,
        action="trainings.certificate.issued",
        instance=certificate,
        after=snapshot(certificate),
    )
    _set_status(
        enrolment=enrolment,
        status=Status.COMPLETED,
        actor=actor,
        action="trainings.enrolment.completed",
    )
    return certificate


def _course_dates(course: Course) -> tuple[datetime.date, datetime.date] | None:
    from django.db.models import Max, Min

    span = course.sessions.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    if span["first"] is None:
        return None
    return timezone.localdate(span["first"]), timezone.localdate(span["last"])


@transaction.atomic
def certificate_issue(*, actor, enrolment: Enrolment) -> Certificate:
    """Issue the certificate of one participant whose completion rule holds (by default at least
    80 % attendance and the post-test taken). Coordinators. Marks the enrolment completed."""
    from ..selectors import completion_rows

    require(actor, "add", Certificate(enrolment=enrolment))
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("course", "person")
        .get(pk=enrolment.pk)
    )
    if Certificate.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_("This participant already has a certificate."), code="duplicate")
    rows = completion_rows(course=enrolment.course, enrolment_ids=[enrolment.pk])
    if not rows or not rows[0].completes:
        reasons = rows[0].missing if rows else [_("the participant has no seat in the course")]
        raise ValidationError(
            _("The completion rule does not hold: %(reasons)s."),
            code="incomplete",
            params={"reasons": "; ".join(str(reason) for reason in reasons)},
        )
    return _issue(enrolment=enrolment, actor=actor, dates=_course_dates(enrolment.course))


@transaction.atomic
def certificates_issue_for_course(*, actor, course: Course) -> list[Certificate]:
    """Issue certificates to everyone in ``course`` whose completion rule holds and who has none
    yet. Coordinators. Returns the new certificates."""
    from ..selectors import completion_rows

    require(actor, "issue_certificates", course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    dates = _course_dates(course)
    if dates is None:
        raise ValidationError(_("The course has no sessions."), code="no_sessions")
    issued = []
    for row in completion_rows(course=course):
        if row.completes and not row.has_certificate:
            issued.append(_issue(enrolment=row, actor=actor, dates=dates))
    return issued


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate: the verification page says so from then on. Coordinators."""
    require(actor, "revoke", certificate)
    if not reason.strip():
        raise ValidationError({"revoked_reason": _("Say why the certificate is revoked.")})
    if certificate.is_revoked:
        raise ValidationError(_("The certificate is already revoked."), code="revoked")
    certificate = save_audited(
        instance=certificate,
        data={"revoked_at": timezone.now(), "revoked_reason": reason.strip()},
        actor=actor,
        action="trainings.certificate.revoked",
    )
    enrolment = Enrolment.objects.select_for_update().get(pk=certificate.enrolment_id)
    _set_status(
        enrolment=enrolment,
        status=Status.ATTENDED,
        actor=actor,
        action="trainings.enrolment.completion_revoked",
    )
    return certificate


@transaction.atomic
def certificate_archive_request(*, actor, course: Course) -> CertificateArchive:
    """Ask for a ZIP of every valid certificate of ``course``; it is built in the background
    (a task), with its progress on the archive. Coordinators; a person, not the system, since
    the archive is theirs (the task checks again that they still may have it)."""
    if getattr(actor, "pk", None) is None:
        raise PermissionDenied
    require(actor, "add", CertificateArchive)
    require(actor, "issue_certificates", course)
    total = Certificate.objects.filter(enrolment__course=course, revoked_at__isnull=True).count()
    if not total:
        raise ValidationError(_("The course has no certificates yet."), code="empty")
    archive = CertificateArchive.objects.create(
        course=course,
        requested_by=actor,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        total=total,
    )
    audit_log(actor=actor, action="trainings.certificate_archive.requested", instance=archive)
    from ..tasks import build_certificate_archive

    transaction.on_commit(lambda: build_certificate_archive.enqueue(archive.pk))
    return archive
