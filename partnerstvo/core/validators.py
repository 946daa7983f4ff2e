"""Validators shared by every app: EIK/BULSTAT, uploaded documents (``UploadValidator``), images
and data files."""

import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

_EIK9_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8)
_EIK9_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10)
_EIK13_WEIGHTS = (2, 7, 3, 5)
_EIK13_WEIGHTS_2 = (4, 9, 5, 7)


def _check_digit(digits: str, weights, fallback_weights) -> int:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if remainder == 10:
        remainder = sum(int(d) * w for d, w in zip(digits, fallback_weights, strict=True)) % 11
        if remainder == 10:
            remainder = 0
    return remainder


# ASCII digits only: str.isdigit() and regex \d also accept "８" or "٣", which int() reads as
# digits, so "８３１６４２１８１" would pass the checksum and be stored as a different string.
_EIK_FORMAT = re.compile(r"[0-9]{9}(?:[0-9]{4})?")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def eik_is_valid(value: str) -> bool:
    """True when ``value`` is a 9- or 13-digit EIK/BULSTAT whose check digits are right.

    The algorithm is the Registry Agency's: the 9th digit checks the first eight (weights 1..8,
    then 3..10 when the remainder is 10); the 13th checks digits 9..12 (weights 2,7,3,5, then
    4,9,5,7). Only the ASCII digits 0-9 are digits of an EIK.
    """
    if not value or not _EIK_FORMAT.fullmatch(value):
        return False
    if not value.strip("0"):
        return False  # all zeros passes the arithmetic but is never issued
    if _check_digit(value[:8], _EIK9_WEIGHTS, _EIK9_WEIGHTS_2) != int(value[8]):
        return False
    if len(value) == 13:
        return _check_digit(value[8:12], _EIK13_WEIGHTS, _EIK13_WEIGHTS_2) == int(value[12])
    return True


def normalise_eik(value: str | None) -> str:
    """The EIK as it is stored: without spaces (any, also non-breaking ones pasted from a
    document) and without the "BG" VAT prefix people often paste together with it.

    Every way an EIK enters (``core.fields.EIKField`` for forms, services, imports and queries; the
    searches) goes through this before validation and the uniqueness check. Characters that are
    not ASCII digits are kept, so that ``validate_eik`` refuses them with a clear message.
    """
    value = "".join((value or "").split())
    if value[:2].upper() == "BG":
        value = value[2:]
    return value


def eik_search_prefix(term: str) -> str | None:
    """The normalised EIK prefix a search term stands for, or None when it is not one."""
    prefix = normalise_eik(term)
    return prefix if _ASCII_DIGITS.fullmatch(prefix) else None


def validate_eik(value: str) -> None:
    if not _ASCII_DIGITS.fullmatch(value or ""):
        raise ValidationError(
            _("An EIK/BULSTAT is written with the digits 0–9 only; “%(value)s” is not."),
            code="eik_digits",
            params={"value": value},
        )
    if len(value) not in (9, 13):
        raise ValidationError(
            _("An EIK/BULSTAT has 9 or 13 digits; “%(value)s” does not."),
            code="eik_format",
            params={"value": value},
        )
    if not eik_is_valid(value):
        raise ValidationError(
            _("“%(value)s” is not a valid EIK/BULSTAT: its check digit does not match."),
            code="eik_checksum",
            params={"value": value},
        )


@deconstructible
class MaxFileSizeValidator:
    def __init__(self, setting_name: str):
        self.setting_name = setting_name

    def __call__(self, file) -> None:
        limit = getattr(settings, self.setting_name)
        if file.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the largest allowed is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            )

    def __eq__(self, other):
        return isinstance(other, MaxFileSizeValidator) and other.setting_name == self.setting_name


