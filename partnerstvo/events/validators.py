"""Upload checks of the events app: the documents of an agenda item and of an event are public,
so they must really be a PDF, Word, Excel or PowerPoint file (by name and by content) of a
bounded size. The check is core's ``UploadValidator``; the name stays, as the migrations use it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from partnerstvo.core.validators import OFFICE_DOCUMENTS, UploadValidator

DOCUMENT_SIGNATURES = OFFICE_DOCUMENTS

_public_document = UploadValidator(
    types=OFFICE_DOCUMENTS,
    max_bytes_setting="PARTNERSTVO_MAX_SCAN_BYTES",
    code_prefix="document",
    type_message=_("Upload a PDF, Word, Excel or PowerPoint file; “%(name)s” is none of them."),
)


def validate_public_document(file) -> None:
    """Refuse anything but a real PDF, DOCX, XLSX or PPTX within the scan size limit."""
    _public_document(file)
