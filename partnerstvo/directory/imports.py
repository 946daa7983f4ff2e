"""Importing CSOs from CSV or XLSX: parse, validate every row, preview, apply all or nothing."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log
from partnerstvo.core.permissions import require

from .forms import OrganisationImportRowForm
from .models import AreaOfWork, Municipality, Organisation, OrganisationImport
from .services import organisation_create

# Accepted column headers, in English or Bulgarian, mapped to form fields.
COLUMNS = {
    "name": "name", "наименование": "name", "име": "name",
    "short_name": "short_name", "кратко наименование": "short_name", "кратко име": "short_name",
    "legal_form": "legal_form", "правна форма": "legal_form",
    "eik": "eik", "еик": "eik", "булстат": "eik", "еик/булстат": "eik",
    "seat": "seat", "седалище": "seat", "община": "seat",
    "municipalities": "municipalities", "общини": "municipalities",
    "общини на действие": "municipalities",
    "areas": "areas", "области": "areas", "области на дейност": "areas",
    "benefit": "benefit", "полза": "benefit",
    "description": "description", "описание": "description",
    "email": "email", "e-mail": "email", "имейл": "email", "ел. поща": "email",
    "phone": "phone", "телефон": "phone",
    "website": "website", "уебсайт": "website", "сайт": "website",
    "in_programme": "in_programme", "в програмата": "in_programme", "програма": "in_programme",
}  # fmt: skip
REQUIRED_COLUMNS = {"name", "legal_form", "seat"}
LEGAL_FORM_WORDS = {
    "сдружение": "association", "фондация": "foundation", "читалище": "community_centre",
    "съюз": "union", "съюз на сдружения": "union", "неформална група": "informal",
    "друго": "other",
}  # fmt: skip
BENEFIT_WORDS = {
    "общественополезна": "public",
    "частна": "private",
    "в обществена полза": "public",
    "в частна полза": "private",
}
TRUE_WORDS = {"1", "yes", "true", "да", "x", "✓"}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


def _read_csv(raw: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The CSV file is neither UTF-8 nor Windows-1251 text."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [
            row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)
        ]
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read: %(error)s") % {"error": error}
        ) from error


def _read_xlsx(raw: bytes) -> list[list[str]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("The Excel file cannot be opened; is it a real .xlsx?")) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if value is None else str(value).strip() for value in row]
            if any(cells):
                rows.append(cells)
            if len(rows) > settings.PARTNERSTVO_MAX_IMPORT_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _records(table: list[list[str]]) -> list[dict]:
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [COLUMNS.get(cell.strip().casefold()) for cell in table[0]]
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        raise ImportFileError(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(sorted(missing))}
        )
    body = table[1:]
    if not body:
        raise ImportFileError(_("The file has a header row but no organisations."))
    if len(body) > settings.PARTNERSTVO_MAX_IMPORT_ROWS:
        raise ImportFileError(
            _("The file has more than %(limit)s rows; split it into smaller files.")
            % {"limit": settings.PARTNERSTVO_MAX_IMPORT_ROWS}
        )
    records = []
    for cells in body:
        record = {}
        for index, field in enumerate(header):
            if field and index < len(cells):
                record[field] = cells[index].strip()
        legal = record.get("legal_form", "").casefold()
        record["legal_form"] = LEGAL_FORM_WORDS.get(legal, legal)
        benefit = record.get("benefit", "").casefold()
        record["benefit"] = BENEFIT_WORDS.get(benefit, benefit) or "public"
        record["in_programme"] = record.get("in_programme", "").casefold() in TRUE_WORDS
        records.append(record)
    return records


def _lookups() -> tuple[dict, dict]:
    municipalities = {}
    for municipality in Municipality.objects.all():
        municipalities[municipality.name.casefold()] = municipality
        municipalities[municipality.slug] = municipality
        if municipality.code:
            municipalities[municipality.code.casefold()] = municipality
    areas = {}
    for area in AreaOfWork.objects.all():
        for key in (area.name, area.name_en, area.slug):
            if key:
                areas[key.casefold()] = area
    return municipalities, areas


def _validate(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """Validate every record; return the cleaned rows (JSON-able) and the errors by row."""
    municipalities, areas = _lookups()
    clean_rows, errors = [], []
    seen_eiks: dict[str, int] = {}
    for number, record in enumerate(records, start=2):  # row 1 is the header
        form = OrganisationImportRowForm(
            data=record, municipalities_by_key=municipalities, areas_by_key=areas
        )
        if form.is_valid():
            eik = form.cleaned_data.get("eik")
            if eik and eik in seen_eiks:
                errors.append({
                    "row": number, "field": "eik",
                    "message": _("EIK %(eik)s is already on row %(row)s of this file.")
                    % {"eik": eik, "row": seen_eiks[eik]},
                })  # fmt: skip
            if eik:
                seen_eiks.setdefault(eik, number)
            data = form.cleaned_data
            clean_rows.append({
                "row": number,
                **{k: data[k] for k in OrganisationImportRowForm.Meta.fields},
                "seat": data["seat"].pk,
                "municipalities": [m.pk for m in data["municipalities"]],
                "areas": [a.pk for a in data["areas"]],
                "seat_name": data["seat"].name,
            })  # fmt: skip
        else:
            for field, messages in form.errors.items():
                for message in messages:
                    errors.append({"row": number, "field": field, "message": str(message)})
    return clean_rows, errors


@transaction.atomic
def organisation_import_upload(*, actor, file, file_kind: str) -> OrganisationImport:
    """Read and validate an uploaded file and keep it for preview. Writes no organisation.

    Raises ``ImportFileError`` when the file as a whole cannot be read.
    """
    require(actor, "import", Organisation)
    raw = file.read()
    table = _read_xlsx(raw) if file_kind == "xlsx" else _read_csv(raw)
    records = _records(table)
    rows, errors = _validate(records)
    return OrganisationImport.objects.create(
        uploaded_by=actor,
        file_name=(file.name or "")[:255],
        status=OrganisationImport.Status.INVALID if errors else OrganisationImport.Status.READY,
        rows=rows,
        errors=errors,
    )


@transaction.atomic
def organisation_import_apply(*, actor, organisation_import: OrganisationImport) -> int:
    """Create every organisation of a ready import, or none: one bad row (even one that became bad
    since the preview, e.g. an EIK registered meanwhile) rolls the whole import back."""
    require(actor, "import", Organisation)
    locked = OrganisationImport.objects.select_for_update().get(pk=organisation_import.pk)
    if locked.status != OrganisationImport.Status.READY:
        raise ValidationError(_("This import is not ready: fix the file and upload it again."))
    municipalities = Municipality.objects.in_bulk(
        [r["seat"] for r in locked.rows] + [m for r in locked.rows for m in r["municipalities"]]
    )
    areas = AreaOfWork.objects.in_bulk([a for r in locked.rows for a in r["areas"]])
    for row in locked.rows:
        data = {k: row[k] for k in OrganisationImportRowForm.Meta.fields}
        data["seat"] = municipalities[row["seat"]]
        data["municipalities"] = [municipalities[m] for m in row["municipalities"]]
        data["areas"] = [areas[a] for a in row["areas"]]
        try:
            organisation_create(actor=actor, data=data)
        except ValidationError as error:
            raise ValidationError(
                _("Row %(row)s: %(errors)s")
                % {"row": row["row"], "errors": "; ".join(error.messages)}
            ) from error
    locked.status = OrganisationImport.Status.APPLIED
    locked.applied_at = timezone.now()
    locked.created_count = len(locked.rows)
    locked.save(update_fields=["status", "applied_at", "created_count"])
    audit_log(
        actor=actor,
        action="directory.import.applied",
        instance=locked,
        data={"created": locked.created_count},
    )
    organisation_import.refresh_from_db()
    return locked.created_count
