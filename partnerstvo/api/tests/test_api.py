import json

import pytest

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory import services
from partnerstvo.directory.models import Municipality
from partnerstvo.directory.tests.factories import organisation_data, valid_eik


@pytest.fixture
def organisations(reference_data):
    pleven = Municipality.objects.get(code="PVN24")
    result = []
    for index in range(7):
        result.append(
            services.organisation_create(
                actor=SYSTEM,
                data=organisation_data(
                    name=f"Фондация „Плевен {index}“",
                    eik=valid_eik(200 + index),
                    seat=pleven,
                    legal_form="foundation",
                    in_programme=index < 2,
                ),
            )
        )
    return result


def test_municipalities_are_paginated_with_count_next_previous(client, reference_data):
    response = client.get("/api/v1/municipalities/?page_size=100")
    data = response.json()
    assert response.status_code == 200
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 265
    assert len(data["results"]) == 100
    assert data["previous"] is None and "page=2" in data["next"]
    last = client.get("/api/v1/municipalities/?page_size=100&page=3").json()
    assert len(last["results"]) == 65 and last["next"] is None


def test_municipality_filters(client, reference_data):
    data = client.get("/api/v1/municipalities/?oblast=PVN").json()
    assert data["count"] == 11
    assert {m["oblast"]["code"] for m in data["results"]} == {"PVN"}
    item = client.get("/api/v1/municipalities/dolna-mitropolia/").json()
    assert item["code"] == "PVN10" and item["name_en"] == "Dolna Mitropolia"


def test_organisation_list_and_filters(client, organisations, iskar, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/organisations/?page_size=5").json()
    assert data["count"] == 8 and len(data["results"]) == 5
    assert client.get("/api/v1/organisations/?municipality=PVN24").json()["count"] == 7
    assert client.get("/api/v1/organisations/?municipality=pleven").json()["count"] == 7
    assert client.get("/api/v1/organisations/?oblast=PVN").json()["count"] == 8
    assert client.get("/api/v1/organisations/?legal_form=union").json()["count"] == 1
    assert client.get("/api/v1/organisations/?in_programme=true").json()["count"] == 3
    assert client.get("/api/v1/organisations/?search=Искър").json()["count"] == 1
    assert client.get("/api/v1/organisations/?municipality=nowhere").json()["count"] == 0


def test_bad_filter_values_get_a_400_not_a_500(client, organisations):
    response = client.get("/api/v1/organisations/?legal_form=spaceship")
    assert response.status_code == 400
    assert "legal_form" in response.json()


def test_api_is_read_only(client, iskar, coordinator):
    client.force_login(coordinator)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(
            "/api/v1/organisations/iskar-bg/",
            data=json.dumps({"name": "x"}),
            content_type="application/json",
        )
        assert response.status_code in (403, 405), method
    iskar.refresh_from_db()
    assert iskar.name == "ССИЗП „Искър БГ“"


def test_api_exposes_no_personal_data(client, iskar, iskar_member):
    body = client.get("/api/v1/organisations/iskar-bg/").content.decode()
    assert "chlen@iskar.example.bg" not in body
    assert "members" not in json.loads(body)


def test_unlisted_organisations_are_not_in_the_public_api(client, iskar):
    iskar.is_public = False
    iskar.save()
    assert client.get("/api/v1/organisations/").json()["count"] == 0
    assert client.get("/api/v1/organisations/iskar-bg/").status_code == 404


def test_openapi_schema_documents_the_public_api(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/municipalities/",
        "/api/v1/municipalities/{slug}/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{slug}/",
        "/api/v1/events/",
        "/api/v1/events/{slug}/",
        "/api/v1/practices/",
        "/api/v1/practices/{slug}/",
        "/api/v1/consultations/",
        "/api/v1/consultations/{slug}/",
        "/api/v1/consultation-proposals/",
        "/api/v1/consultation-proposals/{id}/",
        "/api/v1/decisions/",
        "/api/v1/decisions/{id}/",
        "/api/v1/actions/",
        "/api/v1/actions/{id}/",
        "/api/v1/agreements/",
        "/api/v1/agreements/{id}/",
        "/api/v1/councils/",
        "/api/v1/councils/{slug}/",
        "/api/v1/analyses/",
        "/api/v1/analyses/{slug}/",
        "/api/v1/strategies/",
        "/api/v1/strategies/{slug}/",
        "/api/v1/strategy-measures/",
        "/api/v1/strategy-measures/{id}/",
    }
    parameters = {p["name"] for p in schema["paths"]["/api/v1/organisations/"]["get"]["parameters"]}
    assert {
        "page",
        "page_size",
        "municipality",
        "oblast",
        "legal_form",
        "in_programme",
        "search",
        "area",
    } <= parameters
