from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerstvo.core.forms import form_add_service_errors
from partnerstvo.core.permissions import get_for_user_or_404

from . import selectors, services
from .forms import PreferenceForm, SubscriptionForm
from .models import Notification, Subscription


def _person(request):
    person = request.user.person
    if person is None:
        raise Http404
    return person


@login_required
def preferences(request):
    """The logged-in person's choice, their subscriptions, and their latest notices. One page,
    two forms: ``action=subscribe`` adds a subscription, anything else saves the choice."""
    person = _person(request)
    subscribing = request.method == "POST" and request.POST.get("action") == "subscribe"
    form = PreferenceForm(
        request.POST if request.method == "POST" and not subscribing else None,
        initial={"frequency": services.frequency_of(person)},
    )
    subscription_form = SubscriptionForm(request.POST if subscribing else None, prefix="sub")
    if subscribing and subscription_form.is_valid():
        data = subscription_form.cleaned_data
        try:
            services.subscription_save(
                actor=request.user,
                person=person,
                topic=data["topic"],
                municipality=data["municipality"],
                area=data.get("area", ""),
            )
        except ValidationError as error:
            form_add_service_errors(subscription_form, error)
        else:
            messages.success(request, _("You are subscribed."))
            return redirect("notifications:preferences")
    elif request.method == "POST" and not subscribing and form.is_valid():
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
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "subscription_form": subscription_form,
            "subscriptions": list(selectors.subscriptions_of(person)),
            "recent": recent,
        },
    )


@login_required
@require_POST
def unsubscribe(request, pk: int):
    """Remove one of one's own subscriptions (someone else's answers 404)."""
    _person(request)
    subscription = get_for_user_or_404(request.user, "delete", Subscription.objects.all(), pk=pk)
    services.subscription_delete(actor=request.user, subscription=subscription)
    messages.success(request, _("The subscription is removed."))
    return redirect("notifications:preferences")