# What a file of each kind starts with: a PDF with its version line (within its first 1024
# bytes, as the PDF specification allows), the Office Open XML formats are ZIP archives.
PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"
OFFICE_DOCUMENTS = {
    ".pdf": PDF_SIGNATURE,
    ".docx": ZIP_SIGNATURE,
    ".xlsx": ZIP_SIGNATURE,
    ".pptx": ZIP_SIGNATURE,
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _read_ends(file, *, head: int, tail: int) -> tuple[bytes, bytes]:
    """The first ``head`` and last ``tail`` bytes of an uploaded or stored file, leaving its
    position where it was."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        start = file.read(head)
        end = b""
        if tail:
            file.seek(max(0, file.size - tail))
            end = file.read(tail)
    finally:
        file.seek(position)
    return start, end


@deconstructible
class UploadValidator:
    """One check for uploaded documents, by size, by name and by content (what the file really
    starts with, not what it says it is).

    ``types`` maps an extension (".pdf") to the bytes its content must start with; a PDF's may
    come anywhere in its first 1024 bytes, and with ``pdf_complete`` the file must also end with
    ``%%EOF`` (a scan cut short in the upload is refused). The limit is the setting
    ``max_bytes_setting`` (or ``default_max_bytes`` when it is not set). The messages, translated,
    name the file (``%(name)s``) and the kind expected (``%(kind)s``); ``code_prefix`` names
    the error codes (``<prefix>_type``, ``<prefix>_content``; ``file_too_large``).
    """

    def __init__(
        self,
        *,
        types: dict[str, bytes],
        max_bytes_setting: str,
        default_max_bytes: int | None = None,
        code_prefix: str = "upload",
        type_message=None,
        content_message=None,
        pdf_complete: bool = False,
    ):
        self.types = {extension.lower(): signature for extension, signature in types.items()}
        self.max_bytes_setting = max_bytes_setting
        self.default_max_bytes = default_max_bytes
        self.code_prefix = code_prefix
        self.type_message = type_message
        self.content_message = content_message
        self.pdf_complete = pdf_complete

    def max_bytes(self) -> int:
        if self.default_max_bytes is None:
            return getattr(settings, self.max_bytes_setting)
        return getattr(settings, self.max_bytes_setting, self.default_max_bytes)

    def __call__(self, file) -> None:
        limit = self.max_bytes()
        if file.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the largest allowed is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            )
        name = Path(file.name or "").name
        extension = Path(name).suffix.lower()
        kinds = ", ".join(sorted(ext.lstrip(".").upper() for ext in self.types))
        signature = self.types.get(extension)
        if signature is None:
            raise ValidationError(
                self.type_message or _("Upload a %(kind)s file; “%(name)s” is not one."),
                code=f"{self.code_prefix}_type",
                params={"name": name, "kind": kinds},
            )
        is_pdf = signature == PDF_SIGNATURE
        head, tail = _read_ends(
            file,
            head=1024 if is_pdf else len(signature),
            tail=2048 if is_pdf and self.pdf_complete else 0,
        )
        real = (signature in head) if is_pdf else head.startswith(signature)
        if real and is_pdf and self.pdf_complete:
            real = b"%%EOF" in tail
        if not real:
            raise ValidationError(
                self.content_message or _("“%(name)s” is not a real %(kind)s file."),
                code=f"{self.code_prefix}_content",
                params={"name": name, "kind": extension.lstrip(".").upper()},
            )

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and vars(self) == vars(other)


IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}


def validate_image_file(file) -> None:
    """Refuse anything that is not really a JPEG, PNG, WebP or GIF image, or that is too large.

    The content decides, not the name: a text file called logo.jpg is refused.
    """
    from PIL import Image, UnidentifiedImageError

    MaxFileSizeValidator("PARTNERSTVO_MAX_IMAGE_BYTES")(file)
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("The file is not an image we accept (JPEG, PNG, WebP or GIF)."), code="not_image"
        ) from error
    finally:
        file.seek(position)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("Images must be JPEG, PNG, WebP or GIF; this one is %(format)s."),
            code="image_format",
            params={"format": image_format},
        )
    if width * height > 40_000_000:
        raise ValidationError(
            _("The image is %(width)s×%(height)s pixels, which is too large."),
            code="image_dimensions",
            params={"width": width, "height": height},
        )


DATA_FILE_EXTENSIONS = {".csv", ".xlsx"}


def validate_data_file(file) -> str:
    """Check an uploaded table (CSV or XLSX) by name, size and content; return its kind."""
    MaxFileSizeValidator("PARTNERSTVO_MAX_IMPORT_BYTES")(file)
    extension = Path(file.name or "").suffix.lower()
    if extension not in DATA_FILE_EXTENSIONS:
        raise ValidationError(
            _("Upload a CSV or an Excel (.xlsx) file; “%(name)s” is neither."),
            code="data_file_type",
            params={"name": file.name},
        )
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    if extension == ".xlsx" and head != b"PK\x03\x04":
        raise ValidationError(
            _("“%(name)s” is not a real Excel (.xlsx) file."),
            code="data_file_content",
            params={"name": file.name},
        )
    if extension == ".csv" and b"\x00" in head:
        raise ValidationError(
            _("“%(name)s” is not a text CSV file."),
            code="data_file_content",
            params={"name": file.name},
        )
    return extension.lstrip(".")
