"""CSO websites: the activities page lists the published analyses the organisation wrote or
co-wrote, never a draft."""

import pytest

from partnerstvo.analyses import services
from partnerstvo.core.contributions import contributors
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.websites.services import website_enable

pytestmark = pytest.mark.django_db


def test_published_analyses_show_on_the_cso_website(
    client, iskar, go2000, published, draft, iskar_admin
):
    (contributor,) = contributors(["analyses"])
    assert [item.url for item in contributor(iskar, limit=10)] == [published.get_absolute_url()]
    assert contributor(go2000, limit=10) == []
    services.analysis_update(
        actor=iskar_admin, analysis=published, data={"partners": [{"organisation": go2000}]}
    )
    assert [item.title for item in contributor(go2000, limit=10)] == [published.title]

    website = website_enable(actor=SYSTEM, organisation=iskar)
    response = client.get("/deynosti/", HTTP_HOST=website.site.hostname)
    assert response.status_code == 200
    html = response.content.decode()
    assert published.get_absolute_url() in html and draft.title not in html
