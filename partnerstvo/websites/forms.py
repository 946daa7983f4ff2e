from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContactMessage


class ContactForm(forms.ModelForm):
    """A visitor's message. A model form, so every field has the model's limits (max_length) and
    a value the model would refuse is refused here, on its field."""

    # A field people never see: robots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "subject", "message"]
        labels = {
            "name": _("Your name"),
            "email": _("Your e-mail"),
            "subject": _("Subject"),
            "message": _("Message"),
        }

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
