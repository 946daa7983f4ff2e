"""Background work of trainings (django-tasks: immediate in development, a database queue in
production)."""

from __future__ import annotations

import secrets
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone, translation
from django_tasks import task

from partnerstvo.core.permissions import SYSTEM, user_can

from . import exports
from .documents import certificates_zip
from .emails import base_url
from .models import Certificate, CertificateArchive, ReportExport
from .services import session_reminders_send


@task()
def build_certificate_archive(archive_id: int) -> None:
    """Render every valid certificate of the archive's course into one ZIP, counting progress on
    the archive row as it goes (the archive page shows it)."""
    archive = CertificateArchive.objects.select_related("course").filter(pk=archive_id).first()
    if archive is None or archive.status != CertificateArchive.Status.PENDING:
        return
    certificates = list(
        Certificate.objects.filter(
            enrolment__course=archive.course, revoked_at__isnull=True
        ).order_by("holder_name", "pk")
    )
    CertificateArchive.objects.filter(pk=archive.pk).update(
        status=CertificateArchive.Status.RUNNING, total=len(certificates), done=0
    )

    def progress(done: int) -> None:
        CertificateArchive.objects.filter(pk=archive.pk).update(done=done)

    try:
        content = certificates_zip(certificates, base_url=base_url(), progress=progress)
    except Exception:
        CertificateArchive.objects.filter(pk=archive.pk).update(
            status=CertificateArchive.Status.FAILED, finished_at=timezone.now()
        )
        raise
    archive.refresh_from_db()
    archive.file.save(
        f"certificates-{archive.course.slug}-{archive.pk}.zip", ContentFile(content), save=False
    )
    CertificateArchive.objects.filter(pk=archive.pk).update(
        file=archive.file.name,
        status=CertificateArchive.Status.READY,
        done=F("total"),
        finished_at=timezone.now(),
    )


@task()
def build_report_export(export_id: int) -> None:
    """Write the knowledge-gain report of an export into an XLSX file, as its requester may read
    it now, counting the people written on the export row as it goes (the export page shows it).
    Refused (failed, no file) when the requester may no longer read that report."""
    claimed = ReportExport.objects.filter(pk=export_id, status=ReportExport.Status.PENDING).update(
        status=ReportExport.Status.RUNNING, started_at=timezone.now(), done=0
    )
    if not claimed:
        return  # unknown, or another worker has it
    export = ReportExport.objects.select_related("course", "requested_by").get(pk=export_id)
    rows = ReportExport.objects.filter(pk=export.pk)
    user = export.requested_by
    if user is None or not user_can(user, "add", export):
        rows.update(status=ReportExport.Status.FAILED, finished_at=timezone.now())
        return

    def progress(done: int, total: int) -> None:
        rows.update(done=done, total=total)

    try:
        with (
            translation.override(export.language or settings.LANGUAGE_CODE),
            tempfile.TemporaryFile(suffix=".xlsx") as handle,
        ):
            exports.write_gain_xlsx(handle, user=user, course=export.course, progress=progress)
            handle.seek(0)
            # A random part in the name: the file is never guessed from the export's id.
            name = f"knowledge-gain-{export.pk}-{secrets.token_urlsafe(12)}.xlsx"
            export.file.save(name, File(handle), save=False)
    except Exception:
        rows.update(status=ReportExport.Status.FAILED, finished_at=timezone.now())
        raise
    rows.update(
        file=export.file.name,
        status=ReportExport.Status.READY,
        done=F("total"),
        finished_at=timezone.now(),
    )


@task()
def send_session_reminders() -> int:
    """Remind everyone with a seat of the sessions starting within a day (each session once).
    Enqueued hourly by the scheduler (``manage.py run_scheduler``); returns how many sessions."""
    return session_reminders_send(actor=SYSTEM)
