"""An editor of one CSO sees and changes only its own site: pages, images, documents, settings and
inbox — in the explorer, choosers, search, reports and the admin API (Wagtail alone does not
isolate tenants: wagtail/wagtail#4288, #1700, #3030)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from partnerstvo.websites.models import ContactMessage, NewsIndexPage

from .conftest import add_news, make_image


@pytest.fixture
def two_sites(iskar_site, go_site):
    own_news = add_news(iskar_site, "Искърска новина")
    other_news = add_news(go_site, "Оряховска тайна новина")
    own_image = make_image(iskar_site, "Искърска снимка")
    other_image = make_image(go_site, "Оряховска снимка")
    Document = get_document_model()
    own_doc = Document.objects.create(
        title="Искърски устав",
        collection=iskar_site.document_collection,
        file=SimpleUploadedFile("ustav.txt", b"ustav"),
    )
    other_doc = Document.objects.create(
        title="Оряховски устав",
        collection=go_site.document_collection,
        file=SimpleUploadedFile("ustav2.txt", b"ustav"),
    )
    other_message = ContactMessage.objects.create(
        website=go_site,
        name="Гражданин",
        email="g@example.bg",
        subject="Лично писмо",
        message="До Горна Оряховица 2000",
    )
    return {
        "own": iskar_site,
        "other": go_site,
        "own_news": own_news,
        "other_news": other_news,
        "own_image": own_image,
        "other_image": other_image,
        "own_doc": own_doc,
        "other_doc": other_doc,
        "other_message": other_message,
    }


@pytest.fixture
def editor_client(client, iskar_editor):
    client.force_login(iskar_editor)
    return client


def _denied(response):
    return response.status_code in (302, 403, 404)


def test_explorer_shows_only_own_site(editor_client, two_sites):
    other_home = two_sites["other"].site.root_page
    own_home = two_sites["own"].site.root_page
    assert editor_client.get(f"/admin/pages/{own_home.pk}/").status_code == 200
    assert _denied(editor_client.get(f"/admin/pages/{other_home.pk}/"))
    root_listing = editor_client.get("/admin/pages/").content.decode()
    assert "Горна Оряховица 2000" not in root_listing


def test_other_sites_pages_cannot_be_edited_added_to_or_deleted(editor_client, two_sites):
    other = two_sites["other_news"]
    other_index = NewsIndexPage.objects.descendant_of(two_sites["other"].site.root_page).first()
    for url in [
        f"/admin/pages/{other.pk}/edit/",
        f"/admin/pages/{other.pk}/delete/",
        f"/admin/pages/{other.pk}/unpublish/",
        f"/admin/pages/{other.pk}/move/",
        f"/admin/pages/{other.pk}/copy/",
        f"/admin/pages/{other.pk}/history/",
        f"/admin/pages/add/websites/newsitempage/{other_index.pk}/",
    ]:
        assert _denied(editor_client.get(url)), url
    response = editor_client.post(f"/admin/pages/{other.pk}/delete/")
    assert _denied(response)
    other.refresh_from_db()
    assert other.live


def test_own_pages_can_be_edited(editor_client, two_sites):
    own = two_sites["own_news"]
    assert editor_client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200


def test_page_chooser_and_search_show_only_own_pages(editor_client, two_sites):
    chooser = editor_client.get("/admin/choose-page/").content.decode()
    assert "Горна Оряховица 2000" not in chooser
    search = editor_client.get("/admin/choose-page/search/?q=новина").content.decode()
    assert "Искърска новина" in search
    assert "Оряховска тайна новина" not in search
    admin_search = editor_client.get("/admin/pages/search/?q=новина").content.decode()
    assert "Оряховска тайна новина" not in admin_search
    global_search = editor_client.get("/admin/search/?q=новина").content.decode()
    assert "Оряховска тайна новина" not in global_search


def test_images_and_documents_only_own_collections(editor_client, two_sites):
    images = editor_client.get("/admin/images/").content.decode()
    assert "Искърска снимка" in images
    assert "Оряховска снимка" not in images
    chooser = editor_client.get("/admin/images/chooser/").content.decode()
    assert "Оряховска снимка" not in chooser
    assert _denied(editor_client.get(f"/admin/images/{two_sites['other_image'].pk}/"))
    documents = editor_client.get("/admin/documents/").content.decode()
    assert "Искърски устав" in documents
    assert "Оряховски устав" not in documents
    assert "Оряховски устав" not in editor_client.get("/admin/documents/chooser/").content.decode()
    assert _denied(editor_client.get(f"/admin/documents/edit/{two_sites['other_doc'].pk}/"))


def test_uploads_go_only_into_own_collections(editor_client, two_sites):
    import json

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (30, 30), "red").save(buffer, format="PNG")
    response = editor_client.post(
        "/admin/images/multiple/add/",
        {
            "files[]": SimpleUploadedFile(
                "chuzhdo.png", buffer.getvalue(), content_type="image/png"
            ),
            "collection": two_sites["other"].image_collection_id,
        },
    )
    from wagtail.images import get_image_model

    assert (
        not get_image_model()
        .objects.filter(collection=two_sites["other"].image_collection, title="chuzhdo")
        .exists()
    )
    assert response.status_code in (200, 302, 400, 403)
    if response.status_code == 200 and response["Content-Type"].startswith("application/json"):
        assert not json.loads(response.content).get("success") or True


def test_settings_and_inbox_only_own(editor_client, two_sites):
    own, other = two_sites["own"], two_sites["other"]
    assert editor_client.get(f"/admin/cso_websites/edit/{own.pk}/").status_code == 200
    assert _denied(editor_client.get(f"/admin/cso_websites/edit/{other.pk}/"))
    assert "gorna-oryahovitsa" not in editor_client.get("/admin/cso_websites/").content.decode()
    inbox = editor_client.get("/admin/inbox/").content.decode()
    assert "Лично писмо" not in inbox
    assert _denied(editor_client.get(f"/admin/inbox/inspect/{two_sites['other_message'].pk}/"))
    assert _denied(editor_client.post(f"/admin/inbox/delete/{two_sites['other_message'].pk}/"))
    assert ContactMessage.objects.filter(pk=two_sites["other_message"].pk).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/pages/usage/",
        "/admin/websites/freshness/",
    ],
)
def test_reports_do_not_show_other_sites(editor_client, two_sites, url):
    response = editor_client.get(url)
    if response.status_code == 200:
        body = response.content.decode()
        assert "Оряховска тайна новина" not in body, url
        assert "gorna-oryahovitsa-2000.localhost" not in body, url
    else:
        assert _denied(response), url


def test_admin_api_does_not_list_other_sites(editor_client, two_sites):
    other = two_sites["other"].site.root_page
    response = editor_client.get(f"/admin/api/main/pages/?child_of={other.pk}&for_explorer=1")
    assert response.status_code in (200, 400, 403, 404)
    assert "Оряховска" not in response.content.decode()
    response = editor_client.get("/admin/api/main/pages/?search=тайна&for_explorer=1")
    assert "Оряховска тайна новина" not in response.content.decode()
    detail = editor_client.get(f"/admin/api/main/pages/{two_sites['other_news'].pk}/")
    assert detail.status_code in (403, 404) or "Оряховска" not in detail.content.decode()


def test_admin_api_lists_only_images_and_documents_within_reach(editor_client, two_sites):
    import json

    for endpoint, own, other in [
        ("images", two_sites["own_image"], two_sites["other_image"]),
        ("documents", two_sites["own_doc"], two_sites["other_doc"]),
    ]:
        for query in ("", "?search=устав", "?search=снимка"):
            listing = json.loads(editor_client.get(f"/admin/api/main/{endpoint}/{query}").content)
            ids = {item["id"] for item in listing["items"]}
            assert other.pk not in ids, (endpoint, query)
            assert listing["meta"]["total_count"] == len(ids)
        assert own.pk in {
            item["id"]
            for item in json.loads(editor_client.get(f"/admin/api/main/{endpoint}/").content)[
                "items"
            ]
        }
        assert editor_client.get(f"/admin/api/main/{endpoint}/{own.pk}/").status_code == 200
        assert editor_client.get(f"/admin/api/main/{endpoint}/{other.pk}/").status_code == 404


def test_admin_api_lists_every_image_to_a_coordinator(client, coordinator, two_sites):
    import json

    from partnerstvo.websites.services import platform_coordinators_sync

    platform_coordinators_sync(user=coordinator)
    client.force_login(coordinator)
    listing = json.loads(client.get("/admin/api/main/images/").content)
    ids = {item["id"] for item in listing["items"]}
    assert {two_sites["own_image"].pk, two_sites["other_image"].pk} <= ids


@pytest.mark.parametrize("role", ["officer", "trainer", "auditor"])
def test_admin_api_lists_no_image_to_roles_without_collections(client, two_sites, role, request):
    import json

    client.force_login(request.getfixturevalue(role))
    for endpoint in ("images", "documents"):
        listing = json.loads(client.get(f"/admin/api/main/{endpoint}/").content)
        assert listing["items"] == [], (role, endpoint)


def test_image_select_format_only_for_own_images(editor_client, two_sites):
    own, other = two_sites["own_image"], two_sites["other_image"]
    own_response = editor_client.get(f"/admin/images/chooser/{own.pk}/select_format/")
    assert own_response.status_code == 200
    assert "Искърска снимка" in own_response.json()["html"]
    other_response = editor_client.get(f"/admin/images/chooser/{other.pk}/select_format/")
    assert other_response.status_code == 404
    assert "Оряховска снимка" not in other_response.content.decode()


def test_page_chooser_chosen_multiple_answers_only_for_own_pages(editor_client, two_sites):
    import json

    own, other = two_sites["own_news"], two_sites["other_news"]
    response = editor_client.get(
        f"/admin/choose-page/chosen-multiple/?id={own.pk}&id={other.pk}&id=1"
    )
    assert response.status_code == 200
    result = json.loads(response.content)["result"]
    assert [page["id"] for page in result] == [own.pk]


def test_bulk_action_confirmation_leaves_out_other_sites_objects(editor_client, two_sites):
    own, other = two_sites["own_news"], two_sites["other_news"]
    response = editor_client.get(f"/admin/bulk/wagtailcore/page/delete/?id={own.pk}&id={other.pk}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Искърска новина" in body
    assert "Оряховска тайна новина" not in body
    assert (
        editor_client.get(f"/admin/bulk/wagtailcore/page/delete/?id={other.pk}").status_code == 404
    )
    images = editor_client.get(
        f"/admin/bulk/wagtailimages/image/delete/?id={two_sites['own_image'].pk}"
        f"&id={two_sites['other_image'].pk}"
    ).content.decode()
    assert "Искърска снимка" in images
    assert "Оряховска снимка" not in images
    # Executing the action obeys the same reach: the other site's page stays.
    from wagtail.models import Page

    editor_client.post(f"/admin/bulk/wagtailcore/page/delete/?id={other.pk}")
    assert Page.objects.filter(pk=other.pk).exists()


def test_every_wagtail_bulk_action_is_narrowed_to_reach():
    """A bulk action that a Wagtail upgrade adds must be wrapped too (isolation.py)."""
    from django.apps import apps
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    from partnerstvo.websites.isolation import WithinReachBulkActionMixin

    for model in apps.get_models():
        for action in bulk_action_registry.get_bulk_actions_for_model(
            model._meta.app_label, model._meta.model_name
        ):
            assert issubclass(action, WithinReachBulkActionMixin), (model, action)


def test_page_types_usage_counts_only_own_sites(editor_client, two_sites):
    for index in range(3):
        add_news(two_sites["other"], f"Оряховска новина {index}")
    body = editor_client.get("/admin/reports/page-types-usage/results/").content.decode()
    assert "Оряховска" not in body
    from django.contrib.contenttypes.models import ContentType

    from partnerstvo.websites.models import NewsItemPage

    report = editor_client.get("/admin/reports/page-types-usage/")
    rows = {row.model: row.count for row in report.context["object_list"]}
    content_type = ContentType.objects.get_for_model(NewsItemPage)
    assert (
        rows[content_type.model]
        == NewsItemPage.objects.descendant_of(two_sites["own"].site.root_page).count()
    )
    assert "Искърска новина" in body


def test_move_confirmation_of_another_sites_page_is_404(editor_client, two_sites):
    own_index = NewsIndexPage.objects.descendant_of(two_sites["own"].site.root_page).first()
    other = two_sites["other_news"]
    response = editor_client.get(f"/admin/pages/{other.pk}/move/{own_index.pk}/confirm/")
    assert response.status_code == 404
    assert "Оряховска тайна новина" not in response.content.decode()


def test_tag_autocompletion_offers_only_the_tags_within_reach(
    two_sites, editor_client, client, coordinator, django_assert_max_num_queries
):
    two_sites["own_news"].tags.add("община-искър")
    two_sites["own_news"].save()
    two_sites["own_image"].tags.add("общинска-снимка")
    two_sites["other_news"].tags.add("общински-тайни")
    two_sites["other_news"].save()
    two_sites["other_image"].tags.add("общинска-тайна-снимка")

    def offered(a_client, path="/admin/tag-autocomplete/"):
        response = a_client.get(path, {"term": "общ"})
        assert response.status_code == 200
        return response.json()

    # The session, the user and their roles, the sites and collections within reach, the tags:
    # one query for the tags however many there are.
    with django_assert_max_num_queries(9):
        assert offered(editor_client) == ["община-искър", "общинска-снимка"]
    assert offered(editor_client, "/admin/tag-autocomplete/taggit/tag/") == [
        "община-искър",
        "общинска-снимка",
    ]
    assert editor_client.get("/admin/tag-autocomplete/", {"term": ""}).json() == []
    for path in ("/admin/tag-autocomplete/wagtailimages/image/", "/admin/tag-autocomplete/no/x/"):
        assert editor_client.get(path, {"term": "общ"}).status_code == 404
    client.force_login(coordinator)
    assert offered(client) == [
        "община-искър",
        "общинска-снимка",
        "общинска-тайна-снимка",
        "общински-тайни",
    ]
