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
