"""The back office is Partnerstvo's, in Bulgarian: its titles, its mark, Wagtail's tag help."""

import re

from django.utils import translation

from conftest import PASSWORD


def test_admin_titles_and_login_carry_the_platforms_name_not_wagtails(client, db, settings):
    response = client.get("/admin/login/")
    body = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert "Wagtail" not in title
    assert title.strip().endswith(settings.PLATFORM_NAME)
    heading = re.search(r"<h1>(.*?)</h1>", body, re.S).group(1)
    assert "Wagtail" not in heading and settings.PLATFORM_NAME in heading
    assert 'class="icon-wagtail"' not in body  # Wagtail's logo
    assert "core/img/favicon.svg" in body


def test_the_dashboard_title_and_sidebar_mark_are_the_platforms(client, coordinator, settings):
    client.force_login(coordinator)
    body = client.get("/admin/").content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert "Wagtail" not in title
    branding = re.search(
        r"(?s)<template data-wagtail-sidebar-branding-logo>(.*?)</template>", body
    ).group(1)
    assert "core/img/favicon.svg" in branding


def test_wagtails_tag_help_text_is_bulgarian():
    from partnerstvo.websites.models import NewsItemPage

    with translation.override("bg"):
        help_text = str(NewsItemPage._meta.get_field("tags").help_text)
    assert help_text == "Етикети, разделени със запетая."


def test_a_logged_in_member_on_the_admin_login_is_told_why_and_where_to_go(client, iskar_member):
    assert client.login(username=iskar_member.email, password=PASSWORD)
    body = client.get("/admin/login/").content.decode()
    assert "няма достъп до администрацията" in body
    assert 'href="/accounts/profile/"' in body and 'href="/"' in body
