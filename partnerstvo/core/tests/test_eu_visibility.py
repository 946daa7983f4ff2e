import io

from django.template import Context, Template
from django.utils import translation
from pypdf import PdfReader

from partnerstvo.core.pdf import render_pdf

DISCLAIMER_BG = (
    "Проектът се осъществява с финансовата подкрепа на Оперативна програма "
    "„Административен капацитет“, съфинансирана от Европейския съюз чрез Европейския социален "
    "фонд."
)


def test_page_include_carries_emblem_fund_programme_and_disclaimer(db):
    with translation.override("bg"):
        html = Template("{% load partnerstvo %}{% eu_visibility %}").render(Context({}))
    assert "eu-emblem.svg" in html
    assert "Европейски социален фонд" in html
    assert "Оперативна програма „Административен капацитет“" in html
    assert DISCLAIMER_BG in html


def test_every_public_page_shows_the_block(client, iskar):
    for url in ["/", "/organisations/", "/organisations/iskar-bg/", "/municipalities/"]:
        response = client.get(url)
        assert DISCLAIMER_BG in response.content.decode(), url


def test_pdf_include_renders_into_a_real_pdf(db):
    with translation.override("bg"):
        pdf = render_pdf("core/eu_visibility_sample.html", {"title": "Проба"})
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    normalised = " ".join(text.split())
    assert "Европейски социален фонд" in normalised
    assert "съфинансирана от Европейския съюз" in normalised
    # The emblem is embedded as an image (drawn from the SVG), not fetched from the network.
    assert "Проба" in normalised
