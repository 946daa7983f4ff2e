from django import forms
from django.utils.translation import gettext_lazy as _

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
