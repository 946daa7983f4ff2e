"""The import preview shows what people read: labels of choices and names of columns, not codes."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .factories import valid_eik

HEADER = "наименование;правна форма;ЕИК;седалище;общини;e-mail;в програмата\n"


@pytest.fixture
def coordinator_client(client, coordinator, reference_data):
    client.force_login(coordinator)
    return client


def _upload(client, rows):
    file = SimpleUploadedFile("csos.csv", (HEADER + "\n".join(rows)).encode(), "text/csv")
    return client.post("/admin/directory/import/", {"file": file})


def _cells(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'(?s)<table class="listing" id="{table_id}">.*?</table>', html).group(0)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"(?s)<td>(.*?)</td>", row)]
        for row in re.findall(r"(?s)<tr>(.*?)</tr>", table)
    ]


def test_the_preview_shows_legal_forms_by_their_labels(coordinator_client):
    rows = [
        f"Сдружение „Нов път“;сдружение;{valid_eik(1)};PVN10;;;да",
        f"Фондация „Бяла“;фондация;{valid_eik(2)};Бяла;;;не",
    ]
    response = _upload(coordinator_client, rows)
    html = coordinator_client.get(response["Location"]).content.decode()
    legal_forms = [row[3] for row in _cells(html, "import-rows") if row]
    assert legal_forms == ["Сдружение", "Фондация"]
    assert "association" not in html and "foundation" not in html


def test_import_errors_name_the_column_not_the_field_code(coordinator_client):
    rows = [f"Сдружение „Странна форма“;кооперация;{valid_eik(4)};PVN10;;;да"]
    response = _upload(coordinator_client, rows)
    html = coordinator_client.get(response["Location"]).content.decode()
    columns = [row[1] for row in _cells(html, "import-errors") if row]
    assert columns == ["Правна форма"]
