"""Upload checks of practices: attachments are office documents or PDFs, by name and content."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# Extension -> the first bytes its content must start with (PDF; OOXML files are ZIP archives).
ATTACHMENT_TYPES = {
    ".pdf": b"%PDF-",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".pptx": b"PK\x03\x04",
}

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def max_attachment_bytes() -> int:
    return getattr(settings, "PARTNERSTVO_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_ATTACHMENT_BYTES)


def validate_attachment(file) -> None:
    """Refuse anything but a real PDF, DOCX, XLSX or PPTX file within the size limit."""
    limit = max_attachment_bytes()
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    name = Path(file.name or "").name
    extension = Path(name).suffix.lower()
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("Attach a PDF, DOCX, XLSX or PPTX file; “%(name)s” is none of them."),
            code="attachment_type",
            params={"name": name},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(8)
    finally:
        file.seek(position)
    if not head.startswith(ATTACHMENT_TYPES[extension]):
        raise ValidationError(
            _("“%(name)s” is not a real %(kind)s file."),
            code="attachment_content",
            params={"name": name, "kind": extension.lstrip(".").upper()},
        )
