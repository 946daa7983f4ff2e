"""Every public page type in headless Chromium, as a visitor on a phone and on a laptop sees it.

At 360 px and 1,366 px wide each page type of ``public_pages.PAGE_TYPES`` is checked for:
no horizontal scrolling; touch targets of at least 24 × 24 CSS px (WCAG 2.2 SC 2.5.8, with its
exception for links inside a sentence); axe-core without any violation of WCAG 2.2 A/AA; and at
1,366 px the page read without JavaScript (same h1, ``main`` has text) and the weight of its CSS
(under 40 KB gzip-compressed, ``@import`` followed). A CSO home page with a header image has an
image of at most 200 KB as its largest contentful paint. Full-page screenshots land in
``$TEST_OUTPUT_DIR/screenshots/<width>/<page-type>.png`` (default ``var/test-output``).

The world is built once and every check runs over it in one test, so that one failure report
lists every offender (page type, width, element, size) instead of stopping at the first.
"""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from partnerstvo.core.tests.public_pages import PAGE_TYPES, build_world

pytestmark = pytest.mark.browser

WIDTHS = (360, 1366)
CSS_BUDGET = 40 * 1024  # bytes, gzip level 9, all stylesheets a page loads
LCP_IMAGE_BUDGET = 200 * 1024
# axe-core runs on every page type at the phone's width, where the menu button, the stacked
# layout and the shortest line lengths are; at the laptop's width it runs on one page of each
# layout (the wide header and menu, the side-by-side columns). Its rules (names, contrast, ARIA,
# landmarks) depend on what is shown, not on the width, so this halves the suite's costliest
# check without leaving a layout unchecked.
AXE_AT_EVERY_WIDTH = {
    "portal-home", "organisation", "course", "event", "event-calendar", "site-home",
    "site-news-item", "site-project", "my-trainings", "reports",
}  # fmt: skip
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ROOT = Path(__file__).resolve().parents[3]


def output_dir() -> Path:
    """Where the test run keeps what a person looks at: ``$TEST_OUTPUT_DIR`` or var/test-output."""
    folder = Path(os.environ.get("TEST_OUTPUT_DIR", "var/test-output"))
    return folder if folder.is_absolute() else ROOT / folder


def screenshot(page, path, *, full_page: bool = True) -> bytes:
    """Save what a person would see. Chromium's headless capture now and then answers
    "Unable to capture screenshot" on a loaded machine (CI saw it once in a thousand shots): the
    shot is an artefact for people, not a check, so it is taken again after a pause, and at worst
    the visible screen is kept instead of the whole page."""
    from playwright.sync_api import Error

    for attempt in range(3):
        try:
            return page.screenshot(path=path, full_page=full_page and attempt < 2)
        except Error as error:
            if "Unable to capture screenshot" not in str(error) or attempt == 2:
                raise
            page.wait_for_timeout(300)
    raise AssertionError("unreachable")


# --- The checks, as functions over a Playwright page (unit-tested below on broken pages) ----

HORIZONTAL_OVERFLOW_JS = """() => ({
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    widest: [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(-3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + (e.classList.length ? '.' + [...e.classList].join('.') : '')
            + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)'),
})"""


def horizontal_overflow(page) -> str | None:
    """None, or what sticks out when the document is wider than the viewport."""
    found = page.evaluate(HORIZONTAL_OVERFLOW_JS)
    if found["scrollWidth"] <= found["innerWidth"]:
        return None
    return (
        f"scrollWidth {found['scrollWidth']} > innerWidth {found['innerWidth']}; "
        f"sticking out: {', '.join(found['widest']) or '?'}"
    )


