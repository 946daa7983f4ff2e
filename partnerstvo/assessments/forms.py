"""Forms of capacity assessments. They check what a person can correct at once (a value outside
the scale, a question left out); the services check again and decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action, Dimension, Instrument, Question, ScaleLevel, SubjectKind


class DateInput(forms.DateInput):
    input_type = "date"


class RoundOpenForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=Instrument.objects.none())
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: baseline assessment 2026."),
    )
    respondents = forms.ModelMultipleChoiceField(
        label=_("Respondents"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each is notified and answers every question once."),
    )

    def __init__(self, *args, kind: str, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = Instrument.objects.filter(
            subject_kind=kind, versions__status="published"
        ).distinct()
        self.fields["respondents"].queryset = people
        self.fields["respondents"].label_from_instance = lambda person: person.full_name
        instruments = list(self.fields["instrument"].queryset[:2])
        if len(instruments) == 1:
            self.fields["instrument"].initial = instruments[0].pk


class AnswerForm(forms.Form):
    """One radio group per question (the version's scale) and an optional comment."""

    def __init__(self, *args, dimensions, levels, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(level.value, f"{level.value} — {level.label}") for level in levels]
        self.low = min((level.value for level in levels), default=1)
        self.high = max((level.value for level in levels), default=5)
        self.groups = []
        for dimension in dimensions:
            names = []
            for question in dimension.questions.all():
                name = f"q{question.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    help_text=question.help,
                    error_messages={
                        "required": _("Answer this question."),
                        "invalid_choice": _(
                            "%(value)s is outside the scale: choose one of its levels."
                        ),
                    },
                )
                self.fields[f"c{question.pk}"] = forms.CharField(
                    label=_("Comment (optional)"),
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                names.append((name, f"c{question.pk}"))
            self.groups.append((dimension, names))

    def bound_groups(self):
        return [
            (dimension, [(self[q], self[c]) for q, c in names]) for dimension, names in self.groups
        ]

    def answers(self) -> dict:
        return {
            int(name[1:]): (value, self.cleaned_data.get(f"c{name[1:]}", ""))
            for name, value in self.cleaned_data.items()
            if name.startswith("q")
        }


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["recommendation", "title", "description", "owner", "deadline"]
        widgets = {
            "deadline": DateInput,
            "recommendation": forms.HiddenInput,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, round, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda person: person.full_name
        self.fields["recommendation"].queryset = round.recommendations.all()
        self.fields["recommendation"].required = False


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)


class PublishForm(forms.Form):
    published = forms.BooleanField(required=False)


class InstrumentForm(forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["name", "slug", "description", "subject_kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_kind"].choices = SubjectKind.choices


class DimensionForm(forms.ModelForm):
    class Meta:
        model = Dimension
        fields = ["code", "name", "description", "weight", "order", "recommendation", "strength"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
            "strength": forms.Textarea(attrs={"rows": 2}),
        }


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "help", "weight", "order"]
        widgets = {"help": forms.Textarea(attrs={"rows": 2})}


class ScaleLevelForm(forms.ModelForm):
    class Meta:
        model = ScaleLevel
        fields = ["value", "label", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class VersionNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("What will change"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
