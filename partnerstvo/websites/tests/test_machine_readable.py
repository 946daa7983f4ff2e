"""What machines read on CSO sites: feed links, valid <time datetime>, and dates as Bulgarian
writes them (issue 7)."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from partnerstvo.core.dates import machine_datetime

from .conftest import add_news

SECTIONS = [
    "/",
    "/novini/",
    "/proekti/",
    "/partnyorstva/",
    "/deynosti/",
    "/dokumenti/",
    "/kontakti/",
]
# HTML's valid date string or global date-and-time string with an offset, to the second.
VALID_DATETIME = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z))?")


def _datetimes(body: str) -> list[str]:
    return re.findall(r'<time datetime="([^"]*)"', body)


def test_every_page_advertises_its_sites_rss_and_atom_feeds(client, iskar_site, host):
    news = add_news(iskar_site, "Новина")
    for path in [*SECTIONS, news.url]:
        body = client.get(path, **host(iskar_site)).content.decode()
        feeds = dict(
            re.findall(
                r'<link rel="alternate" type="(application/(?:rss|atom)\+xml)"[^>]*href="([^"]+)"',
                body,
            )
        )
        assert feeds == {
            "application/rss+xml": "/novini/rss/",
            "application/atom+xml": "/novini/atom/",
        }, path


def test_the_sections_of_a_new_site_show_when_they_were_last_updated(client, iskar_site, host):
    for path in SECTIONS:
        body = client.get(path, **host(iskar_site)).content.decode()
        assert 'class="updated muted"' in body, path
        assert _datetimes(body), path
        assert all(VALID_DATETIME.fullmatch(value) for value in _datetimes(body)), path


def test_time_elements_carry_whole_seconds_and_a_time_zone(client, iskar_site, host):
    news = add_news(iskar_site, "Със секунди")
    body = client.get(news.url, **host(iskar_site)).content.decode()
    values = _datetimes(body)
    assert any("T" in value for value in values)  # the "last updated" moment
    for value in values:
        assert VALID_DATETIME.fullmatch(value), value
        assert "." not in value


def test_machine_datetime_is_iso_8601_without_microseconds():
    moment = datetime.datetime(2026, 11, 28, 8, 30, 15, 123456, tzinfo=datetime.UTC)
    assert machine_datetime(moment) == "2026-11-28T10:30:15+02:00"  # Europe/Sofia in November
    assert machine_datetime(datetime.date(2026, 11, 28)) == "2026-11-28"
    assert machine_datetime(None) == ""


def test_bulgarian_dates_write_month_names_in_lower_case():
    moment = timezone.make_aware(datetime.datetime(2026, 11, 28, 10, 0))
    template = Template(
        '{{ d|date:"j F Y" }}|{{ d|date:"j E Y" }}|{{ d|date:"N" }}|{{ d|date }}|'
        '{{ d|date:"DATETIME_FORMAT" }}'
    )
    with translation.override("bg"):
        rendered = template.render(Context({"d": moment}))
    assert (
        rendered == "28 ноември 2026|28 ноември 2026|ноем.|28 ноември 2026|28 ноември 2026, 10:00"
    )
    with translation.override("en"):
        assert template.render(Context({"d": moment})).startswith("28 November 2026|")


@pytest.mark.parametrize("month", range(1, 13))
def test_no_bulgarian_month_name_is_capitalised(month):
    day = datetime.date(2026, month, 1)
    with translation.override("bg"):
        text = Template('{{ d|date:"F E N" }}').render(Context({"d": day}))
    assert text == text.lower()


def test_a_news_item_shows_its_date_in_lower_case(client, iskar_site, host):
    news = add_news(iskar_site, "Есенна")
    news.date = datetime.date(2026, 11, 28)
    news.save_revision().publish()
    body = client.get(news.url, **host(iskar_site)).content.decode()
    assert "28 ноември 2026" in body
    assert "Ноември" not in body


def test_the_repair_migration_dates_pages_created_without_a_revision(db, iskar_site):
    from importlib import import_module

    from django.apps import apps
    from wagtail.models import Page

    pages = Page.objects.descendant_of(iskar_site.site.root_page, inclusive=True)
    pages.update(first_published_at=None, last_published_at=None)
    migration = import_module("partnerstvo.websites.migrations.0002_section_pages_published_dates")
    migration.date_unpublished_pages(apps, None)
    created = iskar_site.created_at
    assert set(pages.values_list("last_published_at", flat=True)) == {created}
    assert set(pages.values_list("first_published_at", flat=True)) == {created}
