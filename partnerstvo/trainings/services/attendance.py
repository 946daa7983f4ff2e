"""Attendance: marking who was present at a session and uploading its signed sheet."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.core.services import save_audited

from ..models import AttendanceRecord, Enrolment, Session
from ._common import _set_status

Status = Enrolment.Status


def _refresh_attendance_status(*, enrolment: Enrolment, actor) -> None:
    """Attended once present at a session; no-show when marked and never present."""
    marks = enrolment.attendance.aggregate(
        marked=Count("pk"), present=Count("pk", filter=Q(present=True))
    )
    if enrolment.status == Status.COMPLETED or not marks["marked"]:
        return
    target = Status.ATTENDED if marks["present"] else Status.NO_SHOW
    if target != enrolment.status and target in Enrolment.TRANSITIONS[enrolment.status]:
        _set_status(
            enrolment=enrolment, status=target, actor=actor, action="trainings.enrolment.attendance"
        )


@transaction.atomic
def attendance_mark(*, actor, session: Session, present: Mapping[int, bool]) -> int:
    """Mark who was present at ``session`` (enrolment id -> present). The course's trainers and
    coordinators. Only people holding a seat can be marked. Each changed mark is audited, and
    each person's enrolment moves to attended or no-show. Returns the number of changed marks."""
    require(actor, "mark_attendance", session)
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.select_for_update().filter(
            course_id=session.course_id, pk__in=list(present)
        )
    }
    outside = [pk for pk in present if pk not in enrolments]
    if outside:
        raise ValidationError(
            _("Some of the people marked are not enrolled in this course."), code="not_enrolled"
        )
    not_seated = [e for e in enrolments.values() if not e.holds_seat]
    if not_seated:
        raise ValidationError(
            _("%(person)s has no seat in this course (%(status)s) and cannot be marked."),
            code="no_seat",
            params={"person": not_seated[0].person, "status": not_seated[0].get_status_display()},
        )
    now = timezone.now()
    existing = {
        record.enrolment_id: record
        for record in AttendanceRecord.objects.filter(session=session, enrolment_id__in=enrolments)
    }
    marked_by = actor if getattr(actor, "pk", None) else None
    changed = 0
    for pk, is_present in present.items():
        record = existing.get(pk)
        if record is not None and record.present == bool(is_present):
            continue
        before = snapshot(record, ["present"]) if record else None
        if record is None:
            record = AttendanceRecord(session=session, enrolment_id=pk)
        record.present = bool(is_present)
        record.marked_by = marked_by
        record.marked_at = now
        record.save()
        audit_log(
            actor=actor,
            action="trainings.attendance.marked",
            instance=record,
            before=before,
            after=snapshot(record, ["present"]),
            data={"session": session.pk, "enrolment": pk},
        )
        changed += 1
        _refresh_attendance_status(enrolment=enrolments[pk], actor=actor)
    return changed


@transaction.atomic
def signature_sheet_upload(*, actor, session: Session, file) -> Session:
    """Keep the scan of the signed signature sheet (a PDF). The course's trainers and
    coordinators. A file that is not a PDF is refused and nothing changes."""
    require(actor, "mark_attendance", session)
    session = Session.objects.select_related("course").get(pk=session.pk)
    previous = session.signed_sheet.name if session.signed_sheet else ""
    original = Path(getattr(file, "name", "") or "").name
    session = save_audited(
        instance=session,
        data={
            "signed_sheet": file,
            "signed_sheet_name": original[:255],
            "signed_sheet_uploaded_at": timezone.now(),
        },
        actor=actor,
        action="trainings.session.sheet_uploaded",
    )
    if previous and previous != session.signed_sheet.name:
        # The replaced scan is personal data without a purpose any more.
        storage = session.signed_sheet.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return session
