"""The API: published analyses with every row; drafts and internal documents never; filters by
municipality and area; bad slugs and filters answer 404 or an empty list, not 500; the same
queries for 3 and 30 rows."""

import pytest

from partnerstvo.analyses import services

from .conftest import build, pdf

pytestmark = pytest.mark.django_db


def test_published_analyses_are_listed_with_their_rows(client, published, draft, iskar_admin):
    services.analysis_document_add(
        actor=iskar_admin, analysis=published, title="Доклад", file=pdf()
    )
    services.analysis_document_add(
        actor=iskar_admin, analysis=published, title="Вътрешен", file=pdf(), is_public=False
    )
    data = client.get("/api/v1/analyses/").json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["slug"] == published.slug
    assert item["owner"] == {"kind": "organisation", "name": published.organisation.name,
                             "slug": published.organisation.slug}  # fmt: skip
    assert item["municipalities"] == ["dolna-mitropolia"]
    assert [s["name"] for s in item["stakeholders"]] == [f"Работодател {n}" for n in range(3)]
    assert item["findings"][0] == {"text": "Находка 0", "source": "НСИ", "value": "10.00",
                                   "unit": "%", "year": 2024}  # fmt: skip
    assert {s["quadrant"] for s in item["swot"]} == {"strength", "weakness", "opportunity"}
    assert [d["title"] for d in item["documents"]] == ["Доклад"]
    assert item["report_url"].endswith(f"/analyses/{published.slug}/report.pdf")
    detail = client.get(f"/api/v1/analyses/{published.slug}/")
    assert detail.status_code == 200 and detail.json()["title"] == published.title


def test_drafts_are_never_in_the_api(client, draft, iskar_admin):
    assert client.get("/api/v1/analyses/").json()["count"] == 0
    assert client.get(f"/api/v1/analyses/{draft.slug}/").status_code == 404
    client.force_login(iskar_admin)  # not even for its own people
    assert client.get(f"/api/v1/analyses/{draft.slug}/").status_code == 404


def test_filters_and_bad_values(client, published, area, coordinator, go2000, gorna_oryahovitsa):
    other = build(coordinator, organisation=go2000, municipalities=[gorna_oryahovitsa],
                  publish=True, title="Друг", areas=[])  # fmt: skip

    def slugs(query):
        response = client.get(f"/api/v1/analyses/?{query}")
        assert response.status_code == 200
        return {item["slug"] for item in response.json()["results"]}

    assert slugs("municipality=dolna-mitropolia") == {published.slug}
    assert slugs("municipality=PVN10") == {published.slug}
    assert slugs(f"municipality={gorna_oryahovitsa.slug}") == {other.slug}
    assert slugs(f"area={area.slug}") == {published.slug}
    assert slugs("area=nothing&municipality=nowhere") == set()
    assert client.get("/api/v1/analyses/no-such/").status_code == 404
    assert client.get("/api/v1/analyses/?page=abc").status_code == 400
    assert client.post("/api/v1/analyses/", {}).status_code in (403, 405)


def test_the_api_costs_the_same_queries_for_3_and_30_rows(
    client,
    iskar_admin,
    iskar,
    dolna_mitropolia,
    area,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    build(iskar_admin, organisation=iskar, municipalities=[dolna_mitropolia], publish=True,
          n=3, title="Малък")  # fmt: skip
    with django_assert_max_num_queries(20) as few:
        client.get("/api/v1/analyses/")
    build(iskar_admin, organisation=iskar, municipalities=[dolna_mitropolia], publish=True,
          n=30, title="Голям")  # fmt: skip
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/api/v1/analyses/")
