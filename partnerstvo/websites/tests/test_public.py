import datetime
import json
import re

import pytest
from django.core import mail

from partnerstvo.core.contributions import Contribution, register, unregister
from partnerstvo.websites.models import ContactMessage

from .conftest import add_news, make_image


@pytest.fixture
def test_contributor():
    """A stand-in for the apps that will contribute (events, agreements...)."""

    def events(organisation, *, limit):
        return [
            Contribution(
                "events",
                f"Кръгла маса на {organisation.short_name}",
                datetime.date.today() + datetime.timedelta(days=10),
                "https://example.bg/sabitie/1/",
                "В читалището",
            ),
            Contribution("events", "Минала среща", datetime.date(2025, 3, 1)),
        ][:limit]

    def agreements(organisation, *, limit):
        return [
            Contribution(
                "agreements", "Споразумение с Община Долна Митрополия", datetime.date(2026, 2, 1)
            )
        ]

    register("events")(events)
    register("agreements")(agreements)
    yield
    unregister("events", events)
    unregister("agreements", agreements)


def _ld(body: str) -> list:
    return [
        json.loads(m)
        for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    ]


def test_every_page_type_renders_under_the_sites_host(client, iskar_site, host):
    from partnerstvo.websites.models import ProjectIndexPage, ProjectPage, StandardPage

    news = add_news(iskar_site, "Първа новина")
    projects = ProjectIndexPage.objects.descendant_of(iskar_site.site.root_page).first()
    project = ProjectPage(
        title="Проект „Искър“",
        start_date=datetime.date(2026, 1, 1),
        status="running",
        budget=1000,
        eu_funded=True,
    )
    projects.add_child(instance=project)
    project.save_revision().publish()
    home = iskar_site.site.root_page
    about = StandardPage(title="За нас", body=[("quote", {"text": "Заедно", "author": "Ние"})])
    home.add_child(instance=about)
    about.save_revision().publish()
    for url in [
        "/",
        "/novini/",
        news.url,
        "/proekti/",
        project.url,
        "/partnyorstva/",
        "/deynosti/",
        "/dokumenti/",
        "/kontakti/",
        about.url,
        "/novini/rss/",
        "/novini/atom/",
        "/sitemap.xml",
        "/robots.txt",
    ]:
        response = client.get(url, **host(iskar_site))
        assert response.status_code == 200, url
    body = client.get(project.url, **host(iskar_site)).content.decode()
    assert "съфинансирана от Европейския съюз" in body  # the EU-funded switch adds the block
    assert "Заедно" in client.get(about.url, **host(iskar_site)).content.decode()


def test_pages_show_when_they_were_last_updated(client, iskar_site, host):
    news = add_news(iskar_site, "Дата")
    body = client.get(news.url, **host(iskar_site)).content.decode()
    assert re.search(r'class="updated muted">[^<]+<time datetime="\d{4}-', body)


def test_home_page_describes_the_ngo_and_news_the_article(client, iskar_site, host):
    news = add_news(iskar_site, "Статия", image=make_image(iskar_site, size=(1000, 600)))
    home = client.get("/", **host(iskar_site)).content.decode()
    assert _ld(home)[0]["@graph"][0]["@type"] == "NGO"
    assert _ld(home)[0]["@graph"][0]["name"] == "ССИЗП „Искър БГ“"
    assert '<meta property="og:title"' in home
    article = client.get(news.url, **host(iskar_site)).content.decode()
    graph = _ld(article)[0]["@graph"][0]
    assert graph["@type"] == "NewsArticle"
    assert graph["headline"] == "Статия"
    assert '<meta property="og:type" content="article">' in article
    assert '<meta property="og:image"' in article
    assert "srcset=" in article  # responsive images
    # Widths the 1000-pixel original can give, each once (HTML forbids repeated widths).
    srcset = re.search(r'srcset="([^"]+)"', article).group(1)
    assert [entry.split()[-1] for entry in srcset.split(", ")] == ["480w", "800w", "1000w"]


def test_activities_and_partnerships_come_from_the_platform(
    client, iskar_site, host, test_contributor
):
    activities = client.get("/deynosti/", **host(iskar_site)).content.decode()
    assert "Кръгла маса на Искър БГ" in activities
    assert any(item.get("@type") == "Event" for item in _ld(activities)[0]["@graph"])
    home = client.get("/", **host(iskar_site)).content.decode()
    assert "Кръгла маса на Искър БГ" in home
    assert "Минала среща" not in home  # past activities are not "coming"
    partnerships = client.get("/partnyorstva/", **host(iskar_site)).content.decode()
    assert "Споразумение с Община Долна Митрополия" in partnerships


def test_feeds_list_the_news(client, iskar_site, host):
    add_news(iskar_site, "В емисията")
    rss = client.get("/novini/rss/", **host(iskar_site))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "В емисията" in rss.content.decode()
    atom = client.get("/novini/atom/", **host(iskar_site))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "http://iskar-bg.localhost" in atom.content.decode()


