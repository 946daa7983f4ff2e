"""Forms of the public pages: the list's filters, the coordinator's review, the replication
message. The practice itself is edited in the back office (``admin.py``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerstvo.directory.models import AreaOfWork, Municipality, Oblast


class PracticeFilterForm(forms.Form):
    """GET filters; a value not on the list is an error beside its field, and the list is then
    shown unfiltered (never a server error)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=AreaOfWork.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    oblast = forms.ModelChoiceField(
        label=_("Oblast"),
        required=False,
        queryset=Oblast.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All oblasts"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All municipalities"),
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "text": " ".join(data["q"].split()),
            "theme": data["theme"],
            "oblast": data["oblast"],
            "municipality": data["municipality"],
        }

    def is_filtered(self) -> bool:
        return any(self.filters().values())


class ReviewForm(forms.Form):
    DECISIONS = [
        ("publish", _("Publish")),
        ("request_changes", _("Request changes")),
        ("reject", _("Reject")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note to the authors"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you request changes or reject: it is e-mailed to the authors."),
    )


class ReplicationForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("On behalf of"), coerce=int)
    message = forms.CharField(
        label=_("Message to the authors"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The authors receive it by e-mail and reply to your address."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        self.fields["organisation"].choices = [
            (organisation.pk, organisation.name) for organisation in organisations
        ]
