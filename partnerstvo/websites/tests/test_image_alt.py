"""Content images need a text alternative or an explicit "decorative" mark: a news item's image
(its own alt text, or the image's description, which Wagtail uses as default alt text) and the
body's image blocks (Wagtail's ImageBlock), in the editor as in the rendered page."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from partnerstvo.websites.models import (
    IMAGE_ALT_REQUIRED,
    NewsIndexPage,
    NewsItemPage,
    StandardPage,
)

from .conftest import add_news, make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, iskar_editor, iskar_site):
    client.force_login(iskar_editor)
    return client


def _index(website):
    return NewsIndexPage.objects.descendant_of(website.site.root_page).get()


def _news_form(image, **fields):
    return nested_form_data(
        {
            "title": "Новина със снимка",
            "slug": "novina-sas-snimka",
            "date": "2026-03-01",
            "lead": "Кратко.",
            "tags": "",
            "image": image.pk,
            "image_alt": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
            **fields,
        }
    )


def _img_alts(html):
    return re.findall(r'<img[^>]*\balt="([^"]*)"', html)


def test_a_news_image_without_any_alt_text_is_refused_with_a_clear_error(iskar_site):
    image = make_image(iskar_site, "IMG_2041", description="")
    with pytest.raises(ValidationError) as error:
        add_news(iskar_site, "Без описание", image=image)
    assert "image_alt" in error.value.message_dict
    assert not NewsItemPage.objects.filter(title="Без описание").exists()


def test_the_editor_says_in_bulgarian_what_is_missing(editor_client, iskar_site):
    image = make_image(iskar_site, "IMG_2041", description="")
    index = _index(iskar_site)
    response = editor_client.post(
        f"/admin/pages/add/websites/newsitempage/{index.pk}/",
        _news_form(image),
        HTTP_ACCEPT_LANGUAGE="bg",
    )
    assert response.status_code == 200  # the form again, not a redirect to the explorer
    with translation.override("bg"):
        expected = escape(str(IMAGE_ALT_REQUIRED))
    assert expected in response.content.decode()
    assert not NewsItemPage.objects.filter(slug="novina-sas-snimka").exists()


@pytest.mark.parametrize(
    ("fields", "alt"),
    [
        ({"image_alt": "Участниците около кръглата маса"}, "Участниците около кръглата маса"),
        ({"image_decorative": "on"}, ""),
    ],
)
def test_the_editor_publishes_with_alt_text_or_a_decorative_mark(
    editor_client, client, iskar_site, host, fields, alt
):
    image = make_image(iskar_site, "IMG_2041", description="")
    index = _index(iskar_site)
    response = editor_client.post(
        f"/admin/pages/add/websites/newsitempage/{index.pk}/", _news_form(image, **fields)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = NewsItemPage.objects.get(slug="novina-sas-snimka")
    assert page.live
    editor_client.logout()
    html = client.get(page.url, **host(iskar_site)).content.decode()
    figure = html[html.index('class="article-image"') :]
    assert _img_alts(figure)[0] == alt
    cards = client.get(index.url, **host(iskar_site)).content.decode()
    assert _img_alts(cards[cards.index('class="card news-card"') :])[0] == alt


def test_the_images_description_is_its_alt_text_on_the_page_and_the_cards(client, iskar_site, host):
    image = make_image(iskar_site, "IMG_2041", description="Доброволци садят дървета в парка")
    news = add_news(iskar_site, "Залесяване", image=image)
    page = client.get(news.url, **host(iskar_site)).content.decode()
    assert "Доброволци садят дървета в парка" in _img_alts(page)
    cards = client.get(_index(iskar_site).url, **host(iskar_site)).content.decode()
    assert "Доброволци садят дървета в парка" in _img_alts(cards)


def test_an_image_block_needs_alt_text_or_the_decorative_mark(editor_client, iskar_site, host):
    """Wagtail's ImageBlock asks for it, in Bulgarian; with it, the picture carries it."""
    image = make_image(iskar_site, "IMG_2041", description="")
    home = iskar_site.site.root_page

    def publish(value, slug):
        data = nested_form_data(
            {
                "title": "За нас",
                "slug": slug,
                "body": streamfield([("image", value)]),
                "comments": inline_formset([]),
                "action-publish": "action-publish",
            }
        )
        return editor_client.post(
            f"/admin/pages/add/websites/standardpage/{home.pk}/", data, HTTP_ACCEPT_LANGUAGE="bg"
        )

    refused = publish({"image": image.pk, "alt_text": "", "decorative": ""}, "bez-alt")
    assert refused.status_code == 200
    html = refused.content.decode()  # the block's errors travel as JSON to the editor's script
    assert "alt_text&quot;: {&quot;messages&quot;" in html
    assert json.dumps("Моля, добавете алтернативен текст")[1:-1] in html
    assert not StandardPage.objects.filter(slug="bez-alt").exists()

    described = {"image": image.pk, "alt_text": "Сградата на читалището", "decorative": ""}
    assert publish(described, "s-alt").status_code == 302
    decorative = {"image": image.pk, "alt_text": "", "decorative": "on"}
    assert publish(decorative, "dekor").status_code == 302
    editor_client.logout()
    for slug, alt in [("s-alt", "Сградата на читалището"), ("dekor", "")]:
        page = StandardPage.objects.get(slug=slug)
        html = editor_client.get(page.url, **host(iskar_site)).content.decode()
        block = html[html.index("block--image") :]
        assert _img_alts(block)[0] == alt
