"""Upload checks of the events app: the documents of an agenda item are public, so they must
really be a PDF, Word, Excel or PowerPoint file (by name and by content) of a bounded size."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.validators import MaxFileSizeValidator

# The Office Open XML formats are ZIP archives; a PDF starts with its version line.
DOCUMENT_SIGNATURES = {
    ".pdf": b"%PDF-",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".pptx": b"PK\x03\x04",
}


def validate_public_document(file) -> None:
    """Refuse anything but a real PDF, DOCX, XLSX or PPTX within the scan size limit."""
    MaxFileSizeValidator("PARTNERSTVO_MAX_SCAN_BYTES")(file)
    name = Path(file.name or "").name
    extension = Path(name).suffix.lower()
    signature = DOCUMENT_SIGNATURES.get(extension)
    if signature is None:
        raise ValidationError(
            _("Upload a PDF, Word, Excel or PowerPoint file; “%(name)s” is none of them."),
            code="document_type",
            params={"name": name},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(8)
    finally:
        file.seek(position)
    if not head.startswith(signature):
        raise ValidationError(
            _("“%(name)s” is not a real %(kind)s file."),
            code="document_content",
            params={"name": name, "kind": extension.lstrip(".").upper()},
        )
