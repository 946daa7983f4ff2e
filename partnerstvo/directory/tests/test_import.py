import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from partnerstvo.core.models import AuditEntry
from partnerstvo.directory.models import Organisation, OrganisationImport

from .factories import valid_eik

HEADER = "наименование;правна форма;ЕИК;седалище;общини;e-mail;в програмата\n"


def _csv(rows: list[str], encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "csos.csv", (HEADER + "\n".join(rows)).encode(encoding), content_type="text/csv"
    )


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "legal_form", "eik", "seat", "municipalities", "email", "in_programme"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("csos.xlsx", buffer.getvalue())


@pytest.fixture
def coordinator_client(client, coordinator, reference_data):
    client.force_login(coordinator)
    return client


def test_valid_csv_is_previewed_then_imported_whole(coordinator_client):
    rows = [
        f"Сдружение „Нов път“;сдружение;{valid_eik(1)};PVN10;PVN10;a@example.bg;да",
        f"Фондация „Бяла“;фондация;{valid_eik(2)};Бяла;RSE04,VTR06;;не",
        "Доброволци от Гулянци;неформална група;;Гулянци;;;да",
    ]
    response = coordinator_client.post("/admin/directory/import/", {"file": _csv(rows)})
    assert response.status_code == 302
    organisation_import = OrganisationImport.objects.get()
    assert organisation_import.status == "ready"
    assert not Organisation.objects.exists()  # the preview saves nothing
    preview = coordinator_client.get(response["Location"])
    assert "Сдружение „Нов път“" in preview.content.decode()
    response = coordinator_client.post(response["Location"])
    assert response.status_code == 302
    assert Organisation.objects.count() == 3
    assert Organisation.objects.get(name="Фондация „Бяла“").municipalities.count() == 2
    assert Organisation.objects.get(name="Доброволци от Гулянци").eik is None
    assert AuditEntry.objects.filter(action="directory.organisation.created").count() == 3
    organisation_import.refresh_from_db()
    assert organisation_import.status == "applied" and organisation_import.created_count == 3
    # Applying twice does not import twice.
    coordinator_client.post(f"/admin/directory/import/{organisation_import.pk}/")
    assert Organisation.objects.count() == 3


def test_a_single_bad_row_blocks_everything_and_each_error_is_reported(coordinator_client, iskar):
    rows = [
        f"Сдружение „Добро“;сдружение;{valid_eik(11)};PVN10;;;да",
        "Сдружение „Лош ЕИК“;сдружение;123456789;PVN10;;;да",
        f"Сдружение „Без място“;сдружение;{valid_eik(3)};Атлантида;;;да",
        f"Сдружение „Дубликат“;сдружение;{valid_eik(11)};PVN10;;;да",
        f"Сдружение „Вече има“;сдружение;{iskar.eik};PVN10;;;да",
        f"Сдружение „Странна форма“;кооперация;{valid_eik(4)};PVN10;;;да",
        f";сдружение;{valid_eik(5)};PVN10;;;да",
        f"Сдружение „Лош имейл“;сдружение;{valid_eik(6)};PVN10;;не-е-имейл;да",
    ]
    response = coordinator_client.post("/admin/directory/import/", {"file": _csv(rows)})
    organisation_import = OrganisationImport.objects.get()
    assert organisation_import.status == "invalid"
    errors = {(e["row"], e["field"]) for e in organisation_import.errors}
    assert errors == {
        (3, "eik"),
        (4, "seat"),
        (5, "eik"),
        (6, "eik"),
        (7, "legal_form"),
        (8, "name"),
        (9, "email"),
    }
    preview = coordinator_client.get(response["Location"]).content.decode()
    assert 'id="import-errors"' in preview
    # Applying an invalid import is refused and saves nothing.
    coordinator_client.post(response["Location"])
    assert Organisation.objects.count() == 1


def test_xlsx_is_read(coordinator_client):
    file = _xlsx([["Сдружение „Ексел“", "association", valid_eik(7), "VTR06", "", "", "1"]])
    response = coordinator_client.post("/admin/directory/import/", {"file": file})
    assert response.status_code == 302
    coordinator_client.post(response["Location"])
    assert Organisation.objects.get().seat.code == "VTR06"


