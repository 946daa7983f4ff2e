from django import forms
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.validators import validate_data_file

from .models import AreaOfWork, Municipality, Oblast, Organisation


class OrganisationFilterForm(forms.Form):
    """The public CSO list's filters. Unknown values are ignored, not answered with errors."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    oblast = forms.ModelChoiceField(
        label=_("Oblast"),
        queryset=Oblast.objects.order_by("name"),
        required=False,
        to_field_name="code",
        empty_label=_("Any"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Any"),
    )
    area = forms.ModelChoiceField(
        label=_("Area of work"),
        queryset=AreaOfWork.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Any"),
    )
    legal_form = forms.ChoiceField(
        label=_("Legal form"),
        choices=[("", _("Any")), *Organisation.LegalForm.choices],
        required=False,
    )
    programme = forms.ChoiceField(
        label=_("Programme"),
        choices=[("", _("Any")), ("yes", _("Takes part")), ("no", _("Does not take part"))],
        required=False,
    )

    def filters(self) -> dict:
        # Keep whatever was valid even when another field was not (a stale link still lists).
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        programme = data.get("programme")
        return {
            "search": (data.get("q") or "").strip(),
            "oblast": data.get("oblast"),
            "municipality": data.get("municipality"),
            "area": data.get("area"),
            "legal_form": data.get("legal_form") or "",
            "in_programme": {"yes": True, "no": False}.get(programme),
        }


class OrganisationImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "The first row names the columns: name, short_name, legal_form, eik, seat, "
            "municipalities, areas, benefit, description, email, phone, website, in_programme."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_kind = validate_data_file(upload)
        return upload


class OrganisationImportRowForm(forms.ModelForm):
    """One row of an import, validated exactly as the back office validates a new CSO."""

    seat = forms.CharField()
    municipalities = forms.CharField(required=False)
    areas = forms.CharField(required=False)

    class Meta:
        model = Organisation
        fields = [
            "name", "short_name", "legal_form", "eik", "benefit", "description",
            "email", "phone", "website", "in_programme",
        ]  # fmt: skip

    def __init__(self, *args, municipalities_by_key: dict, areas_by_key: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities_by_key = municipalities_by_key
        self.areas_by_key = areas_by_key

    def _municipality(self, key: str):
        municipality = self.municipalities_by_key.get(key.strip().casefold())
        if municipality is None:
            raise forms.ValidationError(
                _("Unknown municipality “%(value)s”: give its code (e.g. PVN10) or its name."),
                params={"value": key.strip()},
            )
        return municipality

    def clean_seat(self):
        return self._municipality(self.cleaned_data["seat"])

    def clean_municipalities(self):
        raw = self.cleaned_data.get("municipalities") or ""
        return [self._municipality(key) for key in raw.replace(",", ";").split(";") if key.strip()]

    def clean_areas(self):
        raw = self.cleaned_data.get("areas") or ""
        areas = []
        for key in (k for k in raw.replace(",", ";").split(";") if k.strip()):
            area = self.areas_by_key.get(key.strip().casefold())
            if area is None:
                raise forms.ValidationError(
                    _("Unknown area of work “%(value)s”."), params={"value": key.strip()}
                )
            areas.append(area)
        return areas

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("legal_form") != Organisation.LegalForm.INFORMAL and not cleaned.get("eik"):
            self.add_error(
                "eik", _("An EIK/BULSTAT is required unless the CSO is an informal group.")
            )
        return cleaned
