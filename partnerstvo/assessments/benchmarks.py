"""Capacity assessments at scale: 10,000 assessed CSOs (1,000 at the small scale), each with a
closed round and its seven dimension scores, bulk-built; the average of peers computed in
process, and over HTTP the results page that shows it (with the previous round and the
recommendations) and the admin's list of rounds, timed against gunicorn with the bench settings
(see core.bench).

The scale data is bulk-built once (not through the services: audit rows are not what is
measured); the page's round is built the same way, with a previous round to compare with."""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partnerstvo.core.bench import (
    Target,
    app_server,
    count_queries,
    sequential,
    session_cookie,
    timing_from,
)
from partnerstvo.directory.benchmarks import build as build_directory
from partnerstvo.directory.models import Organisation, OrganisationMembership, Person

from . import builtin, selectors, services
from .models import DimensionScore, Instrument, Recommendation, Round

SIZES = {"small": 1_000, "full": 10_000}
TITLE = "Бенчмарк оценка"
ADMIN_EMAIL = "bench-assessments@bench.invalid"


def _instrument() -> Instrument:
    instrument = Instrument.objects.filter(slug=builtin.CSO_SLUG).first()
    if instrument is None:
        from django.apps import apps

        builtin.install(apps)
        instrument = Instrument.objects.get(slug=builtin.CSO_SLUG)
    return instrument


@transaction.atomic
def build(size: int) -> None:
    """``size`` bench CSOs with one closed, latest round each and its scores."""
    build_directory(size)
    instrument = _instrument()
    version = services.current_version(instrument)
    dimensions = list(version.dimensions.all())
    done = set(
        Round.objects.filter(instrument=instrument, title=TITLE).values_list(
            "organisation_id", flat=True
        )
    )
    organisations = [
        pk
        for pk in Organisation.objects.filter(slug__startswith="bench-")
        .order_by("pk")
        .values_list("pk", flat=True)[:size]
        if pk not in done
    ]
    rng = random.Random(2026)  # noqa: S311 - repeatable data, not security
    now = timezone.now()
    for start in range(0, len(organisations), 1000):
        chunk = organisations[start : start + 1000]
        rounds = Round.objects.bulk_create(
            [
                Round(
                    version=version,
                    instrument=instrument,
                    kind="organisation",
                    organisation_id=pk,
                    title=TITLE,
                    status=Round.Status.CLOSED,
                    closed_at=now - datetime.timedelta(days=rng.randint(1, 700)),
                    overall_score=Decimal(rng.randint(1500, 4800)) / 1000,
                    is_latest=True,
                )
                for pk in chunk
            ]
        )
        DimensionScore.objects.bulk_create(
            [
                DimensionScore(
                    round=round_,
                    dimension=dimension,
                    instrument=instrument,
                    code=dimension.code,
                    organisation_id=round_.organisation_id,
                    is_latest=True,
                    score=Decimal(rng.randint(1000, 5000)) / 1000,
                    respondents=rng.randint(1, 12),
                )
                for round_ in rounds
                for dimension in dimensions
            ],
            batch_size=5000,
        )


@transaction.atomic
def _page_round() -> tuple[Round, object]:
    """The round whose results page is timed: a bench CSO's second closed round (its first is
    the previous one), with recommendations; and its admin."""
    from partnerstvo.accounts.models import User

    user = User.objects.filter(email=ADMIN_EMAIL).first()
    organisation = Organisation.objects.filter(slug="bench-0").first()
    if user is None:
        person = Person.objects.create(first_name="Бенч", last_name="Оценител", email=ADMIN_EMAIL)
        user = User.objects.create_user(email=ADMIN_EMAIL, password=None, person=person)
        OrganisationMembership.objects.create(
            person=person, organisation=organisation, role=OrganisationMembership.Role.ADMIN
        )
    existing = Round.objects.filter(organisation=organisation, title=f"{TITLE} 2").first()
    if existing is not None:
        return existing, user
    instrument = _instrument()
    version = services.current_version(instrument)
    Round.objects.filter(organisation=organisation, instrument=instrument).update(is_latest=False)
    DimensionScore.objects.filter(organisation=organisation, instrument=instrument).update(
        is_latest=False
    )
    round_ = Round.objects.create(
        version=version,
        instrument=instrument,
        kind="organisation",
        organisation=organisation,
        title=f"{TITLE} 2",
        status=Round.Status.CLOSED,
        closed_at=timezone.now(),
        overall_score=Decimal("3.100"),
        is_latest=True,
    )
    for n, dimension in enumerate(version.dimensions.all()):
        score = Decimal("2.000") + Decimal(n) / 4
        DimensionScore.objects.create(
            round=round_,
            dimension=dimension,
            instrument=instrument,
            code=dimension.code,
            organisation=organisation,
            is_latest=True,
            score=score,
            respondents=6,
        )
        if score < 3:
            Recommendation.objects.create(
                round=round_, dimension=dimension, score=score, text=dimension.recommendation
            )
    return round_, user


def run(*, report, scale: str, quick: bool = False) -> None:
    size = SIZES[scale]
    started = time.perf_counter()
    build(size)
    round_, user = _page_round()
    report.fact("assessments.build_seconds", round(time.perf_counter() - started, 1))
    report.fact(
        "assessments.assessed organisations",
        Round.objects.filter(is_latest=True, kind="organisation").count(),
    )
    report.fact("assessments.score rows", DimensionScore.objects.count())

    # The peer average itself, in process: one aggregate over the latest rounds' scores.
    runs = 20 if quick else 100
    selectors.peer_average(round=round_)
    durations = []
    for _ in range(runs):
        begin = time.perf_counter()
        _averages, peers = selectors.peer_average(round=round_)
        durations.append((time.perf_counter() - begin) * 1000)
    report.fact("assessments.peers averaged", peers)
    timing = report.add(
        timing_from(f"assessments: peer average over {peers} CSOs (in process)", durations)
    )
    report.target(
        Target("assessments peer average (in process): p50", round(timing.p50_ms, 1), 100, "ms")
    )

    from django.test import Client

    client = Client()
    client.force_login(user)
    pages = {
        f"results page with the average of {peers} peers": (round_.get_results_url(), 300),
        "my assessments (round list)": ("/assessments/", 300),
    }
    queries = {name: count_queries(path, client=client) for name, (path, _t) in pages.items()}
    headers = session_cookie(user)
    requests = 20 if quick else 100
    with app_server(threads=1) as server:
        for name, (path, target_ms) in pages.items():
            latencies, cpu_ms = sequential(
                server, path, requests=requests, warmup=3, headers=headers
            )
            timing = report.add(
                timing_from(f"assessments: {name}", latencies, cpu_ms=cpu_ms, queries=queries[name])
            )
            report.target(
                Target(f"assessments {name}: p50", round(timing.p50_ms, 1), target_ms, "ms")
            )
