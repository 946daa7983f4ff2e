"""Pages of trainings: the public calendar, courses and certificate verification; a participant's
own trainings, tests and evaluations; a trainer's attendance screen and course dashboard; the
reports. Thin: selectors read, services write, policies decide.

One module per subdomain; every view is importable from here (``views.course_detail``, as
``urls.py`` names them): ``catalogue`` (calendar, feed, course and session pages),
``enrolment`` (enrolling, a participant's own trainings and ESF data, cancelling), ``assessment``
(knowledge tests), ``evaluation``, ``certificates``, ``trainer`` (course dashboard, attendance,
signature sheets) and ``reports``; ``_common`` holds the helpers and record lookups they share."""

from ._common import COURSE as COURSE
from ._common import ENROLMENT as ENROLMENT
from ._common import EXPORT as EXPORT
from ._common import SESSION as SESSION
from ._common import XLSX as XLSX
from .assessment import test_paper, test_take
from .catalogue import (
    FEED_DAYS_BACK,
    FEED_LIMIT,
    SESSIONS_PER_PAGE,
    calendar,
    calendar_feed,
    course_detail,
    session_detail,
    session_ics,
)
from .certificates import (
    certificate_archive,
    certificate_lookup,
    certificate_pdf,
    certificate_revoke,
    certificate_verify,
    course_certificates_archive,
    course_certificates_issue,
    course_enrolment_certificate,
)
from .enrolment import (
    course_enrol,
    course_enrol_others,
    enrolment_cancel,
    my_trainings,
    participant_data,
)
from .evaluation import evaluation
from .reports import (
    PEOPLE_PER_PAGE,
    REPORT_EXPORTS_LISTED,
    report_export,
    report_export_download,
    report_exports,
    report_table,
    reports,
    reports_gain_xlsx,
)
from .trainer import (
    PARTICIPANTS_PER_PAGE,
    course_attendance_xlsx,
    course_manage,
    course_participants_xlsx,
    session_attendance,
    session_scan,
    session_signature_sheet,
)

__all__ = [
    "FEED_DAYS_BACK",
    "FEED_LIMIT",
    "PARTICIPANTS_PER_PAGE",
    "PEOPLE_PER_PAGE",
    "REPORT_EXPORTS_LISTED",
    "SESSIONS_PER_PAGE",
    "calendar",
    "calendar_feed",
    "certificate_archive",
    "certificate_lookup",
    "certificate_pdf",
    "certificate_revoke",
    "certificate_verify",
    "course_attendance_xlsx",
    "course_certificates_archive",
    "course_certificates_issue",
    "course_detail",
    "course_enrol",
    "course_enrol_others",
    "course_enrolment_certificate",
    "course_manage",
    "course_participants_xlsx",
    "enrolment_cancel",
    "evaluation",
    "my_trainings",
    "participant_data",
    "report_export",
    "report_export_download",
    "report_exports",
    "report_table",
    "reports",
    "reports_gain_xlsx",
    "session_attendance",
    "session_detail",
    "session_ics",
    "session_scan",
    "session_signature_sheet",
    "test_paper",
    "test_take",
]
