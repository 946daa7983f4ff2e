"""The API's errors, and what its OpenAPI document says about them and about authentication."""

import re

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_openapi


def _schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def _validator(schema, component):
    """A validator for one component, resolving the document's own $refs."""
    return OAS30Validator(
        {"$ref": f"#/components/schemas/{component}", "components": schema["components"]}
    )


def _conforms(schema, body, response_schema):
    return OAS30Validator({**response_schema, "components": schema["components"]}).is_valid(body)


def test_served_schema_is_valid_openapi(client, db):
    validate_openapi(_schema(client))


def test_public_api_declares_no_security_requirement(client, db):
    schema = _schema(client)
    assert "security" not in schema
    assert "securitySchemes" not in schema.get("components", {})
    for path, method, operation in _operations(schema):
        assert "security" not in operation, (path, method)


def test_a_session_changes_nothing_in_the_public_api(client, iskar, iskar_member):
    iskar.is_public = False
    iskar.save()
    client.force_login(iskar_member)
    assert client.get("/api/v1/organisations/").json()["count"] == 0
    assert client.get("/api/v1/organisations/iskar-bg/").status_code == 404


def test_every_operation_documents_its_errors(client, db):
    schema = _schema(client)
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        assert "400" in responses, (path, method)
        assert responses["400"]["content"]["application/json"]["schema"], (path, method)
        if "{" in path:
            assert responses["404"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }, (path, method)
    list_400 = schema["paths"]["/api/v1/organisations/"]["get"]["responses"]["400"]
    assert list_400["content"]["application/json"]["schema"] == {
        "oneOf": [
            {"$ref": "#/components/schemas/ParameterErrors"},
            {"$ref": "#/components/schemas/Error"},
        ]
    }


BAD_VALUES = [
    ("municipalities", "in_programme=maybe", "in_programme"),
    ("organisations", "in_programme=yes", "in_programme"),
    ("organisations", "legal_form=spaceship", "legal_form"),
    ("municipalities", "page=abc", "page"),
    ("municipalities", "page=0", "page"),
    ("municipalities", "page=%D9%A3", "page"),  # ARABIC-INDIC DIGIT THREE
    ("municipalities", "page=999", "page"),
    ("organisations", "page=2", "page"),
    ("municipalities", "page_size=abc", "page_size"),
    ("municipalities", "page_size=0", "page_size"),
    ("municipalities", "page_size=-5", "page_size"),
]


@pytest.mark.parametrize(("endpoint", "query", "parameter"), BAD_VALUES)
def test_an_invalid_parameter_is_a_400_naming_it(
    client, reference_data, iskar, endpoint, query, parameter
):
    response = client.get(f"/api/v1/{endpoint}/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == [parameter]
    (message,) = body[parameter]
    assert re.search("[а-яА-Я]", message), message  # Bulgarian first
    schema = _schema(client)
    documented = schema["paths"][f"/api/v1/{endpoint}/"]["get"]["responses"]["400"]
    assert _conforms(schema, body, documented["content"]["application/json"]["schema"])


@pytest.mark.parametrize(("endpoint", "query", "parameter"), BAD_VALUES[:4])
def test_the_error_is_translated(client, reference_data, endpoint, query, parameter):
    english = client.get(f"/api/v1/{endpoint}/?{query}", HTTP_ACCEPT_LANGUAGE="en").json()
    bulgarian = client.get(f"/api/v1/{endpoint}/?{query}", HTTP_ACCEPT_LANGUAGE="bg").json()
    assert not re.search("[а-яА-Я]", english[parameter][0]), english
    assert english[parameter] != bulgarian[parameter]


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("in_programme=true", 3),
        ("in_programme=false", 265 - 3),
        ("in_programme=TRUE", 3),
        ("in_programme=0", 265 - 3),
        ("in_programme=", 265),
        ("page=last&page_size=100", 265),
        ("page_size=1000", 265),
    ],
)
def test_valid_values_still_filter(client, reference_data, query, count):
    from partnerstvo.directory.models import Municipality

    Municipality.objects.filter(code__in=["PVN10", "PVN24", "VTR06"]).update(in_programme=True)
    response = client.get(f"/api/v1/municipalities/?{query}")
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_an_empty_list_has_a_first_page(client, reference_data):
    response = client.get("/api/v1/organisations/?page=1")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_an_unknown_object_is_a_translated_404_in_the_documented_shape(client, reference_data):
    response = client.get("/api/v1/municipalities/nowhere/")
    assert response.status_code == 404
    body = response.json()
    assert re.search("[а-яА-Я]", body["detail"]), body
    assert "Municipality" not in body["detail"]
    assert _validator(_schema(client), "Error").is_valid(body)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organisations/?search=%00",
        "/api/v1/organisations/?search%00=x",
        "/api/v1/municipalities/pleven%00/",
        "/api/v1/openapi.json?x=%00",
    ],
)
def test_a_nul_byte_under_the_api_is_the_apis_json_error(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert "NUL" in body["detail"]
    assert _validator(_schema(client), "Error").is_valid(body)


def test_a_nul_byte_elsewhere_is_still_a_400_page(client, db):
    response = client.get("/organisations/?q=%00")
    assert response.status_code == 400
    assert not response["Content-Type"].startswith("application/json")


def test_an_unknown_api_address_is_a_json_404(client, db):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert re.search("[а-яА-Я]", response.json()["detail"])


def test_the_browsable_api_carries_the_platforms_title(client, coordinator, settings):
    # DRF's HTML view of an API is what Wagtail's admin API shows a signed-in editor.
    client.force_login(coordinator)
    response = client.get("/admin/api/main/pages/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Django REST framework" not in body
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert title.strip() == f"API на {settings.PLATFORM_NAME}"
