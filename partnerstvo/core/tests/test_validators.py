import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partnerstvo.core.validators import (
    eik_is_valid,
    normalise_eik,
    validate_data_file,
    validate_eik,
    validate_image_file,
)


@pytest.mark.parametrize(
    "eik",
    # Published examples of a maintained validator (st0yanov/eik_validator's README)
    ["020469788", "1213961230342"],
)
def test_valid_eiks_pass(eik):
    assert eik_is_valid(eik)


@pytest.mark.parametrize(
    "eik",
    [
        "123456789",
        "1234567891234",
        "020469787",
        "1213961230343",
        "02046978",
        "0204697888",
        "02046978x",
        "",
        "000000000",
    ],
)
def test_invalid_eiks_fail(eik):
    assert not eik_is_valid(eik)


def test_eik_check_digit_uses_second_weights_when_remainder_is_ten():
    found = None
    for n in range(100000):
        body = f"{n:08d}"
        if sum(int(d) * w for d, w in zip(body, range(1, 9), strict=True)) % 11 == 10:
            found = body
            break
    second = sum(int(d) * w for d, w in zip(found, range(3, 11), strict=True)) % 11
    expected = 0 if second == 10 else second
    assert eik_is_valid(found + str(expected))
    assert not eik_is_valid(found + str((expected + 1) % 10))


def test_eik_errors_are_translated_and_specific():
    with pytest.raises(ValidationError) as error:
        validate_eik("12345")
    assert error.value.code == "eik_format"
    with pytest.raises(ValidationError) as error:
        validate_eik("020469787")
    assert error.value.code == "eik_checksum"


def test_normalise_eik_strips_vat_prefix_and_spaces():
    assert normalise_eik(" BG 020 469 788 ") == "020469788"
    assert normalise_eik(None) == ""


