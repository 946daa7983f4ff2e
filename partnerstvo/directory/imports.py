"""Importing CSOs from CSV or XLSX: parse, validate every row, preview, apply all or nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log
from partnerstvo.core.jobs import JobFailed
from partnerstvo.core.permissions import require

from .forms import OrganisationImportRowForm
from .models import (
    AreaOfWork,
    Municipality,
    Organisation,
    OrganisationImport,
    OrganisationImportJob,
)
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


# Columns read from a sheet: more than any import has (the declared width is not trusted).
MAX_COLUMNS = 64


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _(
            "The file has more than %(limit)s rows (empty rows count too); split it into "
            "smaller files or delete the empty rows."
        )
        % {"limit": settings.PARTNERSTVO_MAX_IMPORT_ROWS}
    )


def _bounded(rows) -> list[list[str]]:
    """The non-empty rows of ``rows``, counting every row read (empty or not) toward the limit
    and stopping at the first one past it: a sheet of millions of empty rows is refused after
    reading the limit, not after reading the sheet."""
    limit = settings.PARTNERSTVO_MAX_IMPORT_ROWS + 1  # and the header
    table = []
    for count, row in enumerate(rows, start=1):
        if count > limit:
            raise _too_many_rows()
        cells = ["" if value is None else str(value).strip() for value in row[:MAX_COLUMNS]]
        if any(cells):
            table.append(cells)
    return table


def _read_csv(raw: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The CSV file is neither UTF-8 nor Windows-1251 text."))
    if "\x00" in text:
        raise ImportFileError(_("The CSV file is not text: it contains binary data."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return _bounded(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read: %(error)s") % {"error": error}
        ) from error


def check_xlsx_archive(raw: bytes) -> None:
    """Refuse an XLSX that is not a workbook, or that would uncompress to more than the limit or
    hold more members than a workbook needs, from its ZIP directory alone (before anything is
    uncompressed). The sizes in the directory are enforced by ``zipfile`` while reading: a member
    that inflates past its declared size fails its check instead."""
    from zipfile import BadZipFile, ZipFile

    try:
        with ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(_("The Excel file cannot be opened; is it a real .xlsx?")) from error
    limit = settings.PARTNERSTVO_MAX_IMPORT_MEMBERS
    if len(members) > limit:
        raise ImportFileError(
            _("The Excel file holds %(count)s files; a workbook needs at most %(limit)s.")
            % {"count": len(members), "limit": limit}
        )
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportFileError(_("The file is a ZIP archive but not an Excel workbook (.xlsx)."))
    total = sum(member.file_size for member in members)
    limit = settings.PARTNERSTVO_MAX_IMPORT_UNCOMPRESSED_BYTES
    if total > limit:
        raise ImportFileError(
            _(
                "The Excel file uncompresses to %(size)s, more than the %(limit)s allowed; it "
                "probably holds millions of empty rows. Copy the organisations into a new file."
            )
            % {"size": filesizeformat(total), "limit": filesizeformat(limit)}
        )


def _read_xlsx(raw: bytes) -> list[list[str]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    check_xlsx_archive(raw)
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("The Excel file cannot be opened; is it a real .xlsx?")) from error
    try:
        sheet = workbook.worksheets[0]
        # The declared dimension is not trusted: openpyxl would pad every row to its width and
        # walk to its last row. Only the rows in the sheet are read, at most MAX_COLUMNS wide.
        sheet.reset_dimensions()
        return _bounded(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
    except (BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("The Excel file cannot be read; is it a real .xlsx?")) from error
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


def _validate(
    records: list[dict], progress: Callable[[int, int], None] | None = None
) -> tuple[list[dict], list[dict]]:
    """Validate every record; return the cleaned rows (JSON-able) and the errors by row."""
    municipalities, areas = _lookups()
    clean_rows, errors = [], []
    seen_eiks: dict[str, int] = {}
    for number, record in enumerate(records, start=2):  # row 1 is the header
        if progress is not None and (number - 2) % PROGRESS_EVERY == 0:
            progress(number - 2, len(records))
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


# Progress of a background check is written every this many rows.
PROGRESS_EVERY = 50


def _read(raw: bytes, file_kind: str) -> list[dict]:
    table = _read_xlsx(raw) if file_kind == "xlsx" else _read_csv(raw)
    return _records(table)


def _in_background(count: int) -> bool:
    return count > settings.PARTNERSTVO_IMPORT_BACKGROUND_ROWS


def _status(errors) -> str:
    return OrganisationImport.Status.INVALID if errors else OrganisationImport.Status.READY


@transaction.atomic
def organisation_import_upload(*, actor, file, file_kind: str) -> OrganisationImport:
    """Read an uploaded file and keep it for preview. Writes no organisation.

    The file as a whole is read at once (its size, archive and row count are bounded, so this is
    quick); its rows are validated at once when there are few, otherwise by a background job
    (``tasks.check_organisation_import``): the import is "being checked" until then, and the
    uploaded file is kept in private storage for the job. Raises ``ImportFileError`` when the
    file as a whole cannot be read. Coordinators."""
    require(actor, "import", Organisation)
    raw = file.read()
    records = _read(raw, file_kind)
    name = Path(file.name or "").name[:255]
    if not _in_background(len(records)):
        rows, errors = _validate(records)
        return OrganisationImport.objects.create(
            uploaded_by=actor, file_name=name, status=_status(errors), rows=rows, errors=errors
        )
    organisation_import = OrganisationImport(
        uploaded_by=actor,
        file_name=name,
        file_kind=file_kind,
        status=OrganisationImport.Status.CHECKING,
    )
    organisation_import.source_file.save(name, ContentFile(raw), save=False)
    organisation_import.save()
    _start_job(organisation_import, actor=actor, kind=OrganisationImportJob.Kind.CHECK,
               total=len(records))  # fmt: skip
    audit_log(actor=actor, action="directory.import.uploaded", instance=organisation_import)
    return organisation_import


def _start_job(organisation_import, *, actor, kind, total) -> OrganisationImportJob:
    from . import tasks

    job = OrganisationImportJob.objects.create(
        organisation_import=organisation_import,
        kind=kind,
        requested_by=actor,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        total=total,
    )
    task = tasks.check_organisation_import if kind == "check" else tasks.apply_organisation_import
    transaction.on_commit(lambda: task.enqueue(job.pk))
    return job


def organisation_import_check(*, job: OrganisationImportJob, progress) -> None:
    """The background check of a large import (run by ``core.jobs.run_job``): validate every row
    of the kept file, store the rows and errors, and delete the file (the rows are what is
    kept from here on)."""
    organisation_import = job.organisation_import
    try:
        with organisation_import.source_file.open("rb") as handle:
            raw = handle.read()
        records = _read(raw, organisation_import.file_kind)
        rows, errors = _validate(records, progress=progress)
    except ImportFileError as error:
        OrganisationImport.objects.filter(pk=organisation_import.pk).update(
            status=OrganisationImport.Status.FAILED
        )
        raise JobFailed(str(error)) from error
    with transaction.atomic():
        OrganisationImport.objects.filter(pk=organisation_import.pk).update(
            status=_status(errors), rows=rows, errors=errors, source_file=""
        )
    organisation_import.source_file.delete(save=False)
    progress(len(records), len(records))


@transaction.atomic
def organisation_import_apply(*, actor, organisation_import: OrganisationImport) -> int | None:
    """Create every organisation of a ready import, or none: one bad row (even one that became bad
    since the preview, e.g. an EIK registered meanwhile) rolls the whole import back. A large
    import is applied by a background job (``tasks.apply_organisation_import``): it is "being
    imported" until then, and None is returned. Coordinators."""
    require(actor, "import", Organisation)
    locked = OrganisationImport.objects.select_for_update().get(pk=organisation_import.pk)
    if locked.status != OrganisationImport.Status.READY:
        raise ValidationError(_("This import is not ready: fix the file and upload it again."))
    if _in_background(len(locked.rows)):
        locked.status = OrganisationImport.Status.APPLYING
        locked.save(update_fields=["status"])
        _start_job(locked, actor=actor, kind=OrganisationImportJob.Kind.APPLY,
                   total=len(locked.rows))  # fmt: skip
        organisation_import.refresh_from_db()
        return None
    created = _apply(actor=actor, locked=locked)
    organisation_import.refresh_from_db()
    return created


def organisation_import_apply_job(*, job: OrganisationImportJob, progress) -> None:
    """The background half of ``organisation_import_apply``: all or nothing, in one
    transaction. A row refused now (an EIK registered since the preview) rolls everything back;
    the import is ready again and the job fails with the row's message."""
    actor = job.requested_by
    try:
        with transaction.atomic():
            locked = OrganisationImport.objects.select_for_update().get(
                pk=job.organisation_import_id
            )
            if locked.status != OrganisationImport.Status.APPLYING:
                raise ValidationError(
                    _("This import is not ready: fix the file and upload it again.")
                )
            _apply(actor=actor, locked=locked)
    except ValidationError as error:
        OrganisationImport.objects.filter(
            pk=job.organisation_import_id, status=OrganisationImport.Status.APPLYING
        ).update(status=OrganisationImport.Status.READY)
        raise JobFailed(" ".join(error.messages)) from error
    progress(len(locked.rows), len(locked.rows))


def _apply(*, actor, locked: OrganisationImport) -> int:
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
    return locked.created_count
