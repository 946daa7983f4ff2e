"""Model fields shared by every app."""

from django import forms
from django.db import models

from .validators import normalise_eik, validate_eik


class EIKFormField(forms.CharField):
    """An EIK as people type it ("BG 831 642 181"), cleaned to the stored form."""

    def to_python(self, value):
        value = normalise_eik(super().to_python(value))
        return value or self.empty_value


class EIKField(models.CharField):
    """An EIK/BULSTAT, normalised (``normalise_eik``) wherever a value enters the model.

    ``to_python`` runs in ``full_clean`` (so uniqueness is checked on the normalised value) and,
    through ``get_prep_value``, on every save and every exact lookup; so a form, a service, an
    import and a filter all see "BG 831642181" and "831642181" as the same EIK, whichever path
    they take. An empty EIK is NULL, so that any number of informal groups may have none.
    """

    default_validators = [validate_eik]

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        return normalise_eik(value) or (None if self.null else "")

    def formfield(self, **kwargs):
        # Room for what people paste (spaces, "BG"); the model's own max_length checks the result.
        return super().formfield(**{"form_class": EIKFormField, "max_length": 32, **kwargs})
