from django import forms
from django.utils.translation import gettext_lazy as _

from partnerstvo.directory.models import Municipality

from . import topics
from .models import Frequency


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How would you like to get notices?"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Reminders, minutes to comment on, action deadlines and new events near you. "
            "Confirmations of your registrations always come at once."
        ),
    )


class SubscriptionForm(forms.Form):
    """Subscribe to one topic: everywhere or in one municipality, in all its areas or one. The
    area list holds every topic's areas, grouped by topic; the service refuses an area of
    another topic with a clear error."""

    topic = forms.ChoiceField(label=_("What to hear about"))
    municipality = forms.ModelChoiceField(
        label=_("Where"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("All municipalities"),
    )
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topics.choices()
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        grouped = [
            (topic.label, list(topic.areas)) for topic in topics.all_topics() if topic.has_areas
        ]
        if grouped:
            self.fields["area"].choices = [("", _("All areas")), *grouped]
        else:
            del self.fields["area"]
