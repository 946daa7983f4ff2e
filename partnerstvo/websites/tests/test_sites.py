import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import Collection, Page

from partnerstvo.core.models import AuditEntry
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.websites import services
from partnerstvo.websites.models import (
    ActivitiesPage,
    ContactPage,
    CsoHomePage,
    CsoWebsite,
    DocumentsPage,
    NewsIndexPage,
    NewsItemPage,
    PartnershipsPage,
    ProjectIndexPage,
    ProjectPage,
    StandardPage,
)
from partnerstvo.websites.validators import contrast_ratio, validate_primary_colour


def test_one_action_turns_a_website_on(coordinator, iskar, iskar_editor, iskar_admin, iskar_member):
    website = services.website_enable(actor=coordinator, organisation=iskar)
    assert website.site.hostname == "iskar-bg.localhost"
    home = website.site.root_page.specific
    assert isinstance(home, CsoHomePage)
    sections = [type(p.specific) for p in home.get_children()]
    assert sections == [
        NewsIndexPage,
        ProjectIndexPage,
        PartnershipsPage,
        ActivitiesPage,
        DocumentsPage,
        ContactPage,
    ]
    assert all(p.live for p in home.get_children())
    assert website.image_collection.get_parent() == website.document_collection.get_parent()
    editors = set(website.editors_group.user_set.values_list("email", flat=True))
    assert editors == {"redaktor@iskar.example.bg", "admin@iskar.example.bg"}  # not members
    assert AuditEntry.objects.filter(action="websites.website.created", actor=coordinator).exists()
    # A second "turn on" changes nothing.
    assert services.website_enable(actor=coordinator, organisation=iskar) == website
    assert CsoWebsite.objects.count() == 1


def test_only_coordinators_turn_websites_on_and_off(iskar, iskar_admin):
    with pytest.raises(PermissionDenied):
        services.website_enable(actor=iskar_admin, organisation=iskar)
    website = services.website_enable(actor=SYSTEM, organisation=iskar)
    with pytest.raises(PermissionDenied):
        services.website_disable(actor=iskar_admin, website=website)


def test_turning_off_takes_the_site_offline_without_deleting(
    client, coordinator, iskar_site, host, django_capture_on_commit_callbacks
):
    from .conftest import add_news

    add_news(iskar_site, "Остава")
    assert client.get("/", **host(iskar_site)).status_code == 200
    assert client.get("/", **host(iskar_site))["X-Cache"] == "HIT"
    pages_before = Page.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.website_disable(actor=coordinator, website=iskar_site)
    response = client.get("/", **host(iskar_site))
    assert response.status_code == 404
    assert client.get("/novini/", **host(iskar_site)).status_code == 404
    assert Page.objects.count() == pages_before
    with django_capture_on_commit_callbacks(execute=True):
        services.website_enable(actor=coordinator, organisation=iskar_site.organisation)
    assert "Остава" in client.get("/", **host(iskar_site)).content.decode()


def test_membership_changes_follow_into_the_editors_group(iskar_site, iskar_admin, iskar_member):
    from partnerstvo.directory.models import OrganisationMembership
    from partnerstvo.directory.services import organisation_membership_delete

    group = iskar_site.editors_group
    assert not group.user_set.filter(pk=iskar_member.pk).exists()
    membership = OrganisationMembership.objects.get(person=iskar_member.person)
    from partnerstvo.directory.services import organisation_membership_save

    organisation_membership_save(actor=iskar_admin, membership=membership, data={"role": "editor"})
    assert group.user_set.filter(pk=iskar_member.pk).exists()
    organisation_membership_delete(actor=iskar_admin, membership=membership)
    assert not group.user_set.filter(pk=iskar_member.pk).exists()


def test_coordinators_get_wagtail_rights_on_every_site(coordinator, iskar_site):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    home = iskar_site.site.root_page
    assert PagePermissionPolicy().user_has_permission_for_instance(coordinator, "change", home)


@pytest.mark.parametrize(
    ("colour", "ok"),
    [
        ("#0b4f8a", True),
        ("#000000", True),
        ("#1d5e3a", True),
        ("#ffff00", False),
        ("#87ceeb", False),
        ("#777777", False),
        ("red", False),
        ("#12345", False),
    ],
)
def test_primary_colour_must_keep_white_text_readable(colour, ok):
    if ok:
        validate_primary_colour(colour)
    else:
        with pytest.raises(ValidationError):
            validate_primary_colour(colour)


def test_contrast_ratio_matches_wcag_examples():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48


def test_editors_change_settings_but_not_domain_or_status(iskar_site, iskar_editor, go2000_editor):
    services.website_update(
        actor=iskar_editor,
        website=iskar_site,
        data={"primary_colour": "#1d5e3a", "contact_phone": "+359 1"},
    )
    iskar_site.refresh_from_db()
    assert iskar_site.primary_colour == "#1d5e3a"
    with pytest.raises(ValidationError):
        services.website_update(
            actor=iskar_editor, website=iskar_site, data={"custom_domain": "www.iskar.org"}
        )
    with pytest.raises(ValidationError):
        services.website_update(
            actor=iskar_editor, website=iskar_site, data={"primary_colour": "#ffff00"}
        )
    with pytest.raises(PermissionDenied):
        services.website_update(
            actor=go2000_editor, website=iskar_site, data={"contact_phone": "чужд"}
        )
    iskar_site.refresh_from_db()
    assert iskar_site.primary_colour == "#1d5e3a"
    assert iskar_site.contact_phone == "+359 1"


