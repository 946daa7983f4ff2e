"""What the OpenAPI document says beyond DRF's defaults: the API's errors, on every operation."""

from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

ERROR = "Error"
PARAMETER_ERRORS = "ParameterErrors"


def only_public_api(endpoints):
    """Keep the OpenAPI schema to the public API (not Wagtail's internal admin endpoints)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def _error_schemas() -> dict[str, dict]:
    # The shapes partnerstvo.api.errors produces; keep the two in step.
    return {
        ERROR: {
            "type": "object",
            "description": _("An error about the request as a whole."),
            "properties": {"detail": {"type": "string"}},
            "required": ["detail"],
            "additionalProperties": False,
        },
        PARAMETER_ERRORS: {
            "type": "object",
            "description": _("Each invalid query parameter, with what is wrong with it."),
            "minProperties": 1,
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    }


class PublicApiSchema(AutoSchema):
    """Documents the errors every operation can answer, so no view has to: 400 (a bad query
    parameter, or a malformed address) and 429 (the rate limit) on every operation, 404 on every
    operation that looks an object up by a path parameter."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        refs = {}
        for name, schema in _error_schemas().items():
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
            )
            self.registry.register_on_missing(component)
            refs[name] = component.ref
        parameters = operation.get("parameters", [])
        responses = operation["responses"]
        if any(parameter["in"] == "query" for parameter in parameters):
            bad_request = {"oneOf": [refs[PARAMETER_ERRORS], refs[ERROR]]}
        else:
            bad_request = refs[ERROR]
        responses.setdefault(
            "400",
            self._error_response(
                _("An invalid query parameter, or a malformed address."), bad_request
            ),
        )
        if any(parameter["in"] == "path" for parameter in parameters):
            responses.setdefault("404", self._error_response(_("No such object."), refs[ERROR]))
        responses.setdefault(
            "429",
            self._error_response(
                _(
                    "Too many requests from this address; the Retry-After header says when to "
                    "retry."
                ),
                refs[ERROR],
            ),
        )
        return operation

    def _error_response(self, description: str, schema: dict) -> dict:
        return {
            "description": description,
            "content": {
                media_type: {"schema": schema} for media_type in self.map_renderers("media_type")
            },
        }
