"""Writes of problem analyses. Each service is keyword-only and atomic, checks its caller with
the platform's policies (``require``), validates every row before the transaction commits (a
``ValidationError`` rolls back the analysis and its rows together, so nothing is half-written),
and audits what it changes (``analyses.analysis.*``)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log, snapshot
from partnerstvo.core.permissions import require
from partnerstvo.core.services import save_audited
from partnerstvo.core.transliteration import unique_slug

from .models import (
    AnalysisAuthor,
    AnalysisDocument,
    AnalysisPartner,
    Finding,
    ProblemAnalysis,
    Recommendation,
    Stakeholder,
    SwotItem,
)

ANALYSIS_FIELDS = ["title", "problem", "period_start", "period_end", "methodology", "summary"]
# The row kinds an analysis has: name -> (model, the fields a row is given).
ROW_KINDS: dict[str, tuple[type, list[str]]] = {
    "stakeholders": (
        Stakeholder,
        ["name", "organisation", "administration", "kind", "interest", "influence", "role"],
    ),
    "findings": (Finding, ["text", "source", "value", "unit", "year"]),
    "swot": (SwotItem, ["quadrant", "text"]),
    "recommendations": (Recommendation, ["text", "addressee", "priority", "timeframe"]),
    "authors": (AnalysisAuthor, ["person", "name", "affiliation", "role"]),
}
MAX_ROWS = 500
RESERVED_SLUGS = {"new"}


def _check_territory(data: dict) -> None:
    if "municipalities" in data and not list(data["municipalities"] or []):
        raise ValidationError(
            {"municipalities": _("Choose at least one municipality the analysis covers.")}
        )


def _clean_partners(analysis: ProblemAnalysis, partners) -> list[dict]:
    cleaned, seen = [], set()
    for partner in partners:
        organisation, administration = partner.get("organisation"), partner.get("administration")
        if bool(organisation) == bool(administration):
            raise ValidationError(
                {"partners": _("Each co-author is an organisation or an administration.")}
            )
        key = ("o", organisation.pk) if organisation else ("a", administration.pk)
        owner = (
            ("o", analysis.organisation_id)
            if analysis.organisation_id
            else ("a", analysis.administration_id)
        )
        if key == owner:
            raise ValidationError(
                {"partners": _("The owner of the analysis is not also its co-author.")}
            )
        if key in seen:
            raise ValidationError({"partners": _("A co-author is named twice.")})
        seen.add(key)
        cleaned.append({"organisation": organisation, "administration": administration})
    return cleaned


def _set_partners(analysis: ProblemAnalysis, partners) -> None:
    partners = _clean_partners(analysis, partners)
    analysis.partners.all().delete()
    AnalysisPartner.objects.bulk_create(
        [AnalysisPartner(analysis=analysis, **partner) for partner in partners]
    )


def _row_errors(kind: str, number: int, error: ValidationError) -> ValidationError:
    messages = (
        [m for items in error.message_dict.values() for m in items]
        if hasattr(error, "error_dict")
        else error.messages
    )
    return ValidationError(
        {
            kind: [
                _("Row %(number)s: %(message)s") % {"number": number, "message": message}
                for message in messages
            ]
        }
    )


def _replace_rows(*, actor, analysis: ProblemAnalysis, kind: str, rows) -> int:
    """Replace the rows of ``kind`` with ``rows`` (dicts, in their order); each is validated
    first, the transaction rolls back on the first bad one."""
    model, fields = ROW_KINDS[kind]
    rows = list(rows)
    if len(rows) > MAX_ROWS:
        raise ValidationError({kind: _("At most %(count)s rows.") % {"count": MAX_ROWS}})
    instances = []
    for number, row in enumerate(rows, start=1):
        unknown = set(row) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no field(s) {sorted(unknown)}")
        values = {name: row.get(name) for name in fields}
        for name, value in values.items():
            if value is None and model._meta.get_field(name).get_internal_type() in (
                "CharField",
                "TextField",
            ):
                values[name] = ""
            elif isinstance(value, str):
                values[name] = value.strip()
        instance = model(analysis=analysis, order=number, **values)
        try:
            instance.full_clean(exclude=["analysis"])
        except ValidationError as error:
            raise _row_errors(kind, number, error) from None
        instances.append(instance)
    before = model.objects.filter(analysis=analysis).count()
    model.objects.filter(analysis=analysis).delete()
    model.objects.bulk_create(instances)
    audit_log(
        actor=actor,
        action=f"analyses.analysis.{kind}",
        instance=analysis,
        data={"before": before, "after": len(instances)},
    )
    return len(instances)


def _touch(analysis: ProblemAnalysis) -> None:
    """Mark the analysis changed (its cached PDF report is keyed by ``updated_at``)."""
    analysis.updated_at = timezone.now()
    ProblemAnalysis.objects.filter(pk=analysis.pk).update(updated_at=analysis.updated_at)


def _slug_for(title: str) -> str:
    slug = unique_slug(title, queryset=ProblemAnalysis.objects.all(), max_length=100)
    if slug in RESERVED_SLUGS:
        slug = unique_slug(f"{slug}-analysis", queryset=ProblemAnalysis.objects.all())
    return slug


@transaction.atomic
def analysis_create(*, actor, data: dict, rows: dict | None = None) -> ProblemAnalysis:
    """Create a draft analysis owned by ``data["organisation"]`` or ``data["administration"]``
    (a party the actor writes for; any party for a coordinator), with its territory
    (``municipalities``, at least one), ``areas``, co-authoring ``partners`` (dicts of
    ``organisation`` or ``administration``) and ``rows`` (kind -> list of dicts, see
    ``ROW_KINDS``). Audited; nothing is written unless all of it is valid."""
    analysis = ProblemAnalysis(
        organisation=data.get("organisation"), administration=data.get("administration")
    )
    if bool(analysis.organisation_id) == bool(analysis.administration_id):
        raise ValidationError(
            {"owner": _("An analysis belongs to one organisation or one municipal administration.")}
        )
    require(actor, "add", analysis)
    _check_territory({"municipalities": data.get("municipalities")})
    fields = {key: data[key] for key in ANALYSIS_FIELDS if key in data}
    fields["slug"] = _slug_for(data.get("title") or "")
    fields["municipalities"] = list(data["municipalities"])
    fields["areas"] = list(data.get("areas") or [])
    if getattr(actor, "pk", None):
        fields["created_by"] = actor
    analysis = save_audited(
        instance=analysis, data=fields, actor=actor, action="analyses.analysis.created"
    )
    _set_partners(analysis, data.get("partners") or [])
    for kind, kind_rows in (rows or {}).items():
        _replace_rows(actor=actor, analysis=analysis, kind=kind, rows=kind_rows)
    return analysis


@transaction.atomic
def analysis_update(
    *, actor, analysis: ProblemAnalysis, data: dict, rows: dict | None = None
) -> ProblemAnalysis:
    """Change an analysis: its fields, territory, areas and co-authors (keys present in
    ``data``), and replace the rows of each kind in ``rows``. Its owner does not change. The
    owning party's writers and coordinators; audited."""
    require(actor, "change", analysis)
    analysis = ProblemAnalysis.objects.select_for_update().get(pk=analysis.pk)
    _check_territory(data)
    fields = {key: data[key] for key in ANALYSIS_FIELDS if key in data}
    for name in ("municipalities", "areas"):
        if name in data:
            fields[name] = list(data[name] or [])
    analysis = save_audited(
        instance=analysis, data=fields, actor=actor, action="analyses.analysis.changed"
    )
    if "partners" in data:
        _set_partners(analysis, data["partners"] or [])
    for kind, kind_rows in (rows or {}).items():
        _replace_rows(actor=actor, analysis=analysis, kind=kind, rows=kind_rows)
    _touch(analysis)
    return analysis


