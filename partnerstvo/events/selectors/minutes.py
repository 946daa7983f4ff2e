"""Reads for after the event: the attendance table (who came, as whom), its counts, the
minutes of an event with what a reader may see of them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.permissions import scope
from partnerstvo.directory.models import AdministrationMembership, OrganisationMembership

from ..models import Event, Minutes, MinutesComment, Registration

# The people's gender is not in the directory (directory.Person has none): attendance is counted
# by the gender each participant declared, if they did, when registering (``Registration.gender``,
# optional, for the EU-funded programme's reporting), and only ever shown as totals.
PARTICIPANT_TYPES = ("cso", "municipal", "other")
GENDERS = (*Registration.Gender.values, "unstated")


def gender_labels() -> dict[str, str]:
    return {**dict(Registration.Gender.choices), "unstated": _("Not stated")}


def participant_type_labels() -> dict[str, str]:
    return {
        "cso": _("Civil society organisations"),
        "municipal": _("Municipal administrations"),
        "other": _("Others"),
    }


@dataclass(frozen=True)
class AttendanceRow:
    registration: Registration
    participant_type: str
    attendance: str

    @property
    def pk(self) -> int:
        return self.registration.pk

    @property
    def person(self):
        return self.registration.person

    @property
    def represents(self) -> str:
        return str(self.registration.on_behalf_of or "")

    @property
    def gender(self) -> str:
        return self.registration.gender or "unstated"


def participants(*, event: Event):
    """The event's confirmed participants, with what the attendance table needs (one query)."""
    today = timezone.localdate()
    return (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .select_related("person", "on_behalf_of")
        .annotate(
            is_municipal=Exists(
                AdministrationMembership.objects.active(today).filter(
                    person_id=OuterRef("person_id")
                )
            ),
            is_cso_member=Exists(
                OrganisationMembership.objects.active(today).filter(person_id=OuterRef("person_id"))
            ),
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )


def _type_of(registration) -> str:
    if registration.on_behalf_of_id:
        return "cso"
    if registration.is_municipal:
        return "municipal"
    if registration.is_cso_member:
        return "cso"
    return "other"


def attendance_rows(*, event: Event) -> list[AttendanceRow]:
    """One row per confirmed participant: checked in counts as present unless marked."""
    rows = []
    for registration in participants(event=event):
        attendance = registration.attendance or (
            Registration.Attendance.PRESENT if registration.checked_in_at else ""
        )
        rows.append(
            AttendanceRow(
                registration=registration,
                participant_type=_type_of(registration),
                attendance=attendance,
            )
        )
    return rows


ATTENDANCE_KEYS = (*Registration.Attendance.values, "unmarked", "total")


def _empty(columns) -> dict:
    return {key: dict.fromkeys((*columns, "total"), 0) for key in ATTENDANCE_KEYS}


def _add(counts: dict, *, attendance: str, column: str, n: int = 1) -> None:
    for key in (attendance or "unmarked", "total"):
        counts[key][column] += n
        counts[key]["total"] += n


def attendance_counts(rows: list[AttendanceRow]) -> dict:
    """Counts by attendance and participant type: ``{"present": {"cso": 2, ..., "total": 3},
    ..., "total": {...}}``."""
    counts = _empty(PARTICIPANT_TYPES)
    for row in rows:
        _add(counts, attendance=row.attendance, column=row.participant_type)
    return counts


def gender_counts(rows: list[AttendanceRow]) -> dict:
    """Counts by attendance and declared gender, shaped as ``attendance_counts``."""
    counts = _empty(GENDERS)
    for row in rows:
        _add(counts, attendance=row.attendance, column=row.gender)
    return counts


def attendance_summary(*, event: Event) -> dict:
    """Both counts of the event's confirmed participants, ``{"types": ..., "genders": ...}``,
    from one aggregate query (the organisers' back office, which lists no names): the type and
    the attendance are worked out in the database as ``attendance_rows`` does in Python."""
    today = timezone.localdate()
    rows = (
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .annotate(
            kind=Case(
                When(on_behalf_of__isnull=False, then=Value("cso")),
                When(
                    Exists(
                        AdministrationMembership.objects.active(today).filter(
                            person_id=OuterRef("person_id")
                        )
                    ),
                    then=Value("municipal"),
                ),
                When(
                    Exists(
                        OrganisationMembership.objects.active(today).filter(
                            person_id=OuterRef("person_id")
                        )
                    ),
                    then=Value("cso"),
                ),
                default=Value("other"),
            ),
            marked=Case(
                When(~Q(attendance=""), then=F("attendance")),
                When(checked_in_at__isnull=False, then=Value(Registration.Attendance.PRESENT)),
                default=Value(""),
            ),
        )
        .order_by()
        .values_list("kind", "gender", "marked")
        .annotate(n=Count("pk"))
    )
    types, genders = _empty(PARTICIPANT_TYPES), _empty(GENDERS)
    for kind, gender, marked, n in rows:
        _add(types, attendance=marked, column=kind, n=n)
        _add(genders, attendance=marked, column=gender or "unstated", n=n)
    return {"types": types, "genders": genders}


def attendance_snapshot(*, event: Event) -> dict:
    """The attendance table as the minutes keep it in each revision (plain JSON)."""
    rows = attendance_rows(event=event)
    return {
        "rows": [
            {
                "name": row.person.full_name,
                "organisation": row.represents,
                "type": row.participant_type,
                "attendance": row.attendance,
            }
            for row in rows
        ],
        "counts": attendance_counts(rows),
        "gender_counts": gender_counts(rows),
    }


def minutes_for(*, user, event: Event) -> Minutes | None:
    """The event's minutes if ``user`` may read them, else None."""
    return (
        scope(user, "view", Minutes.objects.filter(event=event))
        .select_related("event", "approved_by")
        .first()
    )


def minutes_comments(*, user, minutes: Minutes):
    return scope(
        user,
        "view",
        MinutesComment.objects.filter(minutes=minutes).select_related("person", "revision"),
    )


def attendance_table(counts: dict, columns=PARTICIPANT_TYPES) -> list[dict]:
    """The counts as the rows of a table: attendance, then one cell per participant type (or
    per gender: ``columns=GENDERS``)."""
    labels = {
        "present": _("Present"),
        "absent": _("Absent"),
        "excused": _("Excused"),
        "unmarked": _("Not marked"),
        "total": _("Total"),
    }
    return [
        {
            "key": key,
            "label": label,
            "cells": [counts.get(key, {}).get(kind, 0) for kind in columns],
            "total": counts.get(key, {}).get("total", 0),
        }
        for key, label in labels.items()
    ]
