"""Report exports: asking for a workbook that a worker builds in the background."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation

from partnerstvo.core.audit import audit_log
from partnerstvo.core.permissions import require

from ..models import Course, ReportExport

# A waiting or running export older than this is taken for lost (a worker died): asking again
# starts a new one instead of pointing at it.
REPORT_EXPORT_STALE_AFTER = datetime.timedelta(hours=1)


@transaction.atomic
def report_export_request(*, actor, course: Course | None = None) -> ReportExport:
    """Ask for the knowledge-gain report as XLSX: every course ``actor`` may report on, or only
    ``course``. It is built in the background (a task), with its progress on the export, and
    holds what ``actor`` may read when it is built. Whoever may read the report (for ``course``,
    that course's report); a person, not the system, since the export is theirs. Asking again
    while the same export is still waiting or being built returns that one."""
    if getattr(actor, "pk", None) is None:
        raise PermissionDenied
    require(actor, "add", ReportExport(course=course))
    recent = timezone.now() - REPORT_EXPORT_STALE_AFTER
    existing = (
        ReportExport.objects.filter(
            requested_by=actor,
            status__in=(ReportExport.Status.PENDING, ReportExport.Status.RUNNING),
            course=course,
            created_at__gte=recent,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if existing is not None:
        return existing
    export = ReportExport.objects.create(
        requested_by=actor,
        course=course,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    audit_log(
        actor=actor,
        action="trainings.report_export.requested",
        instance=export,
        data={"course": course.pk if course else None},
    )
    from ..tasks import build_report_export

    transaction.on_commit(lambda: build_report_export.enqueue(export.pk))
    return export
