"""Practices say at which events they were presented; the events app's page can ask
``selectors.practices_presented_at(event)`` for the published ones."""

import datetime

import pytest
from django.utils import timezone

from partnerstvo.events.models import Event
from partnerstvo.practices import selectors, services

pytestmark = pytest.mark.django_db


def _event(title, slug, status="published"):
    start = timezone.now() - datetime.timedelta(days=10)
    return Event.objects.create(
        title=title,
        slug=slug,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        status=status,
        format="online",
    )


def test_the_page_and_the_selector_show_where_a_practice_was_presented(
    client, published, draft, iskar_editor, coordinator
):
    forum = _event("Форум за добри практики", "forum")
    hidden = _event("Вътрешна среща", "vatreshna", status="draft")
    services.practice_update(
        actor=coordinator, practice=published, data={"presented_at": [forum, hidden]}
    )
    services.practice_update(actor=iskar_editor, practice=draft, data={"presented_at": [forum]})
    text = client.get(published.get_absolute_url()).text
    assert 'id="presented-at"' in text
    assert forum.title in text
    assert hidden.title not in text
    assert list(selectors.practices_presented_at(forum)) == [published]
    assert list(selectors.practices_presented_at(hidden)) == [published]


def test_the_events_page_lists_the_published_practices_presented_there(
    client, published, draft, iskar_editor, coordinator
):
    forum = _event("Форум за добри практики", "forum")
    services.practice_update(actor=coordinator, practice=published, data={"presented_at": [forum]})
    services.practice_update(actor=iskar_editor, practice=draft, data={"presented_at": [forum]})
    text = client.get(f"/events/{forum.slug}/").text
    section = text[text.index('id="section-practices"') :]
    section = section[: section.index("</section>")]
    assert f'href="{published.get_absolute_url()}"' in section
    assert draft.title not in text  # only published practices
    other = _event("Друга среща", "druga")
    assert 'id="section-practices"' not in client.get(f"/events/{other.slug}/").text
