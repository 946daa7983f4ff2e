"""What a CSO editor and a visitor see in a real browser (Debian's Chromium through Playwright)."""

import datetime
import io
import re

import pytest
from PIL import Image as PILImage

from conftest import PASSWORD
from partnerstvo.websites.models import NewsIndexPage, NewsItemPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _site_url(live_server, website, path="/"):
    port = live_server.url.rsplit(":", 1)[1]
    return f"http://{website.site.hostname}:{port}{path}"


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def test_editor_publishes_news_with_an_image_on_the_csos_own_host(
    live_server, page, iskar_site, go_site, tmp_path
):
    _log_in(page, live_server, "redaktor@iskar.example.bg")

    # Upload the photo into the site's collection.
    photo = tmp_path / "kragla-masa.jpg"
    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 450), (30, 90, 60)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())
    page.goto(f"{live_server.url}/admin/images/add/")
    page.locator("#id_title").fill("Кръгла маса в читалището")
    page.locator("#id_file").set_input_files(str(photo))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/images/(\?.*)?$"))

    # Write the news item and choose the photo.
    index = NewsIndexPage.objects.descendant_of(iskar_site.site.root_page).first()
    page.goto(f"{live_server.url}/admin/pages/add/websites/newsitempage/{index.pk}/")
    page.locator("#id_title").fill("Кръгла маса за младежката заетост")
    page.locator("#id_lead").fill("Общината и организациите обсъдиха стажовете за младежи.")
    page.locator("#id_date").fill(datetime.date.today().isoformat())
    page.locator("[data-chooser-action-choose]").first.click()
    page.locator(".modal a[data-chooser-modal-choice]").first.click()
    page.locator(".modal").wait_for(state="hidden")
    # The photo has no description, so the news item says what it shows (or it is not published).
    page.locator("#id_image_alt").fill("Участници около кръглата маса в читалището")
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(rf".*/admin/pages/{index.pk}/$"))

    news = NewsItemPage.objects.get(title="Кръгла маса за младежката заетост")
    assert news.live
    assert news.image.title == "Кръгла маса в читалището"

    # A visitor finds it on the CSO's home page under the CSO's own host name.
    visitor = page.context.browser.new_page()
    visitor.goto(_site_url(live_server, iskar_site))
    assert visitor.get_by_role("link", name="Кръгла маса за младежката заетост").count() == 1
    assert visitor.locator(".news-card img").count() >= 1
    alt = visitor.locator(".news-card img").first.get_attribute("alt")
    assert alt == "Участници около кръглата маса в читалището"
    visitor.close()

    # The editor of another CSO cannot open it in the back office.
    page.context.clear_cookies()
    _log_in(page, live_server, "redaktor@go2000.example.bg")
    page.goto(f"{live_server.url}/admin/pages/{news.pk}/edit/")
    assert f"/admin/pages/{news.pk}/edit/" not in page.url
    assert page.locator("#id_title").count() == 0


def test_every_page_type_passes_axe_without_serious_violations(live_server, page, iskar_site):
    from axe_playwright_python.sync_playwright import Axe

    from partnerstvo.websites.models import ProjectIndexPage, ProjectPage, StandardPage

    from .conftest import add_news, make_image

    news = add_news(iskar_site, "Достъпна новина", image=make_image(iskar_site))
    projects = ProjectIndexPage.objects.descendant_of(iskar_site.site.root_page).first()
    project = ProjectPage(
        title="Достъпен проект",
        start_date=datetime.date(2026, 1, 1),
        status="running",
        budget=5000,
        eu_funded=True,
    )
    projects.add_child(instance=project)
    project.save_revision().publish()
    standard = StandardPage(title="За нас", body=[("text", "<p>Кои сме ние.</p>")])
    iskar_site.site.root_page.add_child(instance=standard)
    standard.save_revision().publish()
    axe = Axe()
    failures = {}
    paths = [
        "/",
        "/novini/",
        news.get_url_parts()[2],
        "/proekti/",
        project.get_url_parts()[2],
        "/partnyorstva/",
        "/deynosti/",
        "/dokumenti/",
        "/kontakti/",
        standard.get_url_parts()[2],
    ]
    for path in paths:
        page.goto(_site_url(live_server, iskar_site, path))
        results = axe.run(page)
        serious = [
            f"{v['id']}: {v['help']}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            failures[path] = serious
    assert not failures, failures
