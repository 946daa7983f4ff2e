"""Forms of the strategies' pages. The services decide; a form only shapes what was sent and
shows the services' refusals beside the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerstvo.directory.models import Administration, Municipality, Organisation

from .models import Goal, Indicator, Measure, Milestone, Priority, Strategy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StrategyFilterForm(forms.Form):
    """GET filters of the list; a value not on the list is an error, and the list is then shown
    unfiltered."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All municipalities"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Strategy.Status.choices],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "municipality": self.cleaned_data["municipality"],
            "status": self.cleaned_data["status"],
        }


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = [
            "administration", "title", "summary", "municipalities", "start_year", "end_year",
            "decision_body", "decision_number", "decision_date", "decision_url", "status",
        ]  # fmt: skip
        widgets = {"decision_date": DATE, "municipalities": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, administrations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if administrations is not None:
            self.fields["administration"].queryset = administrations
        self.fields["municipalities"].required = False
        self.fields["municipalities"].queryset = Municipality.objects.order_by("name")


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["code", "title", "description", "weight", "order"]


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["code", "title", "weight", "order"]


class MeasureForm(forms.ModelForm):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Responsible organisations"),
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    administrations = forms.ModelMultipleChoiceField(
        label=_("Responsible administrations"),
        required=False,
        queryset=Administration.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    lead = forms.CharField(
        label=_("Lead partner"),
        required=False,
        widget=forms.Select,
        help_text=_("One of the responsible partners."),
    )

    class Meta:
        model = Measure
        fields = [
            "code", "title", "description", "budget", "currency", "funding_source", "starts_on",
            "ends_on", "status", "progress", "weight", "order",
        ]  # fmt: skip
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(is_public=True).only("pk", "name")
        administrations = Administration.objects.only("pk", "name")
        self.fields["organisations"].queryset = organisations.order_by("name")
        self.fields["administrations"].queryset = administrations.order_by("name")
        self.fields["lead"].widget.choices = [
            ("", "—"),
            *((f"o{o.pk}", o.name) for o in organisations.order_by("name")),
            *((f"a{a.pk}", a.name) for a in administrations.order_by("name")),
        ]
        if self.instance.pk and not self.is_bound:
            partners = list(self.instance.partners.all())
            self.initial["organisations"] = [
                p.organisation_id for p in partners if p.organisation_id
            ]
            self.initial["administrations"] = [
                p.administration_id for p in partners if p.administration_id
            ]
            lead = next((p for p in partners if p.is_lead), None)
            if lead:
                self.initial["lead"] = (
                    f"o{lead.organisation_id}"
                    if lead.organisation_id
                    else f"a{lead.administration_id}"
                )

    def partners(self) -> list[dict]:
        lead = self.cleaned_data.get("lead") or ""
        return [
            *(
                {"organisation": o, "is_lead": lead == f"o{o.pk}"}
                for o in self.cleaned_data.get("organisations") or []
            ),
            *(
                {"administration": a, "is_lead": lead == f"a{a.pk}"}
                for a in self.cleaned_data.get("administrations") or []
            ),
        ]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name", "unit", "baseline_value", "baseline_year", "target_value", "target_year",
            "direction", "order",
        ]  # fmt: skip


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "reached_on"]
        widgets = {"due_on": DATE, "reached_on": DATE}


class ReportProgressForm(forms.Form):
    """What a responsible partner reports on a measure: its status and progress."""

    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Progress is a percentage from 0 to 100."),
            "max_value": _("Progress is a percentage from 0 to 100."),
        },
    )


class IndicatorValueForm(forms.Form):
    indicator = forms.TypedChoiceField(label=_("Indicator"), coerce=int)
    year = forms.IntegerField(label=_("Year"))
    value = forms.DecimalField(label=_("Actual value"), max_digits=16, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.pk, i.name) for i in indicators]


class MilestoneReachedForm(forms.Form):
    milestone = forms.TypedChoiceField(label=_("Milestone"), coerce=int)
    reached_on = forms.DateField(label=_("Reached on"), required=False, widget=DATE)

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [(m.pk, m.title) for m in milestones]


class ReportYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy = strategy

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not self.strategy.start_year <= year <= self.strategy.end_year:
            raise forms.ValidationError(
                _("%(year)s is outside the strategy's period %(start)s–%(end)s.")
                % {"year": year, "start": self.strategy.start_year, "end": self.strategy.end_year}
            )
        return year
