"""Every public page type, and the records they show: shared by the checks over them.

``test_html_validity`` runs the Nu HTML Checker over each, ``test_public_pages_browser`` renders
each in Chromium (widths, touch targets, axe-core, no JavaScript, weight). To cover a new page
type, add a ``PageType`` to ``PAGE_TYPES`` once: its ``url`` receives the ``World`` built by
``build_world`` (extend that too when the page needs records of its own); ``user`` names who is
logged in for the pages a person sees only after logging in.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field

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


def build_world(*, iskar, go2000, dolna_mitropolia, trainer, coordinator) -> World:
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

    # A round table in the municipality with its agenda and a question; the participant is in.
    from partnerstvo.events import services as events
    from partnerstvo.events.models import AgendaItem, RegistrationQuestion

    start = datetime.datetime.now(datetime.UTC).replace(
        hour=8, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=5)
    event = events.event_create(
        actor=SYSTEM,
        data={
            "kind": "round_table",
            "title": "Кръгла маса „Младежка заетост“",
            "summary": "Общината и гражданските организации обсъждат младежката заетост.",
            "description": "Обсъждане на общинската програма за младежка заетост.",
            "format": "hybrid",
            "municipality": dolna_mitropolia,
            "venue": "Читалище „Надежда“",
            "online_url": "https://meet.example.bg/kragla-masa",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=3),
            "capacity": 30,
            "status": "published",
        },
        organisations=[iskar],
    )
    events.agenda_item_save(
        actor=SYSTEM,
        item=AgendaItem(),
        data={
            "event": event,
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
            "title": "Откриване",
            "speakers": "Кметът на общината",
        },
    )
    question = events.question_save(
        actor=SYSTEM,
        question=RegistrationQuestion(),
        data={
            "event": event,
            "label": "Имате ли нужда от достъпна среда?",
            "kind": "yes_no",
            "required": True,
        },
    )
    events.registration_create(
        event=event,
        person=user.person,
        actor=user,
        answers={str(question.pk): "no"},
        notify=False,
    )

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
        extra={
            "participant": user,
            "trainer": trainer,
            "coordinator": coordinator,
            "event": event,
        },
    )


# --- The page types ------------------------------------------------------------------------


@dataclass
class PageType:
    name: str
    url: Callable[[World], str]
    on_site: bool = False  # served under the CSO site's host, not the portal's
    status: int = 200
    post: dict | None = None  # form data: the page as it answers a submission
    user: Callable[[World], object] | None = None  # the person logged in, if any


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
    # Events
    PageType("event-list", lambda w: "/events/"),
    PageType("event-list-empty", lambda w: "/events/?kind=conference&when=past"),
    PageType("event-calendar", lambda w: f"/events/calendar/{w.extra['event'].starts_at:%Y/%m}/"),
    PageType("event", lambda w: w.extra["event"].get_absolute_url()),
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
    # The pages a logged-in person uses
    PageType("profile", lambda w: "/accounts/profile/", user=lambda w: w.extra["participant"]),
    PageType(
        "password-change",
        lambda w: "/accounts/password/change/",
        user=lambda w: w.extra["participant"],
    ),
    PageType("my-trainings", lambda w: "/trainings/my/", user=lambda w: w.extra["participant"]),
    PageType("my-events", lambda w: "/events/my/", user=lambda w: w.extra["participant"]),
    PageType(
        "event-registered",
        lambda w: w.extra["event"].get_absolute_url(),
        user=lambda w: w.extra["participant"],
    ),
    PageType(
        "session-attendance",
        lambda w: f"/trainings/sessions/{w.course.sessions.first().pk}/attendance/",
        user=lambda w: w.extra["trainer"],
    ),
    PageType("reports", lambda w: "/trainings/reports/", user=lambda w: w.extra["coordinator"]),
]
