"""The public list (search, theme, municipality, oblast; paginated; constant queries), a
practice's page (drafts 404 to others), attachments, the sitemap, the API and the CSO website."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import PASSWORD
from partnerstvo.core.contributions import contributors
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory.models import Municipality
from partnerstvo.practices import services
from partnerstvo.practices.models import PracticeAttachment

from .conftest import build_practice

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)


def test_the_list_shows_published_practices_only(client, published, draft):
    response = client.get("/practices/")
    assert response.status_code == 200
    assert published.title in response.text
    assert draft.title not in response.text


def test_the_list_filters_by_text_theme_municipality_and_oblast(
    client, iskar, go2000, dolna_mitropolia, gorna_oryahovitsa, published, theme
):
    other = build_practice(
        organisation=go2000,
        municipality=gorna_oryahovitsa,
        status="published",
        title="Доброволци за чисти брегове",
        problem="Сметища по бреговете на реката.",
    )
    cases = {
        "?q=брегове": other,
        "?q=ЦЕНТЪР+деца": published,
        f"?theme={theme.slug}": published,
        f"?municipality={gorna_oryahovitsa.slug}": other,
        f"?oblast={dolna_mitropolia.oblast.slug}": published,
    }
    for query, expected in cases.items():
        text = client.get(f"/practices/{query}").text
        assert expected.title in text, query
        assert ({published, other} - {expected}).pop().title not in text, query


def test_bad_filter_values_are_errors_not_server_errors(client, published):
    for query in ("?municipality=няма-такава", "?theme=<script>", "?page=xyz", "?q=" + "а" * 500):
        response = client.get(f"/practices/{query}")
        assert response.status_code == 200, query
    assert published.title in client.get("/practices/?municipality=няма-такава").text


def test_the_list_keeps_a_constant_number_of_queries(
    client, iskar, dolna_mitropolia, theme, django_assert_max_num_queries
):
    municipalities = list(Municipality.objects.order_by("pk")[:6])

    def add(count, start):
        for number in range(start, start + count):
            build_practice(
                organisation=iskar,
                municipality=municipalities[number % 6],
                status="published",
                title=f"Практика {number}",
                themes=[theme],
            )

    add(3, 0)
    with django_assert_max_num_queries(8) as few:
        assert client.get("/practices/").status_code == 200
    add(30, 3)
    with django_assert_max_num_queries(8) as many:
        response = client.get("/practices/")
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(8):
        assert client.get(f"/practices/?municipality={municipalities[1].slug}").status_code == 200


def test_a_practice_page_shows_its_results_and_hides_the_contact_address(
    client, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert "гласували жители" in response.text
    assert "2 140" in response.text or "2140" in response.text
    assert "kontakt@iskar.example.bg" not in response.text


def test_drafts_are_404_to_others_and_shown_to_authors(
    client, draft, go2000_editor, iskar_member, iskar_editor, coordinator
):
    assert client.get(draft.get_absolute_url()).status_code == 404
    for user in (go2000_editor, iskar_member):
        _login(client, user)
        assert client.get(draft.get_absolute_url()).status_code == 404
    for user in (iskar_editor, coordinator):
        _login(client, user)
        response = client.get(draft.get_absolute_url())
        assert response.status_code == 200
        assert 'id="practice-status"' in response.text


def test_attachments_follow_the_practice(client, draft, iskar_editor, go2000_editor):
    attachment = services.attachment_save(
        actor=iskar_editor,
        attachment=PracticeAttachment(),
        data={
            "practice": draft,
            "title": "Правила",
            "file": SimpleUploadedFile("pravila.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert attachment.filename == "pravila.pdf"
    assert "pravila" not in attachment.file.name  # a random name in private storage
    url = f"/practices/{draft.slug}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 404
    _login(client, go2000_editor)
    assert client.get(url).status_code == 404
    _login(client, iskar_editor)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "pravila.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("script.exe", b"MZ\x90\x00"),
        ("fake.pdf", b"<html>not a pdf</html>"),
        ("fake.docx", b"%PDF-1.4"),
    ],
)
def test_attachments_of_the_wrong_type_are_refused(draft, iskar_editor, name, content):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.attachment_save(
            actor=iskar_editor,
            attachment=PracticeAttachment(),
            data={"practice": draft, "title": "Файл", "file": SimpleUploadedFile(name, content)},
        )
    assert "file" in error.value.message_dict
    assert not PracticeAttachment.objects.exists()


def test_a_too_large_attachment_is_refused(draft, iskar_editor, settings):
    from django.core.exceptions import ValidationError

    settings.PARTNERSTVO_MAX_ATTACHMENT_BYTES = 100
    with pytest.raises(ValidationError):
        services.attachment_save(
            actor=iskar_editor,
            attachment=PracticeAttachment(),
            data={
                "practice": draft,
                "title": "Голям",
                "file": SimpleUploadedFile("big.pdf", PDF + b"x" * 200 + b"%%EOF"),
            },
        )


def test_the_sitemap_lists_published_practices(client, published, draft):
    response = client.get("/sitemap-practices.xml")
    assert response.status_code == 200
    assert published.slug in response.text
    assert draft.slug not in response.text


def test_the_api_lists_published_practices_without_contacts(
    client, published, draft, dolna_mitropolia, theme, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/practices/")
    assert response.status_code == 200
    data = response.json()
    assert [row["slug"] for row in data["results"]] == [published.slug]
    row = data["results"][0]
    assert row["results_with_numbers"][0]["indicator"] == "гласували жители"
    assert "contact_email" not in row and "kontakt@" not in response.text
    assert client.get(f"/api/v1/practices/{draft.slug}/").status_code == 404
    assert client.get(f"/api/v1/practices/{published.slug}/").status_code == 200
    for query, count in (
        (f"?municipality={dolna_mitropolia.code}", 1),
        (f"?oblast={dolna_mitropolia.oblast.code}", 1),
        (f"?theme={theme.slug}", 1),
        ("?theme=nyama", 0),
    ):
        assert client.get(f"/api/v1/practices/{query}").json()["count"] == count, query
    assert client.post("/api/v1/practices/", {}).status_code in (403, 405)


def test_published_practices_show_on_the_cso_website(iskar, published, draft):
    (contributor,) = contributors(["practices"])
    items = contributor(iskar, limit=10)
    assert [item.url for item in items] == [published.get_absolute_url()]
    assert items[0].kind == "practices"


def test_a_published_practice_can_be_unpublished_by_rejecting_it(client, published):
    services.practice_reject(actor=SYSTEM, practice=published, reason="Остаряла.")
    assert client.get(published.get_absolute_url()).status_code == 404
