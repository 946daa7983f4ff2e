"""Background work of trainings (django-tasks: immediate in development, a database queue in
production). Both jobs run through ``core.jobs.run_job``: claimed atomically, re-checked against
the policy when they run, their file kept in private storage under a random name."""

from __future__ import annotations

from django_tasks import task

from partnerstvo.core.jobs import run_job
from partnerstvo.core.permissions import SYSTEM, user_can

from . import exports
from .documents import certificates_zip
from .emails import base_url
from .models import Certificate, CertificateArchive, ReportExport
from .services import session_reminders_send


def _may_build_archive(archive: CertificateArchive) -> bool:
    user = archive.requested_by
    return (
        user is not None
        and user_can(user, "add", archive)
        and user_can(user, "issue_certificates", archive.course)
    )


@task()
def build_certificate_archive(archive_id: int) -> None:
    """Render every valid certificate of the archive's course into one ZIP, counting progress on
    the archive row as it goes (the archive page shows it). Refused (failed, no file) when the
    requester may no longer issue the course's certificates."""

    def work(archive, progress, handle) -> str:
        certificates = list(
            Certificate.objects.filter(
                enrolment__course=archive.course, revoked_at__isnull=True
            ).order_by("holder_name", "pk")
        )
        total = len(certificates)
        progress(0, total)
        content = certificates_zip(
            certificates, base_url=base_url(), progress=lambda done: progress(done, total)
        )
        handle.write(content)
        return archive.download_name

    run_job(CertificateArchive, archive_id, work, may_run=_may_build_archive)


@task()
def build_report_export(export_id: int) -> None:
    """Write the knowledge-gain report of an export into an XLSX file, as its requester may read
    it now, counting the people written on the export row as it goes (the export page shows it).
    Refused (failed, no file) when the requester may no longer read that report."""

    def work(export, progress, handle) -> str:
        exports.write_gain_xlsx(
            handle, user=export.requested_by, course=export.course, progress=progress
        )
        return export.download_name

    run_job(ReportExport, export_id, work)


@task()
def send_session_reminders() -> int:
    """Remind everyone with a seat of the sessions starting within a day (each session once).
    Enqueued hourly by the scheduler (``manage.py run_scheduler``); returns how many sessions."""
    return session_reminders_send(actor=SYSTEM)
