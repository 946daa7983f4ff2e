"""The options of a test question: stored as JSON, edited as lines of text."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_OPTIONS = 12


def options_to_text(options) -> str:
    if not isinstance(options, list):
        return options or ""
    return "\n".join(
        ("* " if option.get("correct") else "") + str(option.get("text", "")) for option in options
    )


def options_from_text(text: str) -> list[dict]:
    options = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        correct = line.startswith("*")
        line = line.lstrip("*").strip()
        if not line:
            continue
        options.append({"text": line[:500], "correct": correct})
    return options


class OptionLinesFormField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        return options_to_text(value) if isinstance(value, list) else value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        options = options_from_text(super().to_python(value))
        if len(options) > MAX_OPTIONS:
            raise ValidationError(
                _("A question may have at most %(count)s options."),
                code="too_many_options",
                params={"count": MAX_OPTIONS},
            )
        return options

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data)


class QuestionOptionsField(models.JSONField):
    """A JSON list of ``{"text": str, "correct": bool}``, edited one option per line."""

    def formfield(self, **kwargs):
        defaults = {"form_class": OptionLinesFormField}
        defaults.update(kwargs)
        # Skip JSONField.formfield, which would force its own JSON form field.
        return models.Field.formfield(self, **defaults)
