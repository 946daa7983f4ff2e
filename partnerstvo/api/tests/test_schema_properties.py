"""Property-based: requests generated from the served OpenAPI document (schemathesis) get the
answers it documents (status codes, content types, response bodies), and never a server error."""

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import openapi
from schemathesis.specs.openapi.checks import positive_data_acceptance


@pytest.fixture
def wsgi_in_the_test_transaction():
    """schemathesis calls the WSGI application itself, not through Django's test client, so the
    request signals would close the test's database connection (and with it its transaction) after
    each request, as they should in production; the test client disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_answers_as_its_schema_says(
    reference_data, iskar, go2000, wsgi_in_the_test_transaction
):
    schema = openapi.from_wsgi("/api/v1/openapi.json", wsgi_in_the_test_transaction)
    operations = [result.ok() for result in schema.get_all_operations()]
    # municipalities, organisations, events, practices, consultations, their proposals,
    # decisions, actions, agreements, councils, analyses, strategies, strategy measures: list
    # and one
    assert len(operations) == 26
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case):
            # A page past the last one fits the schema (its bound depends on the data) and is
            # refused with a 400 naming ``page``; any other schema-valid request is accepted.
            response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
            if response.status_code == 400:
                assert set(response.json()) == {"page"}, (case.path, case.query, response.text)

        answers_as_documented()
