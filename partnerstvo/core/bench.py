"""Tools for `make bench`: time requests through the full Django stack and report percentiles.

Every app may have a ``benchmarks`` module with ``run(*, report: Report, scale: str)``; the command
``manage.py run_benchmarks`` builds nothing itself: each app's ``run`` builds its scale data (once,
idempotently) and times what matters for it. Results are printed and written to var/bench/.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.test import Client


@dataclass
class Timing:
    name: str
    requests: int
    p50_ms: float
    p99_ms: float
    mean_ms: float
    requests_per_second: float
    queries: int | None = None
    note: str = ""


@dataclass
class Report:
    results: list[Timing] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)

    def add(self, timing: Timing) -> None:
        self.results.append(timing)
        print(  # noqa: T201
            f"  {timing.name:<58} p50 {timing.p50_ms:8.2f} ms  p99 {timing.p99_ms:8.2f} ms  "
            f"{timing.requests_per_second:8.1f} req/s"
            + (f"  {timing.queries} queries" if timing.queries is not None else "")
        )

    def fact(self, key: str, value) -> None:
        self.facts[key] = value
        print(f"  {key}: {value}")  # noqa: T201

    def save(self) -> Path:
        out = Path(settings.VAR_DIR) / "bench"
        out.mkdir(parents=True, exist_ok=True)
        path = out / "results.json"
        path.write_text(
            json.dumps(
                {"facts": self.facts, "results": [asdict(r) for r in self.results]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return path


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def time_get(
    name: str,
    url: str,
    *,
    requests: int = 200,
    warmup: int = 10,
    client: Client | None = None,
    host: str | None = None,
    expect: int = 200,
) -> Timing:
    """GET ``url`` ``requests`` times in one process, one after another (no concurrency)."""
    from django.db import connection

    client = client or Client()
    extra = {"HTTP_HOST": host} if host else {}
    for _ in range(warmup):
        response = client.get(url, **extra)
        if response.status_code != expect:
            raise AssertionError(f"{url} answered {response.status_code}, expected {expect}")
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    # Django resets connection.queries at each request, so count at the cursor instead.
    with connection.execute_wrapper(count):
        client.get(url, **extra)
    durations = []
    started = time.perf_counter()
    for _ in range(requests):
        begin = time.perf_counter()
        client.get(url, **extra)
        durations.append((time.perf_counter() - begin) * 1000)
    elapsed = time.perf_counter() - started
    return Timing(
        name=name,
        requests=requests,
        p50_ms=percentile(durations, 0.5),
        p99_ms=percentile(durations, 0.99),
        mean_ms=statistics.fmean(durations),
        requests_per_second=requests / elapsed,
        queries=queries,
    )
