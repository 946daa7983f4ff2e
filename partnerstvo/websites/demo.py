"""Demo websites: every demo CSO gets its site with news, a project, partners and documents."""

from __future__ import annotations

import datetime
import functools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory.models import Organisation

from . import demo_art
from .models import CsoWebsite, NewsIndexPage, NewsItemPage, ProjectIndexPage, ProjectPage
from .services import website_enable

NEWS = [
    (
        "Кръгла маса за младежката заетост в {place}",
        "Представители на общината, училищата и местния бизнес обсъдиха как да задържим "
        "младите хора в {place}.",
        "<p>На кръглата маса участваха над тридесет души. Договорихме работна група, която до "
        "края на месеца ще предложи мерки за стажове и първа работа.</p>",
    ),
    (
        "Обучение по управление на проекти за доброволци",
        "Дванадесет доброволци на {short} завършиха двудневно обучение по управление на проекти.",
        "<p>Участниците подготвиха собствени проектни идеи и получиха обратна връзка от опитни "
        "ментори. Следващото обучение е през пролетта.</p>",
    ),
    (
        "Обществено обсъждане на бюджета на общината",
        "Поканваме гражданите на обсъждане на проектобюджета на Община {place} "
        "за следващата година.",
        "<p>Предложенията се приемат писмено в деловодството на общината и по имейл. Ще обобщим "
        "становищата на нашите членове и ще ги внесем в срок.</p>",
    ),
]


@functools.lru_cache(maxsize=8)
def _sample_pdf(title: str) -> bytes:
    """The sample PDF depends only on its title: drawn once per title, not once per site."""
    from partnerstvo.core.pdf import render_pdf

    return render_pdf("core/eu_visibility_sample.html", {"title": title})


def _document(website: CsoWebsite, title: str):
    existing = (
        get_document_model()
        .objects.filter(collection=website.document_collection, title=title)
        .first()
    )
    if existing:
        return existing
    pdf = _sample_pdf(title)
    return get_document_model().objects.create(
        title=title,
        file=SimpleUploadedFile("dokument.pdf", pdf, content_type="application/pdf"),
        collection=website.document_collection,
    )


def _publish(parent, page):
    parent.add_child(instance=page)
    revision = page.save_revision()
    revision.publish()
    return page


def load() -> list:
    organisations = list(Organisation.objects.filter(in_programme=True).select_related("seat"))
    for index, organisation in enumerate(organisations):
        if CsoWebsite.objects.filter(organisation=organisation).exists():
            continue
        website = website_enable(actor=SYSTEM, organisation=organisation)
        short = organisation.display_short_name
        Image = get_image_model()

        def picture(drawn, title, collection=website.image_collection, model=Image):
            file, alt = drawn
            return model.objects.create(
                title=title, description=alt, file=file, collection=collection
            )

        website.primary_colour = demo_art.brand_colour(index, len(organisations))
        website.theme = demo_art.THEMES[index % len(demo_art.THEMES)]
        website.logo = picture(demo_art.logo(index, website.primary_colour, short), f"Лого {short}")
        website.header_image = picture(
            demo_art.header(index, website.primary_colour, short), f"Заглавна снимка {short}"
        )
        website.facebook_url = f"https://www.facebook.com/{organisation.slug}"
        website.contact_email = f"info@{organisation.slug}.example.bg"
        website.contact_phone = f"+359 88 {100 + index:03d} {2000 + index * 37:04d}"
        website.contact_address = f"{organisation.seat.name}, ул. „Възраждане“ {index + 1}"
        website.save(
            update_fields=[
                "primary_colour", "theme", "logo", "header_image", "facebook_url",
                "contact_email", "contact_phone", "contact_address",
            ]
        )  # fmt: skip
        home = website.site.root_page.specific
        partners = [o for o in organisations if o.pk != organisation.pk][index % 5 :: 9][:3]
        home.partners.set(partners)
        home.save_revision().publish()

        place = organisation.seat.name
        news_index = NewsIndexPage.objects.child_of(home).first()
        for number, (title, lead, body) in enumerate(NEWS):
            image = picture(
                demo_art.news_picture(number, index, website.primary_colour),
                title.format(place=place, short=short),
            )
            _publish(
                news_index,
                NewsItemPage(
                    title=title.format(place=place, short=short),
                    date=timezone.localdate() - datetime.timedelta(days=7 * number + index),
                    lead=lead.format(place=place, short=short),
                    body=[("text", body)],
                    image=image,
                ),
            )
        report = _document(website, f"Годишен отчет {timezone.localdate().year - 1}")
        _document(website, "Устав")
        projects = ProjectIndexPage.objects.child_of(home).first()
        project = ProjectPage(
            title="Партньорство за прозрачно местно управление",
            start_date=datetime.date(2026, 1, 15),
            end_date=datetime.date(2026, 12, 31),
            status=ProjectPage.Status.RUNNING,
            budget=15600 + index * 100,
            currency=ProjectPage.Currency.BGN,
            funder="Европейски социален фонд",
            programme="Оперативна програма „Административен капацитет“",
            target_groups="Граждански организации и служители на общинската администрация",
            summary=f"<p>Съвместни обучения и работни срещи на {short} и Община {place} "
            "за по-добро участие на гражданите в местните решения.</p>",
            results="<p>Три обучения, две кръгли маси и общ план за действие.</p>",
            documents=[("document", report)],
            eu_funded=True,
        )
        _publish(projects, project)
        project.partners.set(partners[:2])
        project.save_revision().publish()
    return []
