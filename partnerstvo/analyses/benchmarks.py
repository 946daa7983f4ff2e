"""Analyses at scale: 2,000 (small) or 20,000 (full) published analyses of the scale
organisations, each over one or two municipalities, and one analysis with 200 rows of each kind
(stakeholders, findings, SWOT items, recommendations, authors); the list (first page, a later
page, filters), the large analysis's page and its cached PDF report, and the API, over HTTP."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from partnerstvo.core.bench import Target, app_server, count_queries, sequential, timing_from
from partnerstvo.directory.benchmarks import build as build_directory
from partnerstvo.directory.models import AreaOfWork, Municipality, Organisation

from .models import (
    AnalysisAuthor,
    Finding,
    ProblemAnalysis,
    Recommendation,
    Stakeholder,
    SwotItem,
)

SIZES = {"small": 2_000, "full": 20_000}
LARGE_SLUG = "bench-analysis-large"
LARGE_ROWS = 200


@transaction.atomic
def build(size: int) -> None:
    """Bulk-build the scale data (not through services: audit rows are not what is measured)."""
    build_directory(1_000)
    rng = random.Random(2026)  # noqa: S311 - repeatable data, not security
    organisations = list(
        Organisation.objects.filter(slug__startswith="bench-").only("pk", "seat_id")[:1000]
    )
    municipalities = list(Municipality.objects.values_list("pk", flat=True))
    areas = list(AreaOfWork.objects.values_list("pk", flat=True))
    existing = ProblemAnalysis.objects.filter(slug__startswith="bench-analysis-").count()
    now = timezone.now()
    if existing < size:
        rows = []
        for n in range(existing, size):
            start = datetime.date(2018 + rng.randint(0, 7), rng.randint(1, 12), 1)
            rows.append(
                ProblemAnalysis(
                    title=f"Бенчмарк анализ {n}",
                    slug=f"bench-analysis-{n}",
                    organisation=rng.choice(organisations),
                    problem="Проблем от мащабните данни.",
                    summary="Резюме на анализа от мащабните данни.",
                    period_start=start,
                    period_end=start + datetime.timedelta(days=rng.randint(30, 700)),
                    status=ProblemAnalysis.Status.PUBLISHED,
                    published_at=now - datetime.timedelta(minutes=n),
                )
            )
        created = ProblemAnalysis.objects.bulk_create(rows, batch_size=1000)
        through = ProblemAnalysis.municipalities.through
        through.objects.bulk_create(
            [
                through(problemanalysis_id=a.pk, municipality_id=m)
                for a in created
                for m in {a.organisation.seat_id, rng.choice(municipalities)}
            ],
            batch_size=2000,
        )
        area_through = ProblemAnalysis.areas.through
        area_through.objects.bulk_create(
            [
                area_through(problemanalysis_id=a.pk, areaofwork_id=rng.choice(areas))
                for a in created
            ],
            batch_size=2000,
        )
    if not ProblemAnalysis.objects.filter(slug=LARGE_SLUG).exists():
        _large(organisations[0], municipalities, now)


def _large(organisation, municipalities, now) -> None:
    analysis = ProblemAnalysis.objects.create(
        title="Бенчмарк анализ с много редове",
        slug=LARGE_SLUG,
        organisation=organisation,
        problem="Проблем с много заинтересовани страни.",
        summary="Голям анализ.",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        status=ProblemAnalysis.Status.PUBLISHED,
        published_at=now,
    )
    analysis.municipalities.set(municipalities[:5])
    quadrants = SwotItem.Quadrant.values
    n_rows = range(LARGE_ROWS)
    Stakeholder.objects.bulk_create(
        Stakeholder(analysis=analysis, order=n, name=f"Страна {n}", kind="other",
                    influence="medium", interest="Интерес.", role="Роля.")
        for n in n_rows
    )  # fmt: skip
    Finding.objects.bulk_create(
        Finding(analysis=analysis, order=n, text=f"Находка {n}", source="НСИ", value=n,
                unit="%", year=2024)
        for n in n_rows
    )  # fmt: skip
    SwotItem.objects.bulk_create(
        SwotItem(analysis=analysis, order=n, quadrant=quadrants[n % 4], text=f"Точка {n}")
        for n in n_rows
    )
    Recommendation.objects.bulk_create(
        Recommendation(analysis=analysis, order=n, text=f"Препоръка {n}", addressee="Общината")
        for n in n_rows
    )
    AnalysisAuthor.objects.bulk_create(
        AnalysisAuthor(analysis=analysis, order=n, name=f"Автор {n}") for n in n_rows
    )


def run(*, report, scale: str, quick: bool = False) -> None:
    build(SIZES[scale])
    report.fact("analyses.published", ProblemAnalysis.objects.published().count())
    municipality = (
        ProblemAnalysis.municipalities.through.objects.order_by("municipality_id")
        .values_list("municipality__slug", flat=True)
        .first()
    )
    # Each page with the p50 a reader should get (ms); the PDF is served from its cache once
    # built (the first request, a warm-up, builds it).
    pages = {
        "list, first page": ("/analyses/", 300),
        "list, page 50": ("/analyses/?page=50", 300),
        "list, municipality + year": (f"/analyses/?municipality={municipality}&year=2024", 300),
        f"analysis page ({LARGE_ROWS} rows of each kind)": (f"/analyses/{LARGE_SLUG}/", 300),
        "analysis PDF report (cached)": (f"/analyses/{LARGE_SLUG}/report.pdf", 100),
        "API analyses, page 5": ("/api/v1/analyses/?page=5", 500),
    }
    requests = 10 if quick else 30
    with app_server() as server:
        for name, (url, target_ms) in pages.items():
            queries = count_queries(url)
            latencies, cpu_ms = sequential(server, url, requests=requests)
            timing = report.add(
                timing_from(f"analyses: {name} (HTTP)", latencies, cpu_ms=cpu_ms, queries=queries)
            )
            report.target(Target(f"analyses {name}: p50", round(timing.p50_ms, 1), target_ms, "ms"))
