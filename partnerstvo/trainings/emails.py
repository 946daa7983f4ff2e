"""E-mails to participants. Called by services through ``transaction.on_commit``; each carries an
``.ics`` file of the sessions it is about."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from . import ics
from .models import Enrolment, Session

ICS_MIMETYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def base_url() -> str:
    return settings.PLATFORM_BASE_URL.rstrip("/")


def _send(*, to: str, template: str, context: dict, sessions=(), filename="training.ics"):
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "base_url": base_url(), "PLATFORM_NAME": settings.PLATFORM_NAME}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[to])
    if sessions:
        events = [ics.session_event(session, base_url=base_url()) for session in sessions]
        course_title = sessions[0].course.title
        message.attach(filename, ics.calendar(events, name=course_title), ICS_MIMETYPE)
    message.send()


def _enrolment(enrolment_id: int) -> Enrolment | None:
    return Enrolment.objects.select_related("course", "person").filter(pk=enrolment_id).first()


def _sessions(course_id: int) -> list[Session]:
    return list(
        Session.objects.filter(course_id=course_id).select_related("course", "municipality")
    )


def send_enrolment_confirmation(enrolment_id: int) -> None:
    """Registered: the sessions as .ics. Waiting: where they stand, and the sessions too, so the
    dates are at hand if a seat frees up."""
    enrolment = _enrolment(enrolment_id)
    if enrolment is None:
        return
    _send(
        to=enrolment.person.email,
        template="trainings/email/enrolment_confirmation",
        context={"enrolment": enrolment, "waiting": enrolment.status == Enrolment.Status.WAITING},
        sessions=_sessions(enrolment.course_id),
    )


def send_promotion(enrolment_id: int) -> None:
    enrolment = _enrolment(enrolment_id)
    if enrolment is None:
        return
    _send(
        to=enrolment.person.email,
        template="trainings/email/promotion",
        context={"enrolment": enrolment},
        sessions=_sessions(enrolment.course_id),
    )


def send_cancellation(enrolment_id: int) -> None:
    enrolment = _enrolment(enrolment_id)
    if enrolment is None:
        return
    _send(
        to=enrolment.person.email,
        template="trainings/email/cancellation",
        context={"enrolment": enrolment},
    )


def send_reminder(session_id: int, enrolment_ids: list[int]) -> None:
    session = Session.objects.select_related("course", "municipality").filter(pk=session_id).first()
    if session is None:
        return
    for enrolment in Enrolment.objects.filter(pk__in=enrolment_ids).select_related("person"):
        _send(
            to=enrolment.person.email,
            template="trainings/email/reminder",
            context={"enrolment": enrolment, "session": session, "course": session.course},
            sessions=[session],
            filename="session.ics",
        )