def test_windows_1251_csv_is_read(coordinator_client):
    rows = [f"Сдружение „Кирилица“;сдружение;{valid_eik(8)};PVN10;;;да"]
    response = coordinator_client.post(
        "/admin/directory/import/", {"file": _csv(rows, encoding="cp1251")}
    )
    assert response.status_code == 302
    assert OrganisationImport.objects.get().rows[0]["name"] == "Сдружение „Кирилица“"


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("csos.pdf", b"%PDF-1.4"), "CSV"),
        (SimpleUploadedFile("csos.xlsx", b"not a zip at all"), "xlsx"),
        (SimpleUploadedFile("csos.xlsx", b"PK\x03\x04broken zip"), "xlsx"),
        (SimpleUploadedFile("csos.csv", b""), ""),
        (SimpleUploadedFile("csos.csv", "име;нещо\nа;б\n".encode()), ""),
        (SimpleUploadedFile("csos.csv", HEADER.encode()), ""),
    ],
)
def test_unreadable_files_get_a_clear_error_and_save_nothing(coordinator_client, file, message):
    response = coordinator_client.post("/admin/directory/import/", {"file": file})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert message in " ".join(response.context["form"].errors["file"])
    assert not OrganisationImport.objects.exists()


def test_oversized_file_is_refused(coordinator_client, settings):
    settings.PARTNERSTVO_MAX_IMPORT_BYTES = 50
    rows = [f"Сдружение „Голямо“;сдружение;{valid_eik(9)};PVN10;;;да"] * 5
    response = coordinator_client.post("/admin/directory/import/", {"file": _csv(rows)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_too_many_rows_are_refused(coordinator_client, settings):
    settings.PARTNERSTVO_MAX_IMPORT_ROWS = 2
    rows = [f"Сдружение „{i}“;сдружение;{valid_eik(i)};PVN10;;;да" for i in range(3)]
    response = coordinator_client.post("/admin/directory/import/", {"file": _csv(rows)})
    assert response.status_code == 200
    assert not OrganisationImport.objects.exists()


def test_only_coordinators_may_import(client, reference_data, iskar_admin, auditor):
    rows = [f"Сдружение „Х“;сдружение;{valid_eik(1)};PVN10;;;да"]
    for user in (iskar_admin, auditor):
        client.force_login(user)
        assert client.get("/admin/directory/import/").status_code in (302, 403)
        response = client.post("/admin/directory/import/", {"file": _csv(rows)})
        assert response.status_code in (302, 403)
    assert not OrganisationImport.objects.exists()


def test_import_that_became_invalid_rolls_back_whole(coordinator_client, coordinator):
    from partnerstvo.core.permissions import SYSTEM
    from partnerstvo.directory import services
    from partnerstvo.directory.models import Municipality

    from .factories import organisation_data

    rows = [
        f"Сдружение „Първо“;сдружение;{valid_eik(1)};PVN10;;;да",
        f"Сдружение „Второ“;сдружение;{valid_eik(2)};PVN10;;;да",
    ]
    response = coordinator_client.post("/admin/directory/import/", {"file": _csv(rows)})
    # Between preview and apply, someone registers the second EIK.
    services.organisation_create(
        actor=SYSTEM,
        data=organisation_data(
            name="Междувременно", eik=valid_eik(2), seat=Municipality.objects.get(code="PVN10")
        ),
    )
    coordinator_client.post(response["Location"])
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Междувременно"]
    assert OrganisationImport.objects.get().status == "ready"


def test_import_normalises_eiks_before_checking_them_against_the_file_and_the_directory(
    coordinator_client, iskar
):
    eik = valid_eik(21)
    fullwidth = eik.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows = [
        f"Сдружение „Едно“;сдружение;BG {eik};PVN10;;;да",
        f"Сдружение „Две“;сдружение;{eik};PVN10;;;да",
        f"Сдружение „Три“;сдружение;{fullwidth};PVN10;;;да",
        f"Сдружение „Искър пак“;сдружение;bg{iskar.eik};PVN10;;;да",
    ]
    coordinator_client.post("/admin/directory/import/", {"file": _csv(rows)})
    organisation_import = OrganisationImport.objects.get()
    assert organisation_import.status == "invalid"
    assert {(e["row"], e["field"]) for e in organisation_import.errors} == {
        (3, "eik"), (4, "eik"), (5, "eik"),
    }  # fmt: skip
    assert organisation_import.rows[0]["eik"] == eik
