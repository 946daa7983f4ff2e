"""Forms of the public event pages: the list's filters (GET, work without JS) and the
registration form, built from the event's questions."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerstvo.directory.models import Municipality, Oblast, Organisation, OrganisationMembership

from .models import Event, EventOrganiser, Registration, RegistrationQuestion


class EventFilterForm(forms.Form):
    """A value not on the list is an error shown beside its field, and the list is then shown
    unfiltered by it."""

    WHEN = [("coming", _("Coming")), ("past", _("Past")), ("all", _("All dates"))]

    when = forms.ChoiceField(label=_("When"), required=False, choices=WHEN)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Every kind")), *Event.Kind.choices]
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("In person or online")), *Event.Format.choices],
    )
    oblast = forms.ModelChoiceField(
        label=_("Oblast"),
        required=False,
        queryset=Oblast.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Every oblast"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Every municipality"),
    )
    organiser = forms.ModelChoiceField(
        label=_("Organiser"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Every organiser"),
    )
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only organisations that organise an event (a few hundred, not every CSO).
        self.fields["organiser"].queryset = Organisation.objects.filter(
            pk__in=EventOrganiser.objects.filter(organisation__isnull=False).values(
                "organisation_id"
            )
        ).order_by("name")

    def filters(self) -> dict:
        """The keyword arguments of ``selectors.event_list`` that were asked for."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        when = data.get("when") or ("all" if data.get("month") else "coming")
        return {
            "kind": data.get("kind") or None,
            "format": data.get("format") or None,
            "oblast": data.get("oblast"),
            "municipality": data.get("municipality"),
            "organisation": data.get("organiser"),
            "month": data.get("month"),
            "when": None if when == "all" else when,
        }

    def clean_month(self):
        month = self.cleaned_data.get("month")
        if month and not (datetime.date(1900, 1, 1) <= month <= datetime.date(2999, 12, 1)):
            raise forms.ValidationError(_("Choose a month between 1900 and 2999."))
        return month

    def full_clean(self):
        super().full_clean()
        # Keep the valid filters when one is wrong (the wrong one is shown with its error).
        for name in list(self.errors):
            self.cleaned_data.pop(name, None)


class RegistrationForm(forms.Form):
    """Registering oneself: for which organisation (if a member of any), and the questions."""

    on_behalf_of = forms.ModelChoiceField(
        label=_("On behalf of"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Myself only"),
    )
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        required=False,
        choices=Registration.Gender.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Asked because the programme is EU-funded and reports participation by gender: "
            "only totals are shown, and answering is up to you."
        ),
    )
    invitation = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args, event: Event, person=None, questions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.questions = list(
            questions if questions is not None else event.questions.order_by("order", "pk")
        )
        if person is not None:
            self.fields["on_behalf_of"].queryset = Organisation.objects.filter(
                pk__in=OrganisationMembership.objects.active()
                .filter(person_id=person.pk)
                .values("organisation_id")
            ).order_by("name")
        for question in self.questions:
            name = question.field_name
            options = {
                "label": question.label,
                "help_text": question.help_text,
                "required": question.required,
            }
            if question.kind == RegistrationQuestion.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    choices=[("", "—"), *((c, c) for c in question.choice_list)], **options
                )
            elif question.kind == RegistrationQuestion.Kind.YES_NO:
                self.fields[name] = forms.ChoiceField(
                    choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))], **options
                )
            else:
                self.fields[name] = forms.CharField(
                    max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **options
                )

    def answers(self) -> dict:
        return {
            str(question.pk): self.cleaned_data.get(question.field_name) or ""
            for question in self.questions
        }


class RegistrationCancelForm(forms.Form):
    confirm = forms.BooleanField(required=True, widget=forms.HiddenInput, initial=True)
