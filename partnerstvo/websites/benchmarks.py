"""CSO websites at scale: 1,000 sites and 100,000 pages (full), served by real app servers.

The pages carry what real CSO pages carry: the site's logo and header image, news items with
images and tags, partners on the home page. For a CSO home page and a news item it reports, in
interleaved rounds of ``wrk -t2 -c32`` over HTTP: gunicorn (production settings, Redis) with the
page cache, gunicorn without it, and nginx serving the same bytes; as ratios first. Beside them:
the app workers' CPU per uncached render (requests one after another), the SQL per uncached page
and the workers' memory after the load.
"""

from __future__ import annotations

import datetime
import io

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from partnerstvo.core.bench import (
    Target,
    Timing,
    app_server,
    count_queries,
    ensure_tools,
    gunicorn_serving,
    http_get,
    interleaved,
    nginx_serving,
    sequential,
    timing_from,
    wrk_run,
)
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory import benchmarks as directory_benchmarks
from partnerstvo.directory.models import Organisation

from .models import CsoHomePage, CsoWebsite, NewsIndexPage, NewsItemPage, NewsTag
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


IMAGE_COUNT = 24  # distinct photos the bench sites share (each site also has a logo and header)
TAGS = ["обучение", "доброволци", "община", "младежи", "култура", "екология", "партньорство"]
BODY = (
    '[{"type": "text", "value": "<p>Сдружението проведе среща с представители на общината и '
    'местни организации. Обсъдени бяха <a href=\\"https://example.org/\\">предложенията</a> за '
    "общинския бюджет и съвместните дейности през годината.</p><h2>Резултати</h2><ul><li>"
    "дванадесет участници</li><li>три нови инициативи</li></ul><p>Следващата среща е през "
    'следващия месец.</p>", "id": "b1"}]'
)


def _picture(number: int, size: tuple[int, int], label: str):
    """A JPEG photo stand-in with real content (gradient and shapes), not a blank box."""
    from PIL import Image as PillowImage
    from PIL import ImageDraw

    width, height = size
    picture = PillowImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    base = (37 * number % 200, 83 * number % 200, 131 * number % 200)
    for y in range(height):
        shade = y * 55 // height
        draw.line([(0, y), (width, y)], fill=tuple(min(255, c + shade) for c in base))
    for k in range(6):
        x, y = (number * 97 + k * 211) % width, (number * 53 + k * 137) % height
        draw.ellipse([x, y, x + width // 6, y + width // 6], fill=(250 - k * 30, 200, 90 + k * 20))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return ImageFile(buffer, name=f"bench-{label}-{number}.jpg")


def _images(prefix: str, count: int, size: tuple[int, int]) -> list:
    Image = get_image_model()
    existing = list(Image.objects.filter(title__startswith=prefix).order_by("pk"))
    for number in range(len(existing), count):
        existing.append(
            Image.objects.create(
                title=f"{prefix} {number}", file=_picture(number, size, prefix.split()[-1])
            )
        )
    return existing


def _bulk_news(index, count: int, content_type, locale, when, photos, tags) -> None:
    """Insert ``count`` live news items under ``index`` (with images and tags) without the
    per-page save cost."""
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
    ids = list(
        Page.objects.filter(path__in=[p.path for p in pages])
        .order_by("path")
        .values_list("pk", flat=True)
    )
    table = NewsItemPage._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, date, lead, body, image_id, image_alt, "  # noqa: S608
            "image_decorative) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [(pk, (when - datetime.timedelta(days=n)).date(),
              "Кратко резюме на новината: какво се случи, кой участва и какво следва.", BODY,
              photos[(pk * 7) % len(photos)].pk, "Снимка от срещата", False)
             for n, pk in enumerate(ids)],
        )  # fmt: skip
    NewsTag.objects.bulk_create(
        [
            NewsTag(content_object_id=pk, tag=tags[(pk + k) % len(tags)])
            for pk in ids
            for k in range(3)
        ],
        batch_size=2000,
    )
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
    photos = _images("bench photo", IMAGE_COUNT, (1600, 900))
    logos = _images("bench logo", 12, (240, 240))
    headers = _images("bench header", 12, (1920, 600))
    tags = [Tag.objects.get_or_create(name=name, defaults={"slug": f"bench-{n}"})[0]
            for n, name in enumerate(TAGS)]  # fmt: skip
    for number, organisation in enumerate(organisations):
        with transaction.atomic():
            if CsoWebsite.objects.filter(organisation=organisation).exists():
                continue
            website = website_enable(actor=SYSTEM, organisation=organisation)
            CsoWebsite.objects.filter(pk=website.pk).update(
                logo=logos[number % len(logos)], header_image=headers[number % len(headers)],
                contact_email=f"info@{organisation.slug}.example", contact_phone="+359 2 000 0000",
                facebook_url="https://www.facebook.com/example",
            )  # fmt: skip
            home = CsoHomePage.objects.get(pk=website.site.root_page_id)
            home.partners.set(organisations[number + 1 : number + 6])
            index = NewsIndexPage.objects.child_of(website.site.root_page).get()
            sections = website.site.root_page.get_descendants(inclusive=True).count()
            _bulk_news(index, pages_per_site - sections, content_type, locale, when, photos, tags)
    return list(CsoWebsite.objects.filter(organisation__in=organisations).select_related("site"))


