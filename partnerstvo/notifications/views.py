from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import PreferenceForm
from .models import Notification


@login_required
def preferences(request):
    """The logged-in person's choice, and their latest notices."""
    person = request.user.person
    if person is None:
        raise Http404
    form = PreferenceForm(
        request.POST or None, initial={"frequency": services.frequency_of(person)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_preference_save(
                actor=request.user, person=person, frequency=form.cleaned_data["frequency"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your choice is saved."))
            return redirect("notifications:preferences")
    recent = Notification.objects.filter(person=person).only(
        "subject", "url", "created_at", "sent_at"
    )[:20]
    return render(request, "notifications/preferences.html", {"form": form, "recent": recent})
