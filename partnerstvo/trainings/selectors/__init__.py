"""Reads of trainings. Querysets come back with their relations joined; the reports (knowledge
gain, ESF totals, evaluations) are aggregated by the database, not in Python loops.

One module per subdomain; every public name is importable from here (``selectors.esf_totals``):
``catalogue`` (calendar, courses, seats), ``enrolment`` (a participant's own trainings),
``assessment`` (a participant's test questions), ``attendance`` (participants, attendance,
completion), ``reports`` (knowledge gain, ESF totals), ``evaluation`` and ``certificates``;
``_common`` holds the test-score annotations that the participant lists and the reports share."""

from ._common import NORMALISED_GAIN as NORMALISED_GAIN
from .assessment import test_questions
from .attendance import (
    attendance_matrix,
    completion_rows,
    course_participants,
    masked_email,
    session_attendance_rows,
    tell_namesakes_apart,
)
from .catalogue import (
    calendar_sessions,
    course_get_for_page,
    course_seats,
    enrolment_of,
    feed_sessions,
    public_course_list,
    public_session_list,
    session_get_for_page,
)
from .certificates import certificate_for_verification, course_certificates
from .enrolment import enrolment_get, person_enrolments, person_trainings_overview
from .evaluation import (
    evaluation_by_course,
    evaluation_by_trainer,
    evaluation_non_respondents,
    evaluation_results,
)
from .reports import (
    GAIN_DIMENSIONS,
    SMALL_CELL,
    EsfTotals,
    esf_totals,
    gain_people,
    gain_summaries,
    gain_summary,
    report_courses,
)

__all__ = [
    "GAIN_DIMENSIONS",
    "SMALL_CELL",
    "EsfTotals",
    "attendance_matrix",
    "calendar_sessions",
    "certificate_for_verification",
    "completion_rows",
    "course_certificates",
    "course_get_for_page",
    "course_participants",
    "course_seats",
    "enrolment_get",
    "enrolment_of",
    "esf_totals",
    "evaluation_by_course",
    "evaluation_by_trainer",
    "evaluation_non_respondents",
    "evaluation_results",
    "feed_sessions",
    "gain_people",
    "gain_summaries",
    "gain_summary",
    "masked_email",
    "person_enrolments",
    "person_trainings_overview",
    "public_course_list",
    "public_session_list",
    "report_courses",
    "session_attendance_rows",
    "session_get_for_page",
    "tell_namesakes_apart",
    "test_questions",
]