def _sql_per_page(host: str, path: str) -> int:
    with override_settings(PARTNERSTVO_PAGE_CACHE=False):
        count_queries(path, host=host)  # renditions are made on the first render
        return count_queries(path, host=host)


def run(*, report, scale: str, quick: bool = False) -> None:
    ensure_tools()
    websites = build(scale)
    report.fact("websites.sites", CsoWebsite.objects.count())
    report.fact("websites.pages", Page.objects.count())
    website = websites[len(websites) // 2]
    host = website.site.hostname
    news = NewsItemPage.objects.live().descendant_of(website.site.root_page).order_by("-pk").first()
    targets = {"home page": "/", "news item": news.get_url_parts()[2]}
    queries = {name: _sql_per_page(host, path) for name, path in targets.items()}
    rounds, seconds, renders = (2, 2, 40) if quick else (3, 5, 200)
    with (
        app_server(env={"PARTNERSTVO_PAGE_CACHE": "true"}) as cached,
        app_server(env={"PARTNERSTVO_PAGE_CACHE": "false"}) as uncached,
    ):
        bodies = {name: http_get(cached.port, path, host=host) for name, path in targets.items()}
        for name, path in targets.items():
            latencies, cpu_ms = sequential(uncached, path, host=host, requests=renders, warmup=5)
            report.add(
                timing_from(
                    f"websites: {name}, uncached, one request at a time",
                    latencies,
                    cpu_ms=cpu_ms,
                    queries=queries[name],
                )
            )
            report.target(Target(
                f"uncached CSO {name}: CPU per render ({CsoWebsite.objects.count()} sites)",
                round(cpu_ms, 2), 15, "ms",
            ))  # fmt: skip
            report.target(Target(f"SQL per uncached CSO {name}", queries[name], 8, "queries"))
        files = {f"/{name.replace(' ', '-')}": body for name, body in bodies.items()}
        with nginx_serving(files) as nginx_port, gunicorn_serving(files) as bytes_port:
            variants = {}
            for name, path in targets.items():
                static_path = f"/{name.replace(' ', '-')}/"
                variants[f"{name}|nginx"] = lambda p=static_path: wrk_run(
                    port=nginx_port, path=p, seconds=seconds
                )
                variants[f"{name}|gunicorn bytes"] = lambda p=static_path: wrk_run(
                    port=bytes_port, path=p, seconds=seconds
                )
                variants[f"{name}|cached"] = lambda p=path: wrk_run(
                    port=cached.port, path=p, host=host, seconds=seconds
                )
                variants[f"{name}|uncached"] = lambda p=path: wrk_run(
                    port=uncached.port, path=p, host=host, seconds=seconds
                )
            results = interleaved(variants, rounds=rounds)
        for key, runs in results.items():
            name, variant = key.split("|")
            middle = sorted(runs, key=lambda r: r.requests_per_second)[len(runs) // 2]
            report.add(Timing(
                f"websites: {name}, {variant} (wrk -t2 -c32, median round)", middle.requests,
                middle.p50_ms, middle.p99_ms, middle.mean_ms, middle.requests_per_second,
                note={"nginx": "nginx, same bytes",
                      "gunicorn bytes": "gunicorn, same bytes from memory, no framework"}.get(
                    variant, "gunicorn, Redis"),
            ))  # fmt: skip
        for name in targets:
            nginx_runs = results[f"{name}|nginx"]
            cached_runs = results[f"{name}|cached"]
            uncached_runs = results[f"{name}|uncached"]
            per_round = [c.requests_per_second / n.requests_per_second
                         for c, n in zip(cached_runs, nginx_runs, strict=True)]  # fmt: skip
            ratio = report.ratio(f"{name}: cached (Redis) / nginx, req/s", per_round)
            bytes_runs = results[f"{name}|gunicorn bytes"]
            report.ratio(
                f"{name}: cached (Redis) / gunicorn serving the bytes, req/s",
                [c.requests_per_second / b.requests_per_second
                 for c, b in zip(cached_runs, bytes_runs, strict=True)],
                note="how close to the Python server's ceiling",
            )  # fmt: skip
            report.ratio(
                f"{name}: gunicorn serving the bytes / nginx, req/s",
                [b.requests_per_second / n.requests_per_second
                 for b, n in zip(bytes_runs, nginx_runs, strict=True)],
                note="the ceiling of any answer from gunicorn",
            )  # fmt: skip
            report.ratio(
                f"{name}: uncached / nginx, req/s",
                [u.requests_per_second / n.requests_per_second
                 for u, n in zip(uncached_runs, nginx_runs, strict=True)],
            )  # fmt: skip
            report.ratio(
                f"{name}: cached / uncached, req/s",
                [c.requests_per_second / u.requests_per_second
                 for c, u in zip(cached_runs, uncached_runs, strict=True)],
            )  # fmt: skip
            report.target(Target(
                f"cached CSO {name} through Redis, req/s vs nginx", ratio.median, 0.15, "x",
                lower_is_better=False, note="nginx in front comes with the deployment work",
            ))  # fmt: skip
        rss = max(cached.max_rss_mb(), uncached.max_rss_mb())
        report.fact("websites.worker_rss_mb_after_load", round(rss, 1))
        report.target(Target("app worker RSS after load", round(rss, 1), 150, "MB"))
    report.fact("websites.page_bytes", {name: len(body) for name, body in bodies.items()})
