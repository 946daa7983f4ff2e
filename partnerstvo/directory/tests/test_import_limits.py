"""A hostile import file is refused before it costs time or memory: an XLSX whose sheet
uncompresses to far more than it weighs, one with millions of empty rows or a huge declared
dimension, an archive of thousands of members, a file whose content is not what its name says."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from partnerstvo.directory.models import OrganisationImport

from .factories import valid_eik

HEADER = ["name", "legal_form", "eik", "seat"]


def _real_xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(raw: bytes, sheet_xml) -> bytes:
    """The same workbook with its first sheet replaced by ``sheet_xml`` (bytes, or an iterable
    of byte chunks streamed into the archive)."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with target.open(info.filename, "w", force_zip64=True) as handle:
                    for chunk in [sheet_xml] if isinstance(sheet_xml, bytes) else sheet_xml:
                        handle.write(chunk)
            else:
                target.writestr(info, source.read(info.filename))
    return buffer.getvalue()


def _sheet(rows: str, dimension: str = "A1:D2") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>legal_form</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>eik</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>seat</t></is></c></row>'
)


def _data_row(number: int) -> str:
    return (
        f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>Сдружение Последно</t></is></c>'
        f'<c r="B{number}" t="inlineStr"><is><t>сдружение</t></is></c>'
        f'<c r="C{number}" t="inlineStr"><is><t>{valid_eik(7)}</t></is></c>'
        f'<c r="D{number}" t="inlineStr"><is><t>PVN10</t></is></c></row>'
    )


def _upload(client, content: bytes, name="csos.xlsx"):
    return client.post("/admin/directory/import/", {"file": SimpleUploadedFile(name, content)})


def _errors(response) -> str:
    assert response.status_code == 200
    return " ".join(response.context["form"].errors["file"])


@pytest.fixture
def coordinator_client(client, coordinator, reference_data):
    client.force_login(coordinator)
    return client


def test_a_zip_bomb_is_refused_before_it_is_read(coordinator_client, settings):
    """Ten million empty rows: under a hundred kilobytes that uncompress to 60 MB."""

    def chunks():
        yield _sheet("", "A1:D10000002")[: -len(b"</sheetData></worksheet>")] + HEADER_ROW.encode()
        empty = b"<row/>" * 1_000_000  # rows without a number follow the one before
        for _ in range(10):
            yield empty
        yield _data_row(10_000_002).encode() + b"</sheetData></worksheet>"

    bomb = _rewrite_sheet(_real_xlsx([]), chunks())
    assert len(bomb) < settings.PARTNERSTVO_MAX_IMPORT_BYTES
    total = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert total > settings.PARTNERSTVO_MAX_IMPORT_UNCOMPRESSED_BYTES
    tracemalloc.start()
    response = _upload(coordinator_client, bomb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "50" in _errors(response)  # the limit, in MB: "uncompresses to more than 50 MB"
    assert not OrganisationImport.objects.exists()
    assert peak < 20 * 1024 * 1024


def test_empty_rows_count_toward_the_row_limit(coordinator_client, settings):
    settings.PARTNERSTVO_MAX_IMPORT_ROWS = 100
    empty = "".join(f'<row r="{n}"/>' for n in range(2, 200))
    raw = _rewrite_sheet(_real_xlsx([]), _sheet(HEADER_ROW + empty + _data_row(200), "A1:D200"))
    response = _upload(coordinator_client, raw)
    assert "100" in _errors(response)
    assert not OrganisationImport.objects.exists()


def test_a_huge_declared_dimension_is_not_trusted(coordinator_client, settings):
    """A tiny sheet that claims A1:XFD1048576: openpyxl would pad every row to 16,384 cells and
    walk a million rows; the real rows decide."""
    raw = _rewrite_sheet(_real_xlsx([]), _sheet(HEADER_ROW + _data_row(2), "A1:XFD1048576"))
    tracemalloc.start()
    response = _upload(coordinator_client, raw)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 302
    assert OrganisationImport.objects.get().status == "ready"
    assert peak < 20 * 1024 * 1024


def test_rows_far_apart_are_refused_like_empty_rows(coordinator_client, settings):
    """Row 2 and row 1,000,000: the gap is a million empty rows, and they count."""
    raw = _rewrite_sheet(_real_xlsx([]), _sheet(HEADER_ROW + _data_row(1_000_000), "A1:D2"))
    response = _upload(coordinator_client, raw)
    assert str(settings.PARTNERSTVO_MAX_IMPORT_ROWS) in _errors(response)
    assert not OrganisationImport.objects.exists()


def test_an_archive_of_too_many_members_is_refused(coordinator_client, settings):
    raw = _real_xlsx([["Сдружение", "сдружение", valid_eik(1), "PVN10"]])
    buffer = io.BytesIO(raw)
    with zipfile.ZipFile(buffer, "a") as archive:
        for number in range(settings.PARTNERSTVO_MAX_IMPORT_MEMBERS + 1):
            archive.writestr(f"junk/{number}.xml", b"")
    response = _upload(coordinator_client, buffer.getvalue())
    assert str(settings.PARTNERSTVO_MAX_IMPORT_MEMBERS) in _errors(response)
    assert not OrganisationImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("csos.xlsx", b"PK\x03\x04 a zip header and nothing else"),
        ("csos.xlsx", None),  # a real ZIP that is not a workbook
        ("csos.csv", b"%PDF-1.4 a PDF called .csv"),
        ("csos.csv", b"name;legal_form\n" + b"\x00" * 50),  # binary past the first bytes
    ],
)
def test_the_type_is_checked_by_content(coordinator_client, name, content):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
        content = buffer.getvalue()
    response = _upload(coordinator_client, content, name)
    assert _errors(response)
    assert not OrganisationImport.objects.exists()


