def only_public_api(endpoints):
    """Keep the OpenAPI schema to the public API (not Wagtail's internal admin endpoints)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
