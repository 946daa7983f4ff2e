"""Upload checks of consultations: documents are PDF, DOCX or ODT files, by name and content."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

# Extension -> the first bytes its content must start with (PDF; DOCX and ODT are ZIP archives).
DOCUMENT_TYPES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04", ".odt": b"PK\x03\x04"}

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def max_document_bytes() -> int:
    return getattr(settings, "PARTNERSTVO_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_DOCUMENT_BYTES)


def _head(file, length: int = 8) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        return file.read(length)
    finally:
        file.seek(position)


def _check_size(file) -> None:
    limit = max_document_bytes()
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


def validate_document(file) -> None:
    """Refuse anything but a real PDF, DOCX or ODT file within the size limit."""
    _check_size(file)
    name = Path(file.name or "").name
    extension = Path(name).suffix.lower()
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Attach a PDF, DOCX or ODT file; “%(name)s” is none of them."),
            code="document_type",
            params={"name": name},
        )
    if not _head(file).startswith(DOCUMENT_TYPES[extension]):
        raise ValidationError(
            _("“%(name)s” is not a real %(kind)s file."),
            code="document_content",
            params={"name": name, "kind": extension.lstrip(".").upper()},
        )


def validate_docx(file) -> None:
    """The draft's text imported from Word: a real DOCX file within the size limit."""
    _check_size(file)
    name = Path(file.name or "").name
    if Path(name).suffix.lower() != ".docx" or not _head(file).startswith(b"PK\x03\x04"):
        raise ValidationError(
            _("Import the text from a DOCX file; “%(name)s” is not one."),
            code="docx_type",
            params={"name": name},
        )
