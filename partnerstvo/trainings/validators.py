"""Upload checks of the trainings app: a signed signature sheet must really be a PDF."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_SCAN_BYTES = 20 * 1024 * 1024


def max_scan_bytes() -> int:
    return getattr(settings, "PARTNERSTVO_MAX_SCAN_BYTES", DEFAULT_MAX_SCAN_BYTES)


def validate_pdf_scan(file) -> None:
    """Refuse anything that is not a PDF (by name and by content) or is too large."""
    limit = max_scan_bytes()
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    if Path(file.name or "").suffix.lower() != ".pdf":
        raise ValidationError(
            _("Upload the scan as a PDF file; “%(name)s” is not one."),
            code="scan_type",
            params={"name": Path(file.name or "").name},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(1024)
        file.seek(max(0, file.size - 2048))
        tail = file.read(2048)
    finally:
        file.seek(position)
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise ValidationError(
            _("“%(name)s” is not a real PDF file."),
            code="scan_content",
            params={"name": Path(file.name or "").name},
        )