@transaction.atomic
def analysis_publish(*, actor, analysis: ProblemAnalysis) -> ProblemAnalysis:
    """Publish a draft: everyone reads it, with its public documents, and the API lists it."""
    require(actor, "publish", analysis)
    analysis = ProblemAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.is_published:
        raise ValidationError(_("The analysis is already published."))
    if not analysis.municipalities.exists():
        raise ValidationError(_("Choose the municipalities the analysis covers before publishing."))
    before = snapshot(analysis, ["status", "published_at"])
    analysis.status = ProblemAnalysis.Status.PUBLISHED
    analysis.published_at = timezone.now()
    analysis.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(
        actor=actor,
        action="analyses.analysis.published",
        instance=analysis,
        before=before,
        after=snapshot(analysis, ["status", "published_at"]),
    )
    return analysis


@transaction.atomic
def analysis_unpublish(*, actor, analysis: ProblemAnalysis) -> ProblemAnalysis:
    """Take a published analysis back to a draft: it leaves the public pages and the API."""
    require(actor, "unpublish", analysis)
    analysis = ProblemAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if not analysis.is_published:
        raise ValidationError(_("The analysis is not published."))
    before = snapshot(analysis, ["status", "published_at"])
    analysis.status = ProblemAnalysis.Status.DRAFT
    analysis.published_at = None
    analysis.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(
        actor=actor,
        action="analyses.analysis.unpublished",
        instance=analysis,
        before=before,
        after=snapshot(analysis, ["status", "published_at"]),
    )
    return analysis


@transaction.atomic
def analysis_document_add(
    *, actor, analysis: ProblemAnalysis, title: str, file, is_public: bool = True
) -> AnalysisDocument:
    """Attach a file (a real PDF, Word, Excel or PowerPoint file within the size limit) to the
    analysis, public (served with the published analysis) or internal. Its writers; audited."""
    require(actor, "change", analysis)
    document = AnalysisDocument(
        analysis=analysis,
        title=(title or "").strip() or Path(getattr(file, "name", "") or "").name[:255],
        file=file,
        filename=Path(getattr(file, "name", "") or "").name[:255],
        is_public=bool(is_public),
    )
    document.full_clean(exclude=["analysis"])
    document.save()
    audit_log(
        actor=actor,
        action="analyses.document.added",
        instance=analysis,
        data={"document": document.title, "public": document.is_public},
    )
    _touch(analysis)
    return document


@transaction.atomic
def analysis_document_remove(*, actor, document: AnalysisDocument) -> None:
    """Remove a document of the analysis and its file (once the transaction has committed)."""
    analysis = document.analysis
    require(actor, "change", analysis)
    name, storage = document.file.name, document.file.storage
    title = document.title
    document.delete()
    audit_log(
        actor=actor, action="analyses.document.removed", instance=analysis, data={"document": title}
    )
    _touch(analysis)
    transaction.on_commit(lambda: storage.delete(name) if name else None)


@transaction.atomic
def analysis_delete(*, actor, analysis: ProblemAnalysis) -> None:
    """Delete a draft with its rows and documents (their files once the transaction has
    committed). A published analysis is unpublished first, so that nothing public disappears
    by one click. Its writers; audited."""
    require(actor, "delete", analysis)
    analysis = ProblemAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.is_published:
        raise ValidationError(_("Unpublish the analysis before deleting it."))
    files = [(d.file.storage, d.file.name) for d in analysis.documents.all() if d.file]
    audit_log(
        actor=actor,
        action="analyses.analysis.deleted",
        instance=analysis,
        before=snapshot(analysis, ["title", "slug", "status"]),
    )
    analysis.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
