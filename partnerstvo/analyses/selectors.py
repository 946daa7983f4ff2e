"""Reads of problem analyses: the list (published ones for everyone, and the drafts of the
user's own parties) with its filters, one analysis with every row for its page and PDF report,
and the published analyses for the API. Relations are joined here, so a page costs the same
number of queries whatever the number of rows."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from partnerstvo.core.permissions import scope

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


def _list_relations(analyses: QuerySet) -> QuerySet:
    return analyses.select_related("organisation", "administration__municipality").prefetch_related(
        "municipalities", "areas"
    )


def analysis_list(
    *, user, municipality=None, area=None, year: int | None = None
) -> QuerySet[ProblemAnalysis]:
    """The analyses ``user`` may read (drafts of their own parties first, then the published
    ones, newest first), filtered by a municipality of the territory, an area of work and a
    year of the analysed period."""
    analyses = scope(user, "view", ProblemAnalysis.objects.all())
    if municipality is not None:
        analyses = analyses.filter(
            pk__in=ProblemAnalysis.municipalities.through.objects.filter(
                municipality=municipality
            ).values("problemanalysis_id")
        )
    if area is not None:
        analyses = analyses.filter(
            pk__in=ProblemAnalysis.areas.through.objects.filter(areaofwork=area).values(
                "problemanalysis_id"
            )
        )
    if year is not None:
        analyses = analyses.covering_year(year)
    return _list_relations(analyses).order_by(F("published_at").desc(nulls_first=True), "-pk")


def _row_prefetches() -> list[Prefetch]:
    return [
        Prefetch(
            "partners",
            queryset=AnalysisPartner.objects.select_related("organisation", "administration"),
        ),
        Prefetch(
            "stakeholders",
            queryset=Stakeholder.objects.select_related("organisation", "administration"),
        ),
        Prefetch("findings", queryset=Finding.objects.all()),
        Prefetch("swot", queryset=SwotItem.objects.all()),
        Prefetch("recommendations", queryset=Recommendation.objects.all()),
        Prefetch("authors", queryset=AnalysisAuthor.objects.select_related("person")),
        Prefetch("documents", queryset=AnalysisDocument.objects.order_by("pk")),
    ]


def analysis_for_page(*, user, slug: str) -> ProblemAnalysis:
    """An analysis ``user`` may read, with every row, or ``ProblemAnalysis.DoesNotExist``."""
    return (
        _list_relations(scope(user, "view", ProblemAnalysis.objects.all()))
        .prefetch_related(*_row_prefetches())
        .get(slug=str(slug)[:100])
    )


def public_analyses() -> QuerySet[ProblemAnalysis]:
    """The published analyses with every row (open data), newest first; public documents only."""
    prefetches = [p for p in _row_prefetches() if p.prefetch_to != "documents"]
    return (
        _list_relations(ProblemAnalysis.objects.published())
        .prefetch_related(
            *prefetches,
            Prefetch(
                "documents",
                queryset=AnalysisDocument.objects.filter(is_public=True).order_by("pk"),
            ),
        )
        .order_by("-published_at", "-pk")
    )


def swot_quadrants(analysis: ProblemAnalysis) -> list[tuple[str, str, list[SwotItem]]]:
    """The four SWOT quadrants in their usual order (strengths, weaknesses, opportunities,
    threats), each with its items: (value, label, items)."""
    items = list(analysis.swot.all())
    return [
        (value, label, [item for item in items if item.quadrant == value])
        for value, label in SwotItem.Quadrant.choices
    ]


def data_table(analysis: ProblemAnalysis) -> list[Finding]:
    """The findings that carry a figure: the rows of the analysis's data table."""
    return [finding for finding in analysis.findings.all() if finding.value is not None]
