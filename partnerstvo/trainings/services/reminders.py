"""Reminders: e-mail to participants of the sessions that start soon."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from partnerstvo.core.audit import audit_log
from partnerstvo.core.permissions import user_can

from .. import emails
from ..models import Enrolment, Session

Status = Enrolment.Status


@transaction.atomic
def session_reminders_send(*, actor, now=None, ahead=datetime.timedelta(hours=24)) -> int:
    """E-mail everyone with a seat a reminder (with the session as .ics) of each session that
    starts within ``ahead`` and has had none yet. Run by `manage.py send_training_reminders`
    (as SYSTEM). Returns the number of sessions reminded."""
    if not user_can(actor, "mark_attendance", Session):
        raise PermissionDenied
    now = now or timezone.now()
    sessions = list(
        Session.objects.select_for_update()
        .filter(starts_at__gt=now, starts_at__lte=now + ahead, reminder_sent_at__isnull=True)
        .filter(course__is_published=True)
    )
    for session in sessions:
        if not user_can(actor, "mark_attendance", session):
            continue
        enrolment_ids = list(
            Enrolment.objects.filter(
                course_id=session.course_id,
                status__in=(Status.REGISTERED, Status.ATTENDED),
            ).values_list("pk", flat=True)
        )
        session.reminder_sent_at = now
        session.save(update_fields=["reminder_sent_at"])
        audit_log(
            actor=actor,
            action="trainings.session.reminded",
            instance=session,
            data={"recipients": len(enrolment_ids)},
        )
        transaction.on_commit(
            lambda pk=session.pk, ids=enrolment_ids: emails.send_reminder(pk, ids)
        )
    return len(sessions)
