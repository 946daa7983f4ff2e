"""Directory at national scale: 10,000 CSOs over all 265 municipalities."""

from __future__ import annotations

import random

from django.db import transaction

from partnerstvo.core.bench import app_server, count_queries, sequential, timing_from
from partnerstvo.core.validators import eik_is_valid

from .models import AreaOfWork, Municipality, Organisation
from .services import reference_data_load

SIZES = {"small": 1_000, "full": 10_000}


def _eik(n: int) -> str:
    body = f"{30000000 + n * 13:08d}"
    for check in "0123456789":
        if eik_is_valid(body + check):
            return body + check
    return _eik(n + 1_000_000)


@transaction.atomic
def build(size: int) -> None:
    """Bulk-build the scale data (not through services: audit rows are not what is measured)."""
    reference_data_load()
    if Organisation.objects.filter(slug__startswith="bench-").count() >= size:
        return
    areas = [
        AreaOfWork.objects.get_or_create(
            slug=f"bench-area-{i}", defaults={"name": f"Сфера {i}", "name_en": f"Area {i}"}
        )[0]
        for i in range(12)
    ]
    municipalities = list(Municipality.objects.all())
    rng = random.Random(2026)  # noqa: S311 - repeatable data, not security
    existing = set(Organisation.objects.values_list("slug", flat=True))
    batch = []
    for n in range(size):
        slug = f"bench-{n}"
        if slug in existing:
            continue
        batch.append(
            Organisation(
                name=f"Сдружение „Бенчмарк {n}“",
                slug=slug,
                legal_form=rng.choice(["association", "foundation", "community_centre"]),
                eik=_eik(n),
                seat=rng.choice(municipalities),
                in_programme=n % 40 == 0,
                description="Организация от мащабните данни за измерване.",
            )
        )
    Organisation.objects.bulk_create(batch, batch_size=1000)
    through_areas = Organisation.areas.through
    through_places = Organisation.municipalities.through
    organisations = list(Organisation.objects.filter(slug__startswith="bench-").only("pk"))
    through_areas.objects.bulk_create(
        [through_areas(organisation_id=o.pk, areaofwork_id=rng.choice(areas).pk)
         for o in organisations],
        batch_size=2000, ignore_conflicts=True,
    )  # fmt: skip
    through_places.objects.bulk_create(
        [through_places(organisation_id=o.pk, municipality_id=rng.choice(municipalities).pk)
         for o in organisations],
        batch_size=2000, ignore_conflicts=True,
    )  # fmt: skip


def run(*, report, scale: str, quick: bool = False) -> None:
    size = SIZES[scale]
    build(size)
    report.fact("directory.organisations", Organisation.objects.count())
    report.fact("directory.municipalities", Municipality.objects.count())
    area = AreaOfWork.objects.get(slug="bench-area-3")
    pages = {}
    for name, url in [
        ("CSO list, first page", "/organisations/"),
        ("CSO list, page 40", "/organisations/?page=40"),
        ("CSO list, oblast filter", "/organisations/?oblast=PVN"),
        (
            "CSO list, municipality + area + form",
            f"/organisations/?municipality=pleven&area={area.slug}&legal_form=foundation",
        ),
        ("CSO list, search", "/organisations/?q=Бенчмарк+77"),
        ("CSO page", "/organisations/bench-742/"),
        ("Municipality page (Plovdiv)", "/municipalities/plovdiv/"),
        ("Municipality list (265)", "/municipalities/"),
        ("API organisations, oblast filter", "/api/v1/organisations/?oblast=VTR"),
        ("API organisations, page 20", "/api/v1/organisations/?page=20"),
    ]:
        pages[name] = url
    requests = 10 if quick else 50
    with app_server() as server:
        for name, url in pages.items():
            queries = count_queries(url)
            latencies, cpu_ms = sequential(server, url, requests=requests)
            report.add(
                timing_from(f"directory: {name} (HTTP)", latencies, cpu_ms=cpu_ms, queries=queries)
            )