# SC 2.5.8 Target Size (Minimum): a target is at least 24 × 24 CSS px, unless it is inline, i.e.
# a link in a sentence: its display is inline and the block it sits in holds text that is not
# part of any target (a paragraph's other words). A checkbox or radio button counts together
# with its label (clicking the label activates it). Elements hidden (display, visibility,
# closed <details>, or clipped to 1 px as .visually-hidden skip links are until focused) are
# not targets. The spacing and "essential" exceptions are not applied: the design rule is 24 px.
TARGET_SIZE_JS = """() => {
    const TARGETS = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
        + '[role=button], [role=link], [tabindex]:not([tabindex="-1"])';
    const isTarget = e => e.matches(TARGETS);
    const describe = e => {
        let s = e.tagName.toLowerCase();
        if (e.id) s += '#' + e.id;
        if (e.classList.length) s += '.' + [...e.classList].join('.');
        if (e.getAttribute('name')) s += '[name=' + e.getAttribute('name') + ']';
        const text = (e.innerText || e.value || e.getAttribute('aria-label') || '')
            .trim().replace(/\\s+/g, ' ').slice(0, 40);
        const parent = e.closest('nav, header, footer, main, aside, form');
        return (parent && parent !== e ? parent.tagName.toLowerCase() + ' ' : '') + s
            + (text ? ' "' + text + '"' : '');
    };
    const inSentence = e => {
        if (!getComputedStyle(e).display.startsWith('inline')) return false;
        if (getComputedStyle(e).display !== 'inline') return false;
        let block = e.parentElement;
        while (block && getComputedStyle(block).display.startsWith('inline')) {
            block = block.parentElement;
        }
        if (!block) return false;
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.textContent.trim()) continue;
            let p = n.parentElement, inTarget = false;
            while (p && p !== block) {
                if (isTarget(p)) { inTarget = true; break; }
                p = p.parentElement;
            }
            if (!inTarget) return true;
        }
        return false;
    };
    const box = e => {
        let r = e.getBoundingClientRect();
        let w = r.width, h = r.height;
        if (e.matches('input[type=checkbox], input[type=radio]') && e.labels) {
            for (const label of e.labels) {
                const l = label.getBoundingClientRect();
                const left = Math.min(r.left, l.left), right = Math.max(r.right, l.right);
                const top = Math.min(r.top, l.top), bottom = Math.max(r.bottom, l.bottom);
                w = Math.max(w, right - left); h = Math.max(h, bottom - top);
            }
        }
        return {w, h, r};
    };
    const offenders = [];
    for (const e of document.querySelectorAll(TARGETS)) {
        if (!e.checkVisibility({checkVisibilityCSS: true, checkOpacity: true})) continue;
        const {w, h, r} = box(e);
        if (r.width <= 1 || r.height <= 1) continue;
        if (w >= 24 && h >= 24) continue;
        if (inSentence(e)) continue;
        offenders.push(describe(e) + ': ' + w.toFixed(0) + '×' + h.toFixed(0) + ' px');
    }
    return offenders;
}"""


def small_targets(page) -> list[str]:
    """The visible targets under 24 × 24 px that are not links inside a sentence."""
    return page.evaluate(TARGET_SIZE_JS)


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]


