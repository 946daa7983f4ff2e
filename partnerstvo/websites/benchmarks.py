"""CSO websites at scale: 1,000 sites and 100,000 pages (full), served by real app servers.

Reports, for a CSO home page and a news item: requests per second and p50/p99 latency served from
the cache, the same without the cache, and the same HTML file from a plain static file server on
this machine, as a ratio. Requests go over HTTP from a separate load process (threads with
keep-alive connections) to gunicorn running the bench settings.
"""

from __future__ import annotations

import datetime
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from partnerstvo.core.bench import Timing, percentile
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory import benchmarks as directory_benchmarks
from partnerstvo.directory.models import Organisation

from .models import CsoWebsite, NewsIndexPage, NewsItemPage
from .services import website_enable

SCALES = {"small": (50, 100), "full": (1_000, 100)}  # sites, pages per site
BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number: int) -> str:
    out = ""
    while True:
        number, remainder = divmod(number, 36)
        out = BASE36[remainder] + out
        if not number:
            return out.rjust(4, "0")


def _bulk_news(index: NewsIndexPage, count: int, content_type, locale, when) -> None:
    """Insert ``count`` live news items under ``index`` without the per-page save cost."""
    start = index.numchild
    pages = []
    for number in range(start + 1, start + count + 1):
        slug = f"novina-{number}"
        pages.append(Page(
            title=f"Новина {number} от мащабните данни", draft_title=f"Новина {number}",
            slug=slug, content_type=content_type, path=index.path + _step(number),
            depth=index.depth + 1, numchild=0, url_path=f"{index.url_path}{slug}/",
            live=True, has_unpublished_changes=False, first_published_at=when,
            last_published_at=when, locale=locale, show_in_menus=False,
        ))  # fmt: skip
    Page.objects.bulk_create(pages, batch_size=500)
    ids = Page.objects.filter(path__in=[p.path for p in pages]).values_list("pk", flat=True)
    table = NewsItemPage._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, date, lead, body, image_id) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, NULL)",
            [(pk, when.date(), "Кратко резюме на новината за измерване.",
              '[{"type": "text", "value": "<p>Текст на новината.</p>", "id": "b"}]') for pk in ids],
        )  # fmt: skip
    Page.objects.filter(pk=index.pk).update(numchild=start + count)


def build(scale: str) -> list[CsoWebsite]:
    sites, pages_per_site = SCALES[scale]
    directory_benchmarks.build(max(sites, directory_benchmarks.SIZES[scale]))
    organisations = list(
        Organisation.objects.filter(slug__startswith="bench-").order_by("pk")[:sites]
    )
    content_type = ContentType.objects.get_for_model(NewsItemPage)
    locale = Locale.get_default()
    when = timezone.now() - datetime.timedelta(days=3)
    for organisation in organisations:
        with transaction.atomic():
            if CsoWebsite.objects.filter(organisation=organisation).exists():
                continue
            website = website_enable(actor=SYSTEM, organisation=organisation)
            index = NewsIndexPage.objects.child_of(website.site.root_page).get()
            sections = website.site.root_page.get_descendants(inclusive=True).count()
            _bulk_news(index, pages_per_site - sections, content_type, locale, when)
    return list(CsoWebsite.objects.filter(organisation__in=organisations).select_related("site"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def load(port: int, host: str, path: str, *, requests: int, concurrency: int = 4) -> dict:
    """``requests`` GETs from ``concurrency`` keep-alive connections; latencies in ms."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_thread = requests // concurrency

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(per_thread):
            begin = time.perf_counter()
            conn.request("GET", path, headers={"Host": host})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{host}{path} answered {response.status}")
            mine.append((time.perf_counter() - begin) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
        "mean": statistics.fmean(latencies),
        "rps": len(latencies) / elapsed,
        "n": len(latencies),
    }


def _serve_django(port: int, cache: bool) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "partnerstvo.settings.bench",
           "PARTNERSTVO_PAGE_CACHE": "true" if cache else "false"}  # fmt: skip
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "partnerstvo.wsgi_bench:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2",
         "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=env,
    )  # fmt: skip


def _serve_static(port: int, directory: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", directory],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def run(*, report, scale: str) -> None:
    websites = build(scale)
    report.fact("websites.sites", CsoWebsite.objects.count())
    report.fact("websites.pages", Page.objects.count())
    website = websites[len(websites) // 2]
    host = website.site.hostname
    news = NewsItemPage.objects.live().descendant_of(website.site.root_page).order_by("-pk").first()
    targets = {"home page": "/", "news item": news.get_url_parts()[2]}
    requests = 2000 if scale == "full" else 400
    for label, cache in (("cached", True), ("uncached", False)):
        port = _free_port()
        server = _serve_django(port, cache)
        try:
            _wait_for(port)
            for name, path in targets.items():
                load(port, host, path, requests=40)  # warm up both workers
                result = load(port, host, path, requests=requests)
                report.add(
                    Timing(
                        f"websites: {name}, {label} (gunicorn)",
                        result["n"],
                        result["p50"],
                        result["p99"],
                        result["mean"],
                        result["rps"],
                    )
                )
        finally:
            server.terminate()
            server.wait(timeout=10)
    # The same HTML, written to files and served by a plain static file server.
    with tempfile.TemporaryDirectory() as directory:
        port = _free_port()
        server = _serve_django(port, True)
        try:
            _wait_for(port)
            for name, path in targets.items():
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Host": host})
                html = conn.getresponse().read()
                target = Path(directory) / name.replace(" ", "-") / "index.html"
                target.parent.mkdir(parents=True)
                target.write_bytes(html)
        finally:
            server.terminate()
            server.wait(timeout=10)
        port = _free_port()
        server = _serve_static(port, directory)
        try:
            _wait_for(port)
            for name in targets:
                path = f"/{name.replace(' ', '-')}/index.html"
                load(port, "127.0.0.1", path, requests=40)
                result = load(port, "127.0.0.1", path, requests=requests)
                report.add(
                    Timing(
                        f"websites: {name}, static file server",
                        result["n"],
                        result["p50"],
                        result["p99"],
                        result["mean"],
                        result["rps"],
                    )
                )
        finally:
            server.terminate()
            server.wait(timeout=10)
    by_name = {t.name: t for t in report.results}
    for name in targets:
        cached = by_name[f"websites: {name}, cached (gunicorn)"]
        static = by_name[f"websites: {name}, static file server"]
        uncached = by_name[f"websites: {name}, uncached (gunicorn)"]
        report.fact(
            f"websites.{name}: cached/static requests per second",
            round(cached.requests_per_second / static.requests_per_second, 2),
        )
        report.fact(
            f"websites.{name}: cached/uncached requests per second",
            round(cached.requests_per_second / uncached.requests_per_second, 2),
        )
