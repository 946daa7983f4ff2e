"""XLSX exports (openpyxl, write-only so large sheets stream row by row)."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core import xlsx

from . import selectors
from .models import Course


def _percent(value):
    return round(value, 1) if value is not None else None


def participants_xlsx(*, course: Course) -> bytes:
    """Everyone enrolled in ``course``: organisation, status, attendance and test scores."""
    workbook = xlsx.workbook()
    sheet = workbook.create_sheet(_("Participants")[:31])
    sessions = course.sessions.count()
    xlsx.header(
        sheet,
        [
            _("Full name"), _("E-mail"), _("Takes part as"), _("Organisation"), _("Municipality"),
            _("Status"), _("Enrolled"), _("Sessions attended"), _("Sessions"),
            _("Pre-test (%)"), _("Post-test (%)"), _("Normalised gain"), _("Certificate"),
        ],
    )  # fmt: skip
    for row in selectors.course_participants(course=course).iterator(chunk_size=500):
        certificate = getattr(row, "certificate", None)
        sheet.append(
            [
                row.person.full_name,
                row.person.email,
                row.get_participant_group_display(),
                row.represents,
                row.municipality.name if row.municipality else "",
                row.get_status_display(),
                timezone.localtime(row.created_at).replace(tzinfo=None),
                row.present_count,
                sessions,
                _percent(row.pre_percent),
                _percent(row.post_percent),
                round(row.gain, 3) if row.gain is not None else None,
                certificate.code if certificate else "",
            ]
        )
    return xlsx.to_bytes(workbook)


def attendance_xlsx(*, course: Course) -> bytes:
    """One row per seat holder, one column per session: present, absent or not marked."""
    sessions, enrolments, marks = selectors.attendance_matrix(course=course)
    workbook = xlsx.workbook()
    sheet = workbook.create_sheet(_("Attendance")[:31])
    xlsx.header(
        sheet,
        [
            _("Full name"),
            _("Organisation"),
            *[timezone.localtime(s.starts_at).strftime("%d.%m.%Y %H:%M") for s in sessions],
            _("Present"),
        ],
    )
    labels = {True: _("present"), False: _("absent"), None: ""}
    for enrolment in enrolments:
        values = [marks.get((enrolment.pk, session.pk)) for session in sessions]
        sheet.append(
            [
                enrolment.person.full_name,
                enrolment.represents,
                *[labels[value] for value in values],
                sum(1 for value in values if value),
            ]
        )
    return xlsx.to_bytes(workbook)


# Rows of the person sheet fetched per round trip, and how often progress is reported.
GAIN_CHUNK_SIZE = 2000
PROGRESS_EVERY = 2000


def write_gain_xlsx(
    target,
    *,
    user,
    course: Course | None = None,
    progress: Callable[[int, int], None] | None = None,
    every: int = PROGRESS_EVERY,
) -> int:
    """Write the knowledge-gain report to ``target`` (a path or a binary file): a sheet per
    grouping and one with every person ``user`` may report on (or those of ``course``).

    Memory stays flat whatever the size: the workbook is write-only (openpyxl streams each sheet
    to a temporary file) and the people are read in chunks. ``progress(done, total)`` is called
    once the people are counted, every ``every`` people, and at the end. Returns the number of
    people written."""
    workbook = xlsx.workbook()
    titles = {
        "course": _("By course"),
        "target_group": _("By target group"),
        "participant_group": _("By participant group"),
        "municipality": _("By municipality"),
    }
    summaries = selectors.gain_summaries(user=user, course=course)
    for by, title in titles.items():
        sheet = workbook.create_sheet(title[:31])
        xlsx.header(
            sheet,
            [
                title,
                _("Participants with both tests"),
                _("Mean pre-test (%)"),
                _("Mean post-test (%)"),
                _("Mean normalised gain"),
                _("Gain of the means"),
            ],
        )
        for row in summaries[by]:
            sheet.append(
                [
                    str(row["label"]),
                    row["participants"],
                    _percent(row["pre"]),
                    _percent(row["post"]),
                    round(row["gain"], 3) if row["gain"] is not None else None,
                    round(row["class_gain"], 3) if row["class_gain"] is not None else None,
                ]
            )
    sheet = workbook.create_sheet(_("By person")[:31])
    xlsx.header(
        sheet,
        [
            _("Course"), _("Full name"), _("Municipality"), _("Pre-test (%)"), _("Post-test (%)"),
            _("Normalised gain"),
        ],
    )  # fmt: skip
    people = selectors.gain_people(user=user, course=course)
    total = 0
    if progress is not None:
        total = people.count()
        progress(0, total)
    done = 0
    # Plain tuples, not model instances: at 100,000 people the instances cost more than the XML.
    rows = people.values_list(
        "course__title",
        "person__first_name",
        "person__last_name",
        "municipality__name",
        "pre_percent",
        "post_percent",
        "gain",
    )
    append = sheet.append
    for title, first_name, last_name, municipality, pre, post, gain in rows.iterator(
        chunk_size=GAIN_CHUNK_SIZE
    ):
        append(
            [
                title,
                f"{first_name} {last_name}".strip(),  # Person.full_name
                municipality or "",
                round(pre, 1) if pre is not None else None,
                round(post, 1) if post is not None else None,
                round(gain, 3) if gain is not None else None,
            ]
        )
        done += 1
        if progress is not None and done % every == 0:
            progress(done, max(total, done))
    workbook.save(target)
    if progress is not None:
        progress(done, max(total, done))
    return done


def gain_xlsx(*, user, course: Course | None = None) -> bytes:
    """The knowledge-gain report as bytes (see ``write_gain_xlsx``): for one course, which is
    small enough to answer at once. The whole programme is built by a task
    (``tasks.build_report_export``) into a file."""
    buffer = io.BytesIO()
    write_gain_xlsx(buffer, user=user, course=course)
    return buffer.getvalue()