def _png(size=(10, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_real_image_is_accepted():
    validate_image_file(SimpleUploadedFile("logo.png", _png(), content_type="image/png"))


def test_text_named_jpg_is_refused():
    fake = SimpleUploadedFile("logo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        validate_image_file(fake)
    assert error.value.code == "not_image"


def test_oversized_image_is_refused(settings):
    settings.PARTNERSTVO_MAX_IMAGE_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_image_file(SimpleUploadedFile("logo.png", _png((200, 200))))
    assert error.value.code == "file_too_large"


def test_data_file_checks_extension_and_content():
    assert validate_data_file(SimpleUploadedFile("a.csv", b"name\n")) == "csv"
    with pytest.raises(ValidationError):
        validate_data_file(SimpleUploadedFile("a.exe", b"MZ\x90\x00"))
    with pytest.raises(ValidationError):
        validate_data_file(SimpleUploadedFile("a.xlsx", b"name,eik\n"))
    with pytest.raises(ValidationError):
        validate_data_file(SimpleUploadedFile("a.csv", b"\x00\x01\x02\x03binary"))


def test_audit_snapshots_lists_of_objects(db):
    from partnerstvo.core.audit import _plain

    assert _plain([{"b": 2}, {"a": 1}]) == [{"a": 1}, {"b": 2}]
    assert _plain((3, 1, 2)) == [1, 2, 3]


# --- EIK: only ASCII digits, and a differential check against an independent implementation ----


@pytest.mark.parametrize(
    "eik",
    [
        "８３１６４２１８１",  # full-width digits: str.isdigit() and int() accept them
        "٠٢٠٤٦٩٧٨٨",  # Arabic-Indic digits of the valid 020469788
        "02046978８",
        "１２１３９６１２３０３４２",
    ],
)
def test_eik_with_digits_other_than_ascii_is_refused(eik):
    assert not eik_is_valid(eik)
    with pytest.raises(ValidationError) as error:
        validate_eik(eik)
    assert error.value.code == "eik_digits"


def test_eik_digits_error_is_translated():
    from django.utils import translation

    with translation.override("bg"), pytest.raises(ValidationError) as error:
        validate_eik("８３１６４２１８１")
    assert "0–9" in error.value.messages[0]
    assert "ЕИК" in error.value.messages[0]


def test_normalise_eik_handles_what_people_paste():
    assert normalise_eik("bg020469788") == "020469788"
    assert normalise_eik("BG\u00a0020\u202f469\t788") == "020469788"  # no-break spaces
    assert normalise_eik("BG") == ""
    # Not digits is not made into digits: the validator refuses it with a clear message.
    assert normalise_eik("８３１６４２１８１") == "８３１６４２１８１"


def _independent_eik_check(number: str) -> bool:
    """The Registry Agency's algorithm written again from its description, on integers.

    Kept apart from the implementation on purpose (no shared helpers, another formulation):
    the 9th digit is sum(d_i * i) mod 11 over the first eight, redone with i + 2 when it is 10,
    0 when it is 10 again; the 13th likewise over digits 9-12 with weights 2,7,3,5 / 4,9,5,7.
    """
    if len(number) not in (9, 13) or any(c not in "0123456789" for c in number):
        return False
    if set(number) == {"0"}:
        return False
    digits = [ord(c) - ord("0") for c in number]

    def check(values, first, second):
        for weights in (first, second):
            total = 0
            for value, weight in zip(values, weights, strict=True):
                total += value * weight
            if total % 11 != 10:
                return total % 11
        return 0

    if check(digits[:8], range(1, 9), range(3, 11)) != digits[8]:
        return False
    return len(digits) == 9 or check(digits[8:12], (2, 7, 3, 5), (4, 9, 5, 7)) == digits[12]


def test_eik_check_agrees_with_an_independent_implementation_on_random_numbers():
    import random

    generator = random.Random(20261202)
    numbers = [f"{generator.randrange(10**9):09d}" for _ in range(20_000)]
    numbers += [f"{generator.randrange(10**13):013d}" for _ in range(20_000)]
    # Random numbers are valid one time in ten: add valid ones built on the independent side,
    # both 9 and 13 digits, so that both answers are exercised many times.
    for body in (f"{generator.randrange(10**8):08d}" for _ in range(5_000)):
        for last in "0123456789":
            if _independent_eik_check(body + last):
                numbers.append(body + last)
                tail = f"{generator.randrange(1000):03d}"
                numbers += [body + last + tail + d for d in "0123456789"]
    disagreements = [n for n in numbers if eik_is_valid(n) != _independent_eik_check(n)]
    assert not disagreements
    assert sum(map(eik_is_valid, numbers)) > 8_000


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def test_upload_validator_checks_size_name_and_content(settings):
    from django.utils import translation

    from partnerstvo.core.validators import OFFICE_DOCUMENTS, PDF_SIGNATURE, UploadValidator

    settings.TEST_MAX_UPLOAD = 1000
    documents = UploadValidator(
        types=OFFICE_DOCUMENTS, max_bytes_setting="TEST_MAX_UPLOAD", code_prefix="doc"
    )
    documents(_upload("report.pdf", b"%PDF-1.7\n..."))
    documents(_upload("table.XLSX", b"PK\x03\x04rest"))
    documents(_upload("late-header.pdf", b"\n" * 100 + b"%PDF-1.4\n"))  # within 1024 bytes
    with translation.override("en"):
        for upload, code, text in [
            (_upload("run.exe", b"MZ"), "doc_type", "DOCX, PDF, PPTX, XLSX"),
            (_upload("report.pdf", b"hello"), "doc_content", "not a real PDF"),
            (_upload("slides.pptx", b"%PDF-1.7"), "doc_content", "not a real PPTX"),
            (_upload("big.pdf", b"%PDF-" + b"x" * 2000), "file_too_large", "largest"),
        ]:
            with pytest.raises(ValidationError) as error:
                documents(upload)
            assert error.value.code == code
            assert text in error.value.messages[0]
    # A complete PDF: the end must be there too; an unset setting falls back to the default.
    scans = UploadValidator(
        types={".pdf": PDF_SIGNATURE},
        max_bytes_setting="TEST_UNSET_LIMIT",
        default_max_bytes=100,
        pdf_complete=True,
    )
    scans(_upload("sheet.pdf", b"%PDF-1.7\n...\n%%EOF\n"))
    with pytest.raises(ValidationError):
        scans(_upload("cut.pdf", b"%PDF-1.7\n..."))
    assert scans.max_bytes() == 100
    # The position of the file is kept (the storage reads it from there).
    upload = _upload("report.pdf", b"%PDF-1.7\n...")
    upload.seek(3)
    documents(upload)
    assert upload.tell() == 3


def test_the_apps_upload_checks_are_the_core_one():
    from partnerstvo.events.validators import validate_public_document
    from partnerstvo.practices.validators import max_attachment_bytes, validate_attachment
    from partnerstvo.trainings.validators import max_scan_bytes, validate_pdf_scan

    real_pdf = b"%PDF-1.7\n...\n%%EOF\n"
    for validate in (validate_public_document, validate_attachment, validate_pdf_scan):
        validate(_upload("a.pdf", real_pdf))
        with pytest.raises(ValidationError):
            validate(_upload("a.pdf", b"text"))
        with pytest.raises(ValidationError):
            validate(_upload("a.exe", real_pdf))
    validate_attachment(_upload("a.docx", b"PK\x03\x04..."))
    with pytest.raises(ValidationError) as error:
        validate_pdf_scan(_upload("a.docx", b"PK\x03\x04..."))  # a scan is a PDF only
    assert error.value.code == "scan_type"
    assert max_attachment_bytes() == 10 * 1024 * 1024 and max_scan_bytes() > 0
