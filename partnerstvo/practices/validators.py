"""Upload checks of practices: attachments are office documents or PDFs, by name and content
(core's ``UploadValidator``; the name stays, as the migrations use it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partnerstvo.core.validators import CONTENT_TYPES, OFFICE_DOCUMENTS, UploadValidator

DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

ATTACHMENT_TYPES = OFFICE_DOCUMENTS

__all__ = ["ATTACHMENT_TYPES", "CONTENT_TYPES", "max_attachment_bytes", "validate_attachment"]

_attachment = UploadValidator(
    types=OFFICE_DOCUMENTS,
    max_bytes_setting="PARTNERSTVO_MAX_ATTACHMENT_BYTES",
    default_max_bytes=DEFAULT_MAX_ATTACHMENT_BYTES,
    code_prefix="attachment",
    type_message=_("Attach a PDF, DOCX, XLSX or PPTX file; “%(name)s” is none of them."),
)


def max_attachment_bytes() -> int:
    return _attachment.max_bytes()


def validate_attachment(file) -> None:
    """Refuse anything but a real PDF, DOCX, XLSX or PPTX file within the size limit."""
    _attachment(file)
