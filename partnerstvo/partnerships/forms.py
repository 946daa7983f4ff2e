"""Forms of the partnerships pages: the register's filters, proposing an agreement, confirming,
renewing and terminating it; a council's members and meetings. The services decide; a form only
shapes what the visitor sent and shows the services' refusals beside the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerstvo.directory.models import Administration, Municipality, Organisation, Person

from .models import Agreement, Council, CouncilMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RegisterFilterForm(forms.Form):
    """GET filters; a value not on the list is an error beside its field, and the register is
    then shown unfiltered."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All municipalities"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Agreement.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Agreement.Status.choices],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "text": " ".join(data["q"].split()),
            "municipality": data["municipality"],
            "kind": data["kind"],
            "status": data["status"],
        }

    def is_filtered(self) -> bool:
        return any(self.filters().values())


def party_choices(*, organisations, administrations) -> list[tuple[str, str]]:
    return [
        *((f"o{organisation.pk}", organisation.name) for organisation in organisations),
        *((f"a{administration.pk}", administration.name) for administration in administrations),
    ]


def resolve_party(value: str) -> dict | None:
    """``o12`` → the organisation 12, ``a3`` → the administration 3 (None if there is none)."""
    if not value or value[0] not in "oa" or not value[1:].isdigit():
        return None
    pk = int(value[1:])
    if value[0] == "o":
        organisation = Organisation.objects.filter(pk=pk).first()
        return {"organisation": organisation} if organisation else None
    administration = Administration.objects.filter(pk=pk).first()
    return {"administration": administration} if administration else None


class ProposeForm(forms.Form):
    """One party the actor proposes for (theirs), and up to four others from the directory."""

    OTHER_PARTIES = 4

    kind = forms.ChoiceField(label=_("Kind"), choices=Agreement.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    subject = forms.CharField(
        label=_("Subject"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)
    own_party = forms.ChoiceField(label=_("You propose on behalf of"))
    own_obligations = forms.CharField(
        label=_("Obligations of your party"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document = forms.FileField(
        label=_("Signed document"),
        required=False,
        help_text=_("PDF, Word, Excel or PowerPoint. Public once every party confirmed."),
    )
    document_signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DATE)

    def __init__(self, *args, own_parties, other_parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["own_party"].choices = own_parties
        for index in range(1, self.OTHER_PARTIES + 1):
            self.fields[f"party_{index}"] = forms.ChoiceField(
                label=_("Other party %(number)s") % {"number": index},
                required=index == 1,
                choices=[("", _("— choose —")), *other_parties],
            )
            self.fields[f"obligations_{index}"] = forms.CharField(
                label=_("Obligations of party %(number)s") % {"number": index},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def parties(self) -> list[dict]:
        """The parties, the actor's first; an unknown choice was refused by the field."""
        data = self.cleaned_data
        own = resolve_party(data["own_party"]) or {}
        parties = [{**own, "obligations": data.get("own_obligations", "")}]
        for index in range(1, self.OTHER_PARTIES + 1):
            party = resolve_party(data.get(f"party_{index}") or "")
            if party:
                parties.append({**party, "obligations": data.get(f"obligations_{index}", "")})
        return parties


class ConfirmForm(forms.Form):
    party = forms.TypedChoiceField(label=_("Confirm for"), coerce=int)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(party.pk, str(party.party)) for party in parties]


class RenewForm(forms.Form):
    new_end = forms.DateField(label=_("New end"), widget=DATE)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    file = forms.FileField(
        label=_("Signed renewal"), help_text=_("PDF, Word, Excel or PowerPoint.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TerminateForm(forms.Form):
    terminated_on = forms.DateField(label=_("Terminated on"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel or PowerPoint."))
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DATE)


class CouncilForm(forms.ModelForm):
    class Meta:
        model = Council
        fields = [
            "kind", "name", "administration", "legal_basis", "basis_number", "basis_date",
            "purpose", "decision_making", "visibility",
        ]  # fmt: skip
        widgets = {"basis_date": DATE}

    def __init__(self, *args, administrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = administrations


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    position = forms.ChoiceField(label=_("Position"), choices=CouncilMember.Position.choices)
    organisation = forms.ModelChoiceField(
        label=_("Represents (organisation)"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
    )
    administration = forms.ModelChoiceField(
        label=_("Represents (administration)"),
        required=False,
        queryset=Administration.objects.order_by("name"),
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    venue = forms.CharField(label=_("Venue"), max_length=255)


class ReportYearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)


class AgreementEditForm(forms.Form):
    """A draft's terms and each party's obligations (``obligations_<party id>``)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Agreement.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    subject = forms.CharField(
        label=_("Subject"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), widget=DATE)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        for party in self.parties:
            self.fields[f"obligations_{party.pk}"] = forms.CharField(
                label=_("Obligations of %(party)s") % {"party": party.party},
                required=False,
                max_length=5000,
                initial=party.obligations,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def obligations(self) -> dict[int, str]:
        return {party.pk: self.cleaned_data[f"obligations_{party.pk}"] for party in self.parties}