STYLESHEETS_JS = (
    """() => [...document.querySelectorAll('link[rel~=stylesheet]')].map(l => l.href)"""
)
FETCH_JS = """u => fetch(u).then(async r => {
    const body = await r.arrayBuffer();
    return {status: r.status, bytes: body.byteLength, text: new TextDecoder().decode(body)};
})"""
IMPORT_RE = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)""")


def css_weight(page, cache: dict | None = None) -> tuple[int, list[str]]:
    """Bytes of the stylesheets the page links (following @import), gzip level 9; their URLs."""
    cache = {} if cache is None else cache
    seen, total, queue = [], 0, list(page.evaluate(STYLESHEETS_JS))
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.append(url)
        if url not in cache:
            # Fetched by the page (Playwright's own client cannot resolve *.localhost).
            found = page.evaluate(FETCH_JS, url)
            assert found["status"] == 200, f"stylesheet {url}: HTTP {found['status']}"
            cache[url] = found["text"].encode("utf-8")
        body = cache[url]
        total += len(gzip.compress(body, compresslevel=9))
        text = body.decode("utf-8", "replace")
        queue += [urljoin(url, found) for found in IMPORT_RE.findall(text)]
    return total, seen


LCP_JS = """() => new Promise(resolve => {
    new PerformanceObserver(list => {
        const entries = list.getEntries();
        const last = entries[entries.length - 1];
        const e = last.element;
        resolve({
            tag: e ? e.tagName.toLowerCase() : null,
            text: e ? (e.innerText || '').trim().slice(0, 60) : '',
            url: last.url || '',
            size: last.size,
        });
    }).observe({type: 'largest-contentful-paint', buffered: true});
    setTimeout(() => resolve(null), 3000);
})"""


def largest_contentful_paint(page) -> dict | None:
    found = page.evaluate(LCP_JS)
    if found and found["url"]:
        sizes = page.evaluate(
            "u => performance.getEntriesByName(u).map(e => e.encodedBodySize || e.decodedBodySize)",
            found["url"],
        )
        found["bytes"] = max(sizes) if sizes else page.evaluate(FETCH_JS, found["url"])["bytes"]
    return found


def lcp_problem(found: dict | None) -> str | None:
    if found is None:
        return "no largest-contentful-paint entry"
    if not found["url"]:
        return f"the LCP element is <{found['tag']}> text {found['text']!r}, not an image"
    if found["bytes"] > LCP_IMAGE_BUDGET:
        return f"the LCP image {found['url']} weighs {found['bytes']} bytes > {LCP_IMAGE_BUDGET}"
    return None


MAIN_TEXT_JS = """() => ({
    h1: [...document.querySelectorAll('h1')].map(h => h.textContent.trim().replace(/\\s+/g, ' ')),
    main: (document.querySelector('main') || {textContent: ''}).textContent.trim().length,
})"""


# --- The checks can fail: each catches its defect on a deliberately broken page -------------


@pytest.fixture
def blank(_playwright_browser):
    context = _playwright_browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    yield page
    context.close()


def test_horizontal_overflow_is_caught(blank):
    blank.set_content('<!DOCTYPE html><body><div class="wide" style="width:500px">x</div>')
    assert "div.wide (508 px)" in horizontal_overflow(blank)
    blank.set_content("<!DOCTYPE html><body><p>Кратък текст.</p>")
    assert horizontal_overflow(blank) is None


def test_small_targets_are_caught_but_inline_links_and_hidden_ones_are_not(blank):
    blank.set_content(
        """<!DOCTYPE html><body>
        <p>Прочетете <a href="/a">правилата</a> преди да започнете.</p>
        <ul><li><a class="alone" href="/b">Сам</a></li></ul>
        <button style="width:20px;height:30px;padding:0">x</button>
        <button style="width:30px;height:30px">ok</button>
        <a href="/skip" style="position:absolute;width:1px;height:1px;overflow:hidden;
           clip:rect(0 0 0 0)">Към съдържанието</a>
        <details><summary style="display:block;height:30px">Меню</summary>
            <a class="inside" href="/c">скрит</a></details>
        <input type="checkbox" id="c1"><label for="c1" style="display:inline-block;
           padding:6px">Съгласен съм</label>
        <input type="checkbox" class="bare">
        </body>"""
    )
    offenders = small_targets(blank)
    assert len(offenders) == 3, offenders
    assert any(o.startswith('a.alone "Сам"') for o in offenders), offenders
    assert any(o.startswith('button "x": 20×30') for o in offenders), offenders
    assert any(o.startswith("input.bare") for o in offenders), offenders


def test_axe_violations_are_caught(blank):
    blank.set_content('<!DOCTYPE html><html><body><img src="x.png"><a href="/"></a></body></html>')
    found = " ".join(axe_violations(blank))
    assert "image-alt" in found and "link-name" in found and "html-has-lang" in found


def test_css_weight_follows_imports(blank):
    cache = {
        "http://t.test/a.css": b"@import url('b.css'); body{color:red}",
        "http://t.test/b.css": os.urandom(50_000).hex().encode(),  # incompressible
    }
    blank.set_content('<!DOCTYPE html><link rel="stylesheet" href="http://t.test/a.css">')
    total, urls = css_weight(blank, cache)
    assert urls == ["http://t.test/a.css", "http://t.test/b.css"]
    assert total > CSS_BUDGET


def test_lcp_text_and_heavy_images_are_reported():
    assert "not an image" in lcp_problem({"tag": "h1", "text": "Здравейте", "url": ""})
    heavy = {"tag": "img", "text": "", "url": "http://x/a.jpg", "bytes": 300_000}
    assert "300000 bytes" in lcp_problem(heavy)
    assert lcp_problem({**heavy, "bytes": 90_000}) is None
    assert lcp_problem(None)


def test_a_text_lcp_is_measured_as_text(blank):
    blank.set_content("<!DOCTYPE html><body><h1>Голямо заглавие на страницата</h1>")
    found = largest_contentful_paint(blank)
    assert found and found["tag"] == "h1" and found["url"] == ""


# --- Every page type ------------------------------------------------------------------------


def _url(live_server, world, page_type) -> str:
    path = page_type.url(world)
    if path.startswith("http"):  # a page's full URL when several sites exist
        path = "/" + path.split("/", 3)[3]
    if page_type.on_site:
        port = live_server.url.rsplit(":", 1)[1]
        return f"http://{world.host}:{port}{path}"
    return live_server.url + path


def _session_cookie(user, url):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


SUBMIT_JS = """data => {
    const field = document.querySelector('[name="' + Object.keys(data)[0] + '"]');
    const form = field.form;
    for (const [name, value] of Object.entries(data)) form.elements[name].value = value;
    form.noValidate = true;
    form.submit();
}"""


def _open(page, live_server, world, page_type):
    """Load the page type as a person would (logged in, having submitted the form); its status."""
    url = _url(live_server, world, page_type)
    page.context.clear_cookies()
    if page_type.user is not None:
        page.context.add_cookies([_session_cookie(page_type.user(world), live_server.url)])
    response = page.goto(url)
    if page_type.post is not None:
        with page.expect_navigation() as navigation:
            page.evaluate(SUBMIT_JS, page_type.post)
        response = navigation.value
    return response.status if response else None


@pytest.mark.django_db(transaction=True)
def test_every_public_page_type_in_chromium(
    live_server, request, iskar, go2000, dolna_mitropolia, trainer, coordinator
):
    from conftest import clear_cache

    browser = request.getfixturevalue("_playwright_browser")
    world = build_world(
        iskar=iskar,
        go2000=go2000,
        dolna_mitropolia=dolna_mitropolia,
        trainer=trainer,
        coordinator=coordinator,
    )
    website = world.website
    # A real picture (the demo's drawn scene): Chromium does not count a flat colour, which has
    # too little detail, as a contentful image.
    from wagtail.images import get_image_model

    from partnerstvo.websites import demo_art

    file, alt = demo_art.header(0, website.primary_colour, "Искър БГ")
    website.header_image = get_image_model().objects.create(
        title="Читалището отвън", description=alt, file=file,
        collection=website.image_collection,
    )  # fmt: skip
    website.save()
    clear_cache()

    failures: dict[str, list[str]] = {}

    def fail(check, message):
        failures.setdefault(check, []).append(message)

    assert AXE_AT_EVERY_WIDTH.issubset(page_type.name for page_type in PAGE_TYPES)
    shots = output_dir() / "screenshots"
    css_cache: dict = {}
    headings: dict[str, list[str]] = {}
    for width in WIDTHS:
        (shots / str(width)).mkdir(parents=True, exist_ok=True)
        context = browser.new_context(locale="bg-BG", viewport={"width": width, "height": 900})
        context.set_default_timeout(15000)
        page = context.new_page()
        for page_type in PAGE_TYPES:
            where = f"{page_type.name} @ {width} px"
            status = _open(page, live_server, world, page_type)
            if status != page_type.status:
                fail("status", f"{where}: HTTP {status}, expected {page_type.status}")
            screenshot(page, shots / str(width) / f"{page_type.name}.png")
            if overflow := horizontal_overflow(page):
                fail("horizontal scrolling", f"{where}: {overflow}")
            for offender in small_targets(page):
                fail("touch targets under 24×24 px", f"{where}: {offender}")
            if width == WIDTHS[0] or page_type.name in AXE_AT_EVERY_WIDTH:
                for violation in axe_violations(page):
                    fail("axe-core", f"{where}: {violation}")
            if width == 1366:
                headings[page_type.name] = page.evaluate(MAIN_TEXT_JS)["h1"]
                total, urls = css_weight(page, css_cache)
                if total > CSS_BUDGET:
                    fail("CSS weight", f"{where}: {total} bytes gzip > {CSS_BUDGET}: {urls}")
                if page_type.name == "site-home":
                    page.reload()
                    if problem := lcp_problem(largest_contentful_paint(page)):
                        fail("largest contentful paint", f"{where}: {problem}")
        context.close()

    # No JavaScript needed to read anything: the same heading, and text in <main>.
    context = browser.new_context(
        locale="bg-BG", viewport={"width": 1366, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    for page_type in PAGE_TYPES:
        if page_type.post is not None:
            continue  # submitting the form needs our script; the page itself is checked above
        page.context.clear_cookies()
        if page_type.user is not None:
            page.context.add_cookies([_session_cookie(page_type.user(world), live_server.url)])
        page.goto(_url(live_server, world, page_type))
        found = page.evaluate(MAIN_TEXT_JS)
        where = f"{page_type.name} without JavaScript"
        if found["h1"] != headings.get(page_type.name) or not found["h1"]:
            fail("no JavaScript", f"{where}: h1 {found['h1']} != {headings.get(page_type.name)}")
        if not found["main"]:
            fail("no JavaScript", f"{where}: <main> is missing or empty")
    context.close()

    assert not failures, "\n\n".join(
        f"{check} ({len(items)}):\n  " + "\n  ".join(items) for check, items in failures.items()
    )


@pytest.mark.django_db(transaction=True)
def test_cso_themes_in_the_dark_scheme_and_in_print(
    live_server, request, iskar, go2000, dolna_mitropolia, trainer, coordinator
):
    """Each CSO theme's pages as a reader with a dark system scheme sees them, and as they print:
    axe-core (text contrast among its rules) finds nothing and nothing scrolls sideways.
    Screenshots: ``screenshots/<dark|print>-<theme>/<page-type>.png``."""
    from conftest import clear_cache
    from partnerstvo.websites.models import CsoWebsite

    browser = request.getfixturevalue("_playwright_browser")
    world = build_world(
        iskar=iskar,
        go2000=go2000,
        dolna_mitropolia=dolna_mitropolia,
        trainer=trainer,
        coordinator=coordinator,
    )
    site_pages = [p for p in PAGE_TYPES if p.on_site and p.post is None]
    failures: list[str] = []
    shots = output_dir() / "screenshots"
    for theme in CsoWebsite.Theme.values:
        world.website.theme = theme
        world.website.save()
        clear_cache()
        for mode, media in [("dark", {"color_scheme": "dark"}), ("print", {"media": "print"})]:
            folder = shots / f"{mode}-{theme}"
            folder.mkdir(parents=True, exist_ok=True)
            width = 360 if mode == "dark" else 1366
            context = browser.new_context(locale="bg-BG", viewport={"width": width, "height": 900})
            context.set_default_timeout(15000)
            page = context.new_page()
            page.emulate_media(**media)
            for page_type in site_pages:
                where = f"{page_type.name} · {theme} · {mode}"
                page.goto(_url(live_server, world, page_type))
                screenshot(page, folder / f"{page_type.name}.png")
                if overflow := horizontal_overflow(page):
                    failures.append(f"{where}: horizontal scrolling: {overflow}")
                failures.extend(f"{where}: {v}" for v in axe_violations(page))
            context.close()
    assert not failures, "\n".join(failures)
