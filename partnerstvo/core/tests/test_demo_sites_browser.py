"""The 25 demo CSO home pages look like 25 different organisations.

Loads the demo once, screenshots every demo CSO home page at 1,366 and 360 px into
``$TEST_OUTPUT_DIR/screenshots/demo-sites/`` with a contact sheet of them all
(``contact-sheet.png``) for a person to look at, and checks that no two share their look in the
database (theme, primary colour, logo file, header image file) nor on screen (their downscaled
screenshots differ by more than ``MIN_DIFFERENCE``).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import time

import pytest
from django.core.management import call_command
from PIL import Image, ImageChops, ImageDraw, ImageStat

from partnerstvo.core.tests.test_public_pages_browser import output_dir, screenshot

pytestmark = [pytest.mark.browser]

WIDTHS = (1366, 360)
THUMB = (48, 32)  # what a glance at a screenshot sees
MIN_DIFFERENCE = 6.0  # mean absolute difference of the thumbnails, per colour channel, 0-255


def thumbnail(png: bytes) -> Image.Image:
    """The top of the page (what one screen shows), in colour (a site's colour is much of how
    people tell it apart), shrunk to ``THUMB``."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    top = image.crop((0, 0, image.width, min(image.height, round(image.width * 0.66))))
    return top.resize(THUMB, Image.Resampling.BOX)


def difference(a: Image.Image, b: Image.Image) -> float:
    means = ImageStat.Stat(ImageChops.difference(a, b)).mean
    return sum(means) / len(means)


def look_alikes(looks: dict[str, Image.Image]) -> list[str]:
    return [
        f"{x} and {y}: {difference(looks[x], looks[y]):.1f} < {MIN_DIFFERENCE}"
        for x, y in itertools.combinations(sorted(looks), 2)
        if difference(looks[x], looks[y]) < MIN_DIFFERENCE
    ]


def _png(colour, band=None) -> bytes:
    image = Image.new("RGB", (400, 300), colour)
    if band:
        ImageDraw.Draw(image).rectangle((0, 0, 400, 100), fill=band)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_look_alikes_are_caught_and_different_looks_are_not():
    same = thumbnail(_png("white", band=(0, 90, 80)))
    again = thumbnail(_png("white", band=(0, 92, 80)))  # the same look, a shade apart
    other = thumbnail(_png("white", band=(200, 60, 20)))
    assert look_alikes({"a": same, "b": again, "c": other}) == [
        f"a and b: {difference(same, again):.1f} < {MIN_DIFFERENCE}"
    ]


def _file_hash(image) -> str:
    if image is None:
        return ""
    with image.file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:12]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once; its images in a media folder the module's tests share."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        started = time.monotonic()
        from conftest import load_demo_data_for_tests

        load_demo_data_for_tests()
        seconds = time.monotonic() - started
    with django_db_blocker.unblock():
        yield media, seconds
        call_command("flush", interactive=False, verbosity=0)
        from conftest import restore_wagtail_tree

        restore_wagtail_tree()


def test_the_demo_csos_home_pages_look_like_different_organisations(
    demo, live_server, django_db_blocker, request, settings
):
    from partnerstvo.websites.models import CsoWebsite

    settings.MEDIA_ROOT = str(demo[0])

    browser = request.getfixturevalue("_playwright_browser")
    with django_db_blocker.unblock():
        websites = list(
            CsoWebsite.objects.filter(is_active=True)
            .select_related("organisation", "site", "logo", "header_image")
            .order_by("organisation__name")
        )
        signatures = {
            w.organisation.slug: (
                getattr(w, "theme", ""),
                (w.primary_colour or "").lower(),
                _file_hash(w.logo),
                _file_hash(w.header_image),
            )
            for w in websites
        }
    assert len(websites) >= 25, f"only {len(websites)} demo CSO sites"

    folder = output_dir() / "screenshots" / "demo-sites"
    folder.mkdir(parents=True, exist_ok=True)
    port = live_server.url.rsplit(":", 1)[1]
    started = time.monotonic()
    looks: dict[int, dict[str, Image.Image]] = {}
    full: dict[str, bytes] = {}
    for width in WIDTHS:
        context = browser.new_context(locale="bg-BG", viewport={"width": width, "height": 900})
        page = context.new_page()
        looks[width] = {}
        for website in websites:
            slug = website.organisation.slug
            response = page.goto(f"http://{website.site.hostname}:{port}/")
            assert response and response.status == 200, (slug, response and response.status)
            png = screenshot(page, folder / f"{width}-{slug}.png")
            looks[width][slug] = thumbnail(png)
            if width == 1366:
                full[slug] = page.screenshot()  # the first screen, for the contact sheet
        context.close()
    shot_seconds = time.monotonic() - started

    _contact_sheet(full, folder / "contact-sheet.png")

    problems = []
    by_signature: dict[tuple, list[str]] = {}
    for slug, signature in signatures.items():
        by_signature.setdefault(signature, []).append(slug)
    for signature, slugs in by_signature.items():
        if len(slugs) > 1:
            theme, colour, logo, header = signature
            problems.append(
                f"{len(slugs)} sites share theme={theme!r} colour={colour!r} logo={logo or 'none'}"
                f" header image={header or 'none'}: {', '.join(slugs)}"
            )
    for width in WIDTHS:
        alike = look_alikes(looks[width])
        if alike:
            problems.append(
                f"{len(alike)} pairs of home pages look alike at {width} px:\n    "
                + "\n    ".join(alike[:30])
                + (f"\n    … and {len(alike) - 30} more" if len(alike) > 30 else "")
            )
    timings = (
        f"load_demo_data {demo[1]:.1f} s (once per module); {len(websites)} sites × {len(WIDTHS)}"
        f" widths screenshot in {shot_seconds:.1f} s"
    )
    (folder / "timings.txt").write_text(timings + "\n", encoding="utf-8")
    assert not problems, "\n".join(problems) + "\n" + timings


def _contact_sheet(shots: dict[str, bytes], path, columns=5, size=(320, 200)) -> None:
    rows = -(-len(shots) // columns)
    label = 18
    sheet = Image.new("RGB", (columns * size[0], rows * (size[1] + label)), "white")
    draw = ImageDraw.Draw(sheet)
    for number, (slug, png) in enumerate(sorted(shots.items())):
        x, y = (number % columns) * size[0], (number // columns) * (size[1] + label)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        image.thumbnail(size)
        sheet.paste(image, (x, y + label))
        draw.text((x + 4, y + 3), slug[:40], fill="black")
    sheet.save(path)
