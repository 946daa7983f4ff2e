"""schema.org descriptions of the public course and session pages (``Course`` with its
``CourseInstance``s, ``Event``), written with ``core.jsonld``. Nothing about people: no trainer,
no participant, no online meeting link (that is for the enrolled)."""

from __future__ import annotations

from django.conf import settings
from django.utils.text import Truncator

from partnerstvo.core.dates import machine_datetime

from .models import Course, Session

SCHEMA = "https://schema.org/"


def _provider(request) -> dict:
    return {
        "@type": "Organization",
        "name": settings.PLATFORM_NAME,
        "url": request.build_absolute_uri("/"),
    }


def _attendance_mode(session: Session) -> str:
    onsite = bool(session.venue and session.municipality_id)
    if onsite and session.online_url:
        return f"{SCHEMA}MixedEventAttendanceMode"
    return f"{SCHEMA}{'Offline' if onsite else 'Online'}EventAttendanceMode"


def _location(session: Session) -> dict:
    if session.venue and session.municipality_id:
        return {
            "@type": "Place",
            "name": session.venue,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": session.municipality.name,
                "addressCountry": "BG",
            },
        }
    return {"@type": "VirtualLocation", "name": "Online"}


def _session_fields(session: Session, *, request) -> dict:
    course = session.course
    return {
        "name": f"{course.title} — {session.title}" if session.title else course.title,
        "startDate": machine_datetime(session.starts_at),
        "endDate": machine_datetime(session.ends_at),
        "eventStatus": f"{SCHEMA}EventScheduled",
        "eventAttendanceMode": _attendance_mode(session),
        "location": _location(session),
        "url": request.build_absolute_uri(session.get_absolute_url()),
    }


def course_data(course: Course, *, request) -> dict:
    """``Course`` with one ``CourseInstance`` per session (``course.sessions`` prefetched)."""
    modes = {"Onsite": "OfflineEventAttendanceMode", "Online": "OnlineEventAttendanceMode"}
    instances = []
    for session in course.sessions.all():
        fields = _session_fields(session, request=request)
        mode = next(
            (m for m, v in modes.items() if fields["eventAttendanceMode"].endswith(v)), "Blended"
        )
        instances.append({"@type": "CourseInstance", "courseMode": mode, **fields})
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": course.title,
        "description": Truncator(course.learning_objectives or course.description).chars(500),
        "url": request.build_absolute_uri(course.get_absolute_url()),
        "provider": _provider(request),
        "inLanguage": settings.LANGUAGE_CODE,
        "timeRequired": f"PT{course.hours}H",
    }
    if instances:
        data["hasCourseInstance"] = instances
    return data


def session_data(session: Session, *, request) -> dict:
    """``Event`` for one session, about its ``Course``."""
    course = session.course
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        **_session_fields(session, request=request),
        "description": Truncator(course.learning_objectives or course.description).chars(500),
        "organizer": _provider(request),
        "about": {
            "@type": "Course",
            "name": course.title,
            "url": request.build_absolute_uri(course.get_absolute_url()),
        },
        "inLanguage": settings.LANGUAGE_CODE,
    }
