"""Good practices at scale: 2,000 (small) or 20,000 (full) published practices over all the
municipalities, and the public list, its filters, a practice's page and the API over HTTP."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from partnerstvo.core.bench import app_server, count_queries, sequential, timing_from
from partnerstvo.directory.benchmarks import build as build_directory
from partnerstvo.directory.models import AreaOfWork, Municipality, Organisation

from .models import Practice, PracticeResult

SIZES = {"small": 2_000, "full": 20_000}


@transaction.atomic
def build(size: int) -> None:
    """Bulk-build the scale data (not through services: audit rows are not what is measured)."""
    build_directory(1_000)
    existing = Practice.objects.filter(slug__startswith="bench-practice-").count()
    if existing >= size:
        return
    rng = random.Random(2026)  # noqa: S311 - repeatable data, not security
    organisations = list(Organisation.objects.filter(slug__startswith="bench-").only("pk")[:1000])
    municipalities = list(Municipality.objects.only("pk"))
    areas = list(AreaOfWork.objects.only("pk"))
    now = timezone.now()
    Practice.objects.bulk_create(
        [
            Practice(
                organisation=rng.choice(organisations),
                title=f"Добра практика {n}",
                slug=f"bench-practice-{n}",
                summary="Практика от мащабните данни за измерване.",
                problem="Проблем, описан за измерването.",
                approach="Подход, описан за измерването.",
                contact_name="Лице за контакт",
                contact_email="kontakt@example.bg",
                status=Practice.Status.PUBLISHED,
                published_at=now,
            )
            for n in range(existing, size)
        ],
        batch_size=1000,
    )
    practices = list(Practice.objects.filter(slug__startswith="bench-practice-").only("pk"))
    places = Practice.municipalities.through
    places.objects.bulk_create(
        [places(practice_id=p.pk, municipality_id=rng.choice(municipalities).pk)
         for p in practices],
        batch_size=2000, ignore_conflicts=True,
    )  # fmt: skip
    Practice.themes.through.objects.bulk_create(
        [Practice.themes.through(practice_id=p.pk, areaofwork_id=rng.choice(areas).pk)
         for p in practices],
        batch_size=2000, ignore_conflicts=True,
    )  # fmt: skip
    PracticeResult.objects.bulk_create(
        [PracticeResult(practice_id=p.pk, indicator="участници", value=rng.randint(5, 500),
                        unit="души") for p in practices],
        batch_size=2000,
    )  # fmt: skip


def run(*, report, scale: str, quick: bool = False) -> None:
    build(SIZES[scale])
    report.fact("practices.published", Practice.objects.filter(status="published").count())
    municipality = Municipality.objects.order_by("pk").first()
    theme = AreaOfWork.objects.order_by("pk").first()
    pages = {
        "practice list, first page": "/practices/",
        "practice list, page 50": "/practices/?page=50",
        "practice list, municipality": f"/practices/?municipality={municipality.slug}",
        "practice list, oblast + theme": (
            f"/practices/?oblast={municipality.oblast.slug}&theme={theme.slug}"
        ),
        "practice list, search": "/practices/?q=практика+77",
        "practice page": "/practices/bench-practice-742/",
        "API practices, page 10": "/api/v1/practices/?page=10",
    }
    requests = 10 if quick else 50
    with app_server() as server:
        for name, url in pages.items():
            queries = count_queries(url)
            latencies, cpu_ms = sequential(server, url, requests=requests)
            report.add(
                timing_from(f"practices: {name} (HTTP)", latencies, cpu_ms=cpu_ms, queries=queries)
            )
