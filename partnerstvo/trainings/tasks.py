"""Background work of trainings (django-tasks: immediate in development, a database queue in
production)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .documents import certificates_zip
from .emails import base_url
from .models import Certificate, CertificateArchive


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
