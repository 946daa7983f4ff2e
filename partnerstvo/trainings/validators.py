"""Upload checks of the trainings app: a signed signature sheet must really be a PDF, whole
(core's ``UploadValidator``; the name stays, as the migrations use it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partnerstvo.core.validators import PDF_SIGNATURE, UploadValidator

DEFAULT_MAX_SCAN_BYTES = 20 * 1024 * 1024

_pdf_scan = UploadValidator(
    types={".pdf": PDF_SIGNATURE},
    max_bytes_setting="PARTNERSTVO_MAX_SCAN_BYTES",
    default_max_bytes=DEFAULT_MAX_SCAN_BYTES,
    code_prefix="scan",
    type_message=_("Upload the scan as a PDF file; “%(name)s” is not one."),
    content_message=_("“%(name)s” is not a real PDF file."),
    pdf_complete=True,
)


def max_scan_bytes() -> int:
    return _pdf_scan.max_bytes()


def validate_pdf_scan(file) -> None:
    """Refuse anything that is not a PDF (by name and by content) or is too large."""
    _pdf_scan(file)
