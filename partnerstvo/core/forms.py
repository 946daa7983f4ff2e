"""How a service's refusal reaches the person who filled in the form."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def form_add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on ``form``: errors about a field the form has on that
    field, every other error (a whole-record rule, a field the form does not show) above the form.

    Every view (public, trainings, back office) that calls a service with a form's data catches
    ``ValidationError`` and hands it here, so no refusal becomes a server error.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        on_form = field != NON_FIELD_ERRORS and field in form.fields
        form.add_error(field if on_form else None, errors)


def service_error_messages(error: ValidationError) -> list[str]:
    """Every message of a service's ``ValidationError``, for a flash message where no form is
    shown (a button that posts, say)."""
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)
