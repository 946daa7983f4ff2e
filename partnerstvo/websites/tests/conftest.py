import datetime
import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.websites.models import NewsIndexPage, NewsItemPage
from partnerstvo.websites.services import website_enable


@pytest.fixture
def iskar_site(iskar, iskar_editor, iskar_admin):
    return website_enable(actor=SYSTEM, organisation=iskar)


@pytest.fixture
def go_site(go2000, go2000_editor):
    return website_enable(actor=SYSTEM, organisation=go2000)


def make_image(website, title="Снимка", size=(64, 48), *, description=None):
    """An image with a description (its default alt text, which a news item needs), unless
    ``description=""`` is passed."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title,
        description=f"Снимка: {title}" if description is None else description,
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="snimka.png"),
        collection=website.image_collection,
    )


def add_news(website, title="Нова новина", *, days_ago=0, image=None, publish=True):
    index = NewsIndexPage.objects.descendant_of(website.site.root_page).first()
    page = NewsItemPage(
        title=title,
        lead=f"Кратко за „{title}“.",
        date=datetime.date.today() - datetime.timedelta(days=days_ago),
        body=[("text", "<p>Подробности.</p>")],
        image=image,
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


@pytest.fixture
def host():
    def for_site(website):
        return {"HTTP_HOST": website.site.hostname}

    return for_site
