"""Forms of the analyses pages: the list's filters, an analysis with its territory and
co-authors, one formset per kind of row (ordered, removable), and a document. The services
decide; a form only shapes what was sent and shows the refusals beside the fields.

Choices that every row of a formset shares (parties, people) are read once per request and
passed in as plain choices, so a formset of many rows costs no query per row."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerstvo.directory.models import Administration, AreaOfWork, Municipality, Organisation

from .models import (
    Level,
    Recommendation,
    Stakeholder,
    SwotItem,
    validate_analysis_document,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_ROWS = 200
# An empty first choice, so that an untouched extra row of a formset is left out, not refused.
BLANK = ("", "—")


class AnalysisFilterForm(forms.Form):
    """GET filters; a value not on the list is an error beside its field, and the list is then
    shown unfiltered."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All municipalities"),
    )
    area = forms.ModelChoiceField(
        label=_("Area of work"),
        required=False,
        queryset=AreaOfWork.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All areas"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: self.cleaned_data[key] for key in ("municipality", "area", "year")}

    def is_filtered(self) -> bool:
        return any(value is not None for value in self.filters().values())


def party_choices(*, organisations, administrations) -> list[tuple[str, str]]:
    return [
        *((f"o{organisation.pk}", organisation.name) for organisation in organisations),
        *((f"a{administration.pk}", administration.name) for administration in administrations),
    ]


def resolve_parties(values) -> dict[str, dict]:
    """``o12`` → {"organisation": <12>}, ``a3`` → {"administration": <3>}, in two queries."""
    values = [v for v in values if v and v[0] in "oa" and v[1:].isdigit()]
    organisations = Organisation.objects.in_bulk([int(v[1:]) for v in values if v[0] == "o"])
    administrations = Administration.objects.in_bulk([int(v[1:]) for v in values if v[0] == "a"])
    resolved = {}
    for value in values:
        if value[0] == "o" and int(value[1:]) in organisations:
            resolved[value] = {"organisation": organisations[int(value[1:])]}
        elif value[0] == "a" and int(value[1:]) in administrations:
            resolved[value] = {"administration": administrations[int(value[1:])]}
    return resolved


def party_value(row) -> str:
    if getattr(row, "organisation_id", None):
        return f"o{row.organisation_id}"
    if getattr(row, "administration_id", None):
        return f"a{row.administration_id}"
    return ""


class AnalysisForm(forms.Form):
    owner = forms.ChoiceField(
        label=_("Owner"), help_text=_("The organisation or administration the analysis is of.")
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    problem = forms.CharField(
        label=_("Problem statement"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the problem is, whom it affects and why it matters locally."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Territory (municipalities)"),
        queryset=Municipality.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"required": _("Choose at least one municipality the analysis covers.")},
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas of work"),
        required=False,
        queryset=AreaOfWork.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period until"), widget=DATE)
    methodology = forms.CharField(
        label=_("Methodology"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    summary = forms.CharField(
        label=_("Summary"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    partners = forms.MultipleChoiceField(
        label=_("Co-authoring parties"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, owners=None, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["owner"]  # an existing analysis keeps its owner
        else:
            self.fields["owner"].choices = owners
        self.fields["partners"].choices = partners

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end", _("The period of the analysis cannot end before it starts.")
            )
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        resolved = resolve_parties([data.get("owner", ""), *data.get("partners", [])])
        owner = data.pop("owner", None)
        if owner is not None:
            data.update(resolved.get(owner, {}))
        data["partners"] = [resolved[v] for v in data.get("partners", []) if v in resolved]
        return data


class _RowForm(forms.Form):
    def __init__(self, *args, parties=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        if "party" in self.fields:
            self.fields["party"].choices = [("", _("— not in the directory —")), *parties]
        if "person" in self.fields:
            self.fields["person"].choices = [("", _("— an external author —")), *people]


class StakeholderForm(_RowForm):
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    party = forms.ChoiceField(label=_("Or from the directory"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[BLANK, *Stakeholder.Kind.choices])
    interest = forms.CharField(
        label=_("Interest"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    influence = forms.ChoiceField(label=_("Influence"), choices=[BLANK, *Level.choices])
    role = forms.CharField(label=_("Role"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("name", "").strip() or data.get("party")):
            self.add_error("name", _("Name the stakeholder or choose it from the directory."))
        return data


class FindingForm(_RowForm):
    text = forms.CharField(
        label=_("Finding"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    source = forms.CharField(label=_("Data source"), max_length=500, required=False)
    value = forms.DecimalField(label=_("Figure"), required=False, max_digits=14, decimal_places=2)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)

    def clean(self):
        data = super().clean()
        if data.get("value") is None and (data.get("unit") or data.get("year")):
            self.add_error("value", _("A unit or a year describes a figure: give the figure too."))
        return data


class SwotForm(_RowForm):
    quadrant = forms.ChoiceField(label=_("Quadrant"), choices=[BLANK, *SwotItem.Quadrant.choices])
    text = forms.CharField(label=_("Text"), max_length=1000)


class RecommendationForm(_RowForm):
    text = forms.CharField(
        label=_("Recommendation"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    addressee = forms.CharField(label=_("Addressed to"), max_length=255, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=Level.choices, initial=Level.MEDIUM)
    timeframe = forms.ChoiceField(
        label=_("Timeframe"),
        choices=Recommendation.Timeframe.choices,
        initial=Recommendation.Timeframe.MEDIUM,
    )


class AuthorForm(_RowForm):
    person = forms.TypedChoiceField(
        label=_("Person from the directory"), required=False, coerce=int, empty_value=None
    )
    name = forms.CharField(label=_("Or an external author"), max_length=255, required=False)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=255, required=False)
    role = forms.CharField(
        label=_("Role"), max_length=255, required=False, help_text=_("For example: lead author.")
    )

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("name", "").strip():
            self.add_error(
                "name", _("Choose a person from the directory or name an external author.")
            )
        return data


def _formset(form_class):
    return forms.formset_factory(
        form_class,
        extra=1,
        can_delete=True,
        can_order=True,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    )


# kind -> (formset class, the heading of its fieldset)
FORMSETS = {
    "stakeholders": (_formset(StakeholderForm), _("Stakeholders")),
    "findings": (_formset(FindingForm), _("Data and findings")),
    "swot": (_formset(SwotForm), _("SWOT")),
    "recommendations": (_formset(RecommendationForm), _("Recommendations")),
    "authors": (_formset(AuthorForm), _("Authors")),
}

INITIAL_FIELDS = {
    "stakeholders": lambda r: {
        "name": r.name, "party": party_value(r), "kind": r.kind, "interest": r.interest,
        "influence": r.influence, "role": r.role,
    },
    "findings": lambda r: {
        "text": r.text, "source": r.source, "value": r.value, "unit": r.unit, "year": r.year,
    },
    "swot": lambda r: {"quadrant": r.quadrant, "text": r.text},
    "recommendations": lambda r: {
        "text": r.text, "addressee": r.addressee, "priority": r.priority,
        "timeframe": r.timeframe,
    },
    "authors": lambda r: {
        "person": r.person_id, "name": r.name, "affiliation": r.affiliation, "role": r.role,
    },
}  # fmt: skip


def ordered_rows(formset) -> list[dict]:
    """The rows a valid formset holds, in the order given (ORDER, then their place), without
    the removed and the untouched empty ones."""
    kept = []
    initial_count = formset.initial_form_count()
    for index, form in enumerate(formset.forms):
        untouched = index >= initial_count and not form.has_changed()
        if untouched or not form.cleaned_data or form.cleaned_data.get("DELETE"):
            continue
        data = dict(form.cleaned_data)
        order = data.pop("ORDER", None)
        data.pop("DELETE", None)
        kept.append((order if order is not None else 10_000 + index, index, data))
    return [data for _order, _index, data in sorted(kept, key=lambda item: item[:2])]


def rows_for_service(kind: str, rows: list[dict], *, parties: dict, people: dict) -> list[dict]:
    """Turn the formset's values into the service's: party choices into records."""
    result = []
    for row in rows:
        row = dict(row)
        if "party" in row:
            party = parties.get(row.pop("party") or "", {})
            row["organisation"] = party.get("organisation")
            row["administration"] = party.get("administration")
        if kind == "authors":
            row["person"] = people.get(row.get("person"))
        result.append(row)
    return result


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel or PowerPoint."))
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=_("Unticked, the document is internal: only the analysis's own people see it."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        validate_analysis_document(file)
        return file
