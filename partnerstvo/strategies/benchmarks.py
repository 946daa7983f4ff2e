"""Strategies at scale: a published strategy with 500 measures (5 priorities × 10 goals × 10
measures), each with two responsible partners, an indicator with yearly values and a milestone;
its page, its API detail and its annual report as XLSX and PDF, over HTTP."""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation

from partnerstvo.core.bench import Target, app_server, count_queries, sequential, timing_from
from partnerstvo.directory import services as directory
from partnerstvo.directory.models import Administration, Municipality, Organisation

from . import reports, selectors
from .models import (
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasurePartner,
    Milestone,
    Priority,
    Strategy,
)

SLUG = "bench-strategy"
SIZES = {"small": 500, "full": 500}


@transaction.atomic
def build(measures: int = 500, *, slug: str = SLUG, administration=None) -> Strategy:
    """Bulk-build a published strategy of ``measures`` measures (not through the services: audit
    rows are not what is measured). Idempotent by ``slug``."""
    existing = Strategy.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    rng = random.Random(2027)  # noqa: S311 - repeatable data, not security
    if administration is None:
        administration = Administration.objects.order_by("pk").first()
    if administration is None:
        if not Municipality.objects.exists():
            directory.reference_data_load()
        municipality = Municipality.objects.order_by("pk").first()
        administration = Administration.objects.create(
            municipality=municipality, name=f"Общинска администрация {municipality.name}"
        )
    organisations = list(Organisation.objects.order_by("pk").only("pk")[:50])
    strategy = Strategy.objects.create(
        administration=administration,
        title="Бенчмарк план за интегрирано развитие 2021–2027",
        slug=slug,
        summary="Стратегия от мащабните данни.",
        start_year=2021,
        end_year=2027,
        decision_body="Общински съвет",
        decision_number="1",
        status=Strategy.Status.IN_IMPLEMENTATION,
        is_published=True,
    )
    strategy.municipalities.set([administration.municipality_id])
    per_goal = 10
    goals_per_priority = 10
    priority_count = max(1, -(-measures // (per_goal * goals_per_priority)))
    priorities = Priority.objects.bulk_create(
        [
            Priority(strategy=strategy, code=f"П{p + 1}", title=f"Приоритет {p + 1}", order=p)
            for p in range(priority_count)
        ]
    )
    goals = Goal.objects.bulk_create(
        [
            Goal(priority=priority, code=f"Ц{p + 1}.{g + 1}", title=f"Цел {p + 1}.{g + 1}", order=g)
            for p, priority in enumerate(priorities)
            for g in range(goals_per_priority)
        ]
    )
    rows = []
    for n in range(measures):
        goal = goals[n // per_goal]
        rows.append(
            Measure(
                strategy=strategy,
                goal=goal,
                code=f"М{goal.code[1:]}.{n % per_goal + 1}",
                title=f"Мярка {n + 1}",
                budget=Decimal(rng.randint(10, 2000) * 1000),
                currency="EUR" if n % 3 == 0 else "BGN",
                funding_source="ПРР 2021–2027",
                starts_on=datetime.date(2022, 1, 1),
                ends_on=datetime.date(2026, 12, 31),
                status=rng.choice(Measure.Status.values),
                progress=rng.randint(0, 100),
                weight=Decimal(rng.randint(1, 3)),
                order=n % per_goal,
            )
        )
    created = Measure.objects.bulk_create(rows, batch_size=500)
    partners = []
    for n, measure in enumerate(created):
        partners.append(
            MeasurePartner(measure=measure, administration=administration, is_lead=True)
        )
        if organisations:
            partners.append(
                MeasurePartner(measure=measure, organisation=organisations[n % len(organisations)])
            )
    MeasurePartner.objects.bulk_create(partners, batch_size=1000)
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                strategy=strategy,
                measure=measure,
                name=f"Показател на {measure.code}",
                unit="брой",
                baseline_value=Decimal(0),
                baseline_year=2020,
                target_value=Decimal(100),
                target_year=2027,
            )
            for measure in created
        ],
        batch_size=500,
    )
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(indicator=indicator, year=year, value=Decimal(rng.randint(0, 120)))
            for indicator in indicators
            for year in range(2021, 2026)
        ],
        batch_size=2000,
    )
    Milestone.objects.bulk_create(
        [
            Milestone(
                strategy=strategy,
                measure=measure,
                title=f"Етап на {measure.code}",
                due_on=datetime.date(2021 + n % 6, 6, 30),
                reached_on=datetime.date(2021 + n % 6, 7, 1) if n % 2 else None,
            )
            for n, measure in enumerate(created)
        ],
        batch_size=500,
    )
    return strategy


def run(*, report, scale: str, quick: bool = False) -> None:
    started = time.perf_counter()
    strategy = build(SIZES[scale])
    report.fact("strategies.build_seconds", round(time.perf_counter() - started, 1))
    report.fact("strategies.measures", strategy.measures.count())
    base = strategy.get_absolute_url()
    year = 2024
    targets = {
        "strategy page (500 measures, first 50 shown)": (base, 300),
        "strategy page (500 measures), page 10": (f"{base}?page=10", 300),
        "measure page": (strategy.measures.order_by("pk").first().get_absolute_url(), 150),
        "API strategy detail (500 measures)": (f"/api/v1/strategies/{strategy.slug}/", 1000),
        "API measures, first page": (f"/api/v1/strategy-measures/?strategy={strategy.slug}", 300),
        "annual report XLSX (500 measures)": (f"{base}report.xlsx?year={year}", 1500),
        "annual report PDF (500 measures)": (f"{base}report.pdf?year={year}", 20000),
    }
    queries = {name: count_queries(path) for name, (path, _target) in targets.items()}
    with translation.override(settings.LANGUAGE_CODE):
        data = selectors.annual_report(strategy=strategy, year=year)
        begin = time.perf_counter()
        reports.report_pdf(data)
        first_ms = (time.perf_counter() - begin) * 1000
    report.add(timing_from("strategies: annual report PDF (in process)", [first_ms]))
    requests = 5 if quick else 20
    with app_server(threads=1) as server:
        for name, (path, target_ms) in targets.items():
            heavy = "PDF" in name
            latencies, cpu_ms = sequential(
                server, path, requests=2 if heavy else requests, warmup=1
            )
            timing = report.add(
                timing_from(f"strategies: {name}", latencies, cpu_ms=cpu_ms, queries=queries[name])
            )
            report.target(
                Target(f"strategies {name}: p50", round(timing.p50_ms, 1), target_ms, "ms")
            )
    page_queries = queries["strategy page (500 measures, first 50 shown)"]
    report.target(Target("SQL of the strategy page (500 measures)", page_queries, 20, "queries"))
    small = build(5, slug=f"{SLUG}-small")
    report.target(
        Target(
            "SQL of the strategy page, 500 measures minus 5",
            page_queries - count_queries(small.get_absolute_url()),
            0,
            "queries",
        )
    )
