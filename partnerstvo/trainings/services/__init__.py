"""Writes to trainings. Each service is atomic, checks its caller with the platform's policies
(``require``), validates before it writes, audits what it changes, and sends e-mail only once the
transaction has committed. Views, admin screens, commands and tasks only call these.

One module per subdomain; every public name is importable from here (``services.enrolment_create``):
``catalogue`` (programmes, courses and their content), ``enrolment``, ``participant_data``,
``attendance``, ``assessment`` (knowledge tests), ``evaluation``, ``certificates``, ``reports``
(report exports) and ``reminders``; ``_common`` holds the helpers two of them share."""

from ._common import _unseal as _unseal
from .assessment import attempt_submit, enrolment_scores_refresh
from .attendance import attendance_mark, signature_sheet_upload
from .catalogue import (
    DEFAULT_EVALUATION_ITEMS,
    course_create,
    course_delete,
    course_update,
    evaluation_item_delete,
    evaluation_item_save,
    knowledge_test_delete,
    knowledge_test_save,
    module_delete,
    module_save,
    programme_delete,
    programme_save,
    question_delete,
    question_save,
    session_delete,
    session_save,
)
from .certificates import (
    CODE_ALPHABET,
    certificate_archive_request,
    certificate_issue,
    certificate_revoke,
    certificates_issue_for_course,
    new_certificate_code,
)
from .enrolment import enrolment_cancel, enrolment_create, enrolment_set_status
from .evaluation import MAX_EVALUATION_TEXT, evaluation_pools_release, evaluation_submit
from .participant_data import (
    CONSENT_TEXT,
    consent_text,
    participant_data_erase,
    participant_data_save,
)
from .reminders import session_reminders_send
from .reports import REPORT_EXPORT_STALE_AFTER, report_export_request

__all__ = [
    "CODE_ALPHABET",
    "CONSENT_TEXT",
    "DEFAULT_EVALUATION_ITEMS",
    "MAX_EVALUATION_TEXT",
    "REPORT_EXPORT_STALE_AFTER",
    "attempt_submit",
    "attendance_mark",
    "certificate_archive_request",
    "certificate_issue",
    "certificate_revoke",
    "certificates_issue_for_course",
    "consent_text",
    "course_create",
    "course_delete",
    "course_update",
    "enrolment_cancel",
    "enrolment_create",
    "enrolment_scores_refresh",
    "enrolment_set_status",
    "evaluation_item_delete",
    "evaluation_item_save",
    "evaluation_pools_release",
    "evaluation_submit",
    "knowledge_test_delete",
    "knowledge_test_save",
    "module_delete",
    "module_save",
    "new_certificate_code",
    "participant_data_erase",
    "participant_data_save",
    "programme_delete",
    "programme_save",
    "question_delete",
    "question_save",
    "report_export_request",
    "session_delete",
    "session_reminders_send",
    "session_save",
    "signature_sheet_upload",
]
