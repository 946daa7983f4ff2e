"""iCalendar (RFC 5545) text for training sessions, written with the standard library only:
CRLF line ends, escaped text values, lines folded at 75 octets without splitting a character."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

PRODUCT_ID = "-//Partnerstvo//Trainings//BG"


@dataclass(frozen=True)
class IcsEvent:
    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    updated_at: datetime.datetime | None = None


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 5545, 3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, size, limit = [], [], 0, 75
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(character)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def format_utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Iterable[IcsEvent], *, name: str = "", now=None) -> str:
    """A VCALENDAR with one VEVENT per event, as text with CRLF line ends."""
    stamp = format_utc(now or datetime.datetime.now(datetime.UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{format_utc(event.updated_at) if event.updated_at else stamp}",
            f"DTSTART:{format_utc(event.starts_at)}",
            f"DTEND:{format_utc(event.ends_at)}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape_text(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def session_event(session, *, base_url: str = "") -> IcsEvent:
    """The calendar event of a training session (its course must be loaded)."""
    from django.conf import settings

    course = session.course
    summary = course.title + (f" — {session.title}" if session.title else "")
    location = ""
    if session.venue:
        location = session.venue + (
            f", {session.municipality.name}" if session.municipality else ""
        )
    description_lines = [course.learning_objectives.strip()] if course.learning_objectives else []
    if session.online_url:
        description_lines.append(session.online_url)
    return IcsEvent(
        uid=f"training-session-{session.pk}@{settings.PLATFORM_DOMAIN}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=summary,
        location=location or session.online_url,
        description="\n\n".join(description_lines),
        url=f"{base_url.rstrip('/')}{course.get_absolute_url()}" if base_url else "",
    )