def test_each_site_has_its_own_sitemap_and_robots(client, iskar_site, go_site, host):
    add_news(iskar_site, "Искърска")
    add_news(go_site, "Оряховска")
    index = client.get("/sitemap.xml", **host(iskar_site)).content.decode()
    assert "sitemap-pages.xml" in index
    assert "organisations" not in index
    pages = client.get("/sitemap-pages.xml", **host(iskar_site)).content.decode()
    assert "http://iskar-bg.localhost/novini/" in pages
    assert "gorna-oryahovitsa" not in pages
    robots = client.get("/robots.txt", **host(iskar_site)).content.decode()
    assert "Sitemap: http://iskar-bg.localhost/sitemap.xml" in robots
    portal = client.get("/sitemap.xml").content.decode()
    assert "sitemap-organisations.xml" in portal


def test_anonymous_pages_are_cached_and_publishing_refreshes_them(
    client, iskar_site, host, django_assert_max_num_queries
):
    first = client.get("/", **host(iskar_site))
    assert first["X-Cache"] == "MISS"
    with django_assert_max_num_queries(0):
        second = client.get("/", **host(iskar_site))
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    add_news(iskar_site, "Току-що публикувана")
    third = client.get("/", **host(iskar_site))
    assert third["X-Cache"] == "MISS"
    assert "Току-що публикувана" in third.content.decode()


def test_logged_in_visitors_and_contact_pages_are_not_cached(
    client, iskar_site, host, iskar_member
):
    client.force_login(iskar_member)
    assert "X-Cache" not in client.get("/", **host(iskar_site))
    client.logout()
    assert "X-Cache" not in client.get("/kontakti/", **host(iskar_site))


def test_uncached_queries_stay_constant_as_content_grows(client, iskar_site, host):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnerstvo.websites.caching import invalidate_site

    def count(url):
        # The first view of a new image makes its renditions (files); measure the steady state.
        invalidate_site(iskar_site.site_id)
        client.get(url, **host(iskar_site))
        invalidate_site(iskar_site.site_id)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **host(iskar_site)).status_code == 200
        return len(queries)

    add_news(iskar_site, "Една", image=make_image(iskar_site))
    small = {url: count(url) for url in ["/", "/novini/", "/deynosti/", "/dokumenti/"]}
    for number in range(12):
        add_news(iskar_site, f"Още {number}", image=make_image(iskar_site, f"Снимка {number}"))
    large = {url: count(url) for url in small}
    assert small == large


def test_contact_message_reaches_the_inbox_and_the_csos_email(
    client, iskar_site, host, django_capture_on_commit_callbacks
):
    data = {
        "name": "Гражданин",
        "email": "grazhdanin@example.bg",
        "subject": "Въпрос",
        "message": "Кога е следващото обучение? <script>alert(1)</script>",
        "website": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kontakti/", data, **host(iskar_site))
    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert message.website == iskar_site
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["office@example.bg"]
    assert "Кога е следващото обучение?" in mail.outbox[0].body
    assert mail.outbox[0].content_subtype == "plain"  # script stays inert text


def test_contact_form_errors_are_clear_and_save_nothing(client, iskar_site, host):
    response = client.post(
        "/kontakti/",
        {"name": "", "email": "не-е-адрес", "subject": "", "message": ""},
        **host(iskar_site),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert not ContactMessage.objects.exists()
    assert not mail.outbox


def test_honeypot_and_rate_limit(client, iskar_site, host):
    data = {
        "name": "Робот",
        "email": "bot@example.com",
        "subject": "Оферта",
        "message": "Купете",
        "website": "http://spam.example",
    }
    assert client.post("/kontakti/", data, **host(iskar_site)).status_code == 302
    assert not ContactMessage.objects.exists()  # silently dropped
    data["website"] = ""
    for _ in range(4):
        assert client.post("/kontakti/", data, **host(iskar_site)).status_code == 302
    response = client.post("/kontakti/", data, **host(iskar_site))
    assert response.status_code == 400
    assert ContactMessage.objects.count() == 4


def test_script_in_rich_text_is_neutralised(client, iskar_site, host):
    from partnerstvo.websites.models import NewsIndexPage, NewsItemPage

    index = NewsIndexPage.objects.descendant_of(iskar_site.site.root_page).first()
    page = NewsItemPage(
        title="Опит",
        lead="<script>alert('lead')</script>",
        body=[
            (
                "text",
                '<p>Текст<script>alert("x")</script><a href="javascript:alert(1)">връзка</a></p>',
            )
        ],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    body = client.get(page.url, **host(iskar_site)).content.decode()
    assert "<script>alert" not in body
    assert "javascript:alert" not in body
    assert "&lt;script&gt;alert(&#x27;lead&#x27;)" in body


def test_portal_lists_every_online_cso_site(client, iskar_site, go_site, coordinator):
    from partnerstvo.websites.services import website_disable

    body = client.get("/").content.decode()
    assert "http://iskar-bg.localhost" in body
    website_disable(actor=coordinator, website=go_site)
    assert "gorna-oryahovitsa-2000.localhost" not in client.get("/").content.decode()