def test_logo_must_come_from_the_sites_own_collection(iskar_site, go_site, iskar_editor):
    from .conftest import make_image

    foreign = make_image(go_site, "Чуждо лого")
    with pytest.raises(ValidationError):
        services.website_update(actor=iskar_editor, website=iskar_site, data={"logo": foreign})
    own = make_image(iskar_site, "Наше лого")
    services.website_update(actor=iskar_editor, website=iskar_site, data={"logo": own})


def test_own_domain_becomes_the_sites_address(coordinator, iskar_site, client):
    services.website_update(
        actor=coordinator, website=iskar_site, data={"custom_domain": "www.iskar-bg.org"}
    )
    iskar_site.site.refresh_from_db()
    assert iskar_site.site.hostname == "www.iskar-bg.org"
    assert client.get("/", HTTP_HOST="www.iskar-bg.org").status_code == 200
    # The platform address now redirects there, path included.
    response = client.get("/novini/?page=2", HTTP_HOST="iskar-bg.localhost")
    assert response.status_code == 301
    assert response["Location"] == "http://www.iskar-bg.org/novini/?page=2"


def test_english_pages_only_on_bilingual_sites(client, iskar_site, iskar_editor, host):
    assert client.get("/en/", **host(iskar_site)).status_code == 404
    services.website_update(actor=iskar_editor, website=iskar_site, data={"languages": "bg+en"})
    response = client.get("/en/", **host(iskar_site))
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert 'hreflang="bg"' in client.get("/", **host(iskar_site)).content.decode()


def test_page_tree_stays_sane(iskar_site):
    home = iskar_site.site.root_page.specific
    assert set(CsoHomePage.allowed_subpage_models()) == {
        StandardPage,
        NewsIndexPage,
        ProjectIndexPage,
        PartnershipsPage,
        ActivitiesPage,
        DocumentsPage,
        ContactPage,
    }
    assert NewsItemPage.allowed_parent_page_models() == [NewsIndexPage]
    assert ProjectPage.allowed_parent_page_models() == [ProjectIndexPage]
    assert not NewsIndexPage.can_create_at(home)  # one news section per site
    assert StandardPage.can_create_at(home)
    assert not NewsItemPage.can_create_at(home)
    assert CsoHomePage.can_create_at(Page.get_first_root_node())
    assert not CsoHomePage.can_create_at(home)


def test_project_cannot_end_before_it_starts(iskar_site):
    import datetime

    index = ProjectIndexPage.objects.descendant_of(iskar_site.site.root_page).first()
    project = ProjectPage(
        title="Обратно",
        start_date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 1, 1),
        status="running",
    )
    with pytest.raises(ValidationError):
        index.add_child(instance=project)


def test_collections_are_per_site(iskar_site, go_site):
    assert iskar_site.image_collection != go_site.image_collection
    assert Collection.objects.filter(pk=iskar_site.image_collection_id).exists()


def test_page_slugs_are_transliterated_by_the_law(iskar_site):
    from .conftest import add_news

    first = add_news(iskar_site, "Щастливи деца в Горна Оряховица")
    assert first.slug == "shtastlivi-detsa-v-gorna-oryahovitsa"
    second = add_news(iskar_site, "Щастливи деца в Горна Оряховица")
    assert second.slug == "shtastlivi-detsa-v-gorna-oryahovitsa-2"
    index = NewsIndexPage.objects.descendant_of(iskar_site.site.root_page).first()
    typed = NewsItemPage(title="Нещо", slug="юнашка-история", lead="л")
    index.add_child(instance=typed)
    assert typed.slug == "yunashka-istoria"


def test_coordinator_turns_a_site_on_in_the_back_office(
    client, coordinator, iskar, go2000, iskar_editor
):
    client.force_login(coordinator)
    form = client.get("/admin/cso_websites/new/")
    assert form.status_code == 200
    response = client.post("/admin/cso_websites/new/", {"organisation": iskar.pk})
    assert response.status_code == 302
    website = CsoWebsite.objects.get(organisation=iskar)
    assert website.site.hostname == "iskar-bg.localhost"
    # An organisation with a site is no longer offered.
    body = client.get("/admin/cso_websites/new/").content.decode()
    assert f'<option value="{iskar.pk}"' not in body
    assert f'<option value="{go2000.pk}"' in body
    # Editors may not turn sites on.
    client.force_login(iskar_editor)
    assert client.get("/admin/cso_websites/new/").status_code in (302, 403)
    assert client.post("/admin/cso_websites/new/", {"organisation": go2000.pk}).status_code in (
        302,
        403,
    )
    assert not CsoWebsite.objects.filter(organisation=go2000).exists()


def test_editor_saves_settings_in_the_back_office(client, iskar_site, iskar_editor):
    client.force_login(iskar_editor)
    url = f"/admin/cso_websites/edit/{iskar_site.pk}/"
    assert client.get(url).status_code == 200
    data = {
        "languages": "bg",
        "stale_after_days": 90,
        "primary_colour": "#ffff00",
        "theme": "community",
        "contact_email": "info@iskar.example.bg",
        "contact_phone": "",
        "contact_address": "",
        "facebook_url": "",
        "instagram_url": "",
        "youtube_url": "",
        "linkedin_url": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the pale colour is refused with a message
    assert "4.5:1" in str(response.context["form"].errors["primary_colour"]) or "4,5:1" in str(
        response.context["form"].errors["primary_colour"]
    )
    data["primary_colour"] = "#1d5e3a"
    assert client.post(url, data).status_code == 302
    iskar_site.refresh_from_db()
    assert iskar_site.stale_after_days == 90
    assert iskar_site.primary_colour == "#1d5e3a"
    assert iskar_site.theme == "community"