# --- Large imports run in the background ------------------------------------------------------


def _csv(rows) -> SimpleUploadedFile:
    text = "наименование;правна форма;ЕИК;седалище\n" + "\n".join(rows)
    return SimpleUploadedFile("Голям списък.csv", text.encode(), content_type="text/csv")


ROWS = [f"Сдружение „Номер {i}“;сдружение;{valid_eik(100 + i)};PVN10" for i in range(3)]


def test_a_large_import_is_checked_then_applied_in_the_background(
    coordinator_client, settings, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from partnerstvo.directory.models import Organisation, OrganisationImportJob

    settings.PARTNERSTVO_IMPORT_BACKGROUND_ROWS = 2
    with django_capture_on_commit_callbacks(execute=False) as check:
        response = coordinator_client.post("/admin/directory/import/", {"file": _csv(ROWS)})
    assert response.status_code == 302
    organisation_import = OrganisationImport.objects.get()
    assert organisation_import.status == "checking"
    assert organisation_import.file_name == "Голям списък.csv"
    kept = organisation_import.source_file.name
    assert kept.startswith("directory/imports/") and "Голям" not in kept
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / kept).is_file()
    page = coordinator_client.get(response["Location"])
    assert b'data-status="checking"' in page.content
    assert b'<meta http-equiv="refresh" content="3">' in page.content
    assert b'<form method="post">' not in page.content  # nothing to confirm yet
    progress = coordinator_client.get(response["Location"] + "?format=json").json()
    assert (progress["status"], progress["total"], progress["import_status"]) == (
        "pending",
        3,
        "checking",
    )

    for callback in check:  # the worker checks it
        callback()
    organisation_import.refresh_from_db()
    assert (organisation_import.status, len(organisation_import.rows)) == ("ready", 3)
    assert not (Path(settings.PRIVATE_MEDIA_ROOT) / kept).exists()  # the rows are what is kept
    assert not Organisation.objects.exists()  # the preview saves nothing
    page = coordinator_client.get(response["Location"])
    assert "Сдружение „Номер 2“" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=False) as apply:
        confirmed = coordinator_client.post(response["Location"])
    assert confirmed["Location"] == response["Location"]
    organisation_import.refresh_from_db()
    assert organisation_import.status == "applying"
    assert not Organisation.objects.exists()
    for callback in apply:
        callback()
    organisation_import.refresh_from_db()
    assert (organisation_import.status, organisation_import.created_count) == ("applied", 3)
    assert Organisation.objects.count() == 3
    assert list(OrganisationImportJob.objects.values_list("kind", "status", "done")) == [
        ("apply", "ready", 3),
        ("check", "ready", 3),
    ]


def test_a_background_import_is_all_or_nothing(
    coordinator_client, coordinator, settings, django_capture_on_commit_callbacks
):
    from partnerstvo.directory.models import Municipality, Organisation
    from partnerstvo.directory.services import organisation_create

    settings.PARTNERSTVO_IMPORT_BACKGROUND_ROWS = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post("/admin/directory/import/", {"file": _csv(ROWS)})
    # Between the preview and the import, someone registers the third EIK.
    organisation_create(
        actor=coordinator,
        data={
            "name": "Вече тук",
            "legal_form": "association",
            "eik": valid_eik(102),
            "seat": Municipality.objects.get(code="PVN10"),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(response["Location"])
    organisation_import = OrganisationImport.objects.get()
    assert organisation_import.status == "ready"  # nothing written; it may be tried again
    assert Organisation.objects.count() == 1
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "4" in page and 'role="alert"' in page  # "Row 4: ..." is shown


def test_a_background_check_is_refused_when_the_coordinator_lost_the_role(
    coordinator_client, coordinator, settings, django_capture_on_commit_callbacks
):
    from partnerstvo.accounts.services import platform_role_revoke
    from partnerstvo.core.permissions import SYSTEM

    settings.PARTNERSTVO_IMPORT_BACKGROUND_ROWS = 2
    with django_capture_on_commit_callbacks(execute=False) as check:
        coordinator_client.post("/admin/directory/import/", {"file": _csv(ROWS)})
    platform_role_revoke(actor=SYSTEM, user=coordinator, role="coordinator")
    for callback in check:
        callback()
    organisation_import = OrganisationImport.objects.get()
    assert (organisation_import.status, organisation_import.rows) == ("failed", [])
    assert organisation_import.jobs.get().status == "failed"
